import type { RouteDestination } from "../routing";
import type { DistributionSummary } from "../trace/trace";
import type { SimContext } from "./context";
import { summariseLeaves } from "./distribution-summary";
import { type Caller, type ResolvedEnvoyCluster, resolveEnvoyCluster } from "./sidecar-outbound";

/**
 * How an Envoy proxy (sidecar or waypoint) spreads the requests of one route over the final
 * workloads: each destination's weight share × the locality LB shares of its Envoy cluster ×
 * each east-west gateway's. `explanation` comes first (the routing decisions); each destination's
 * cluster explanation follows, read when the summary's explanation is.
 */
export function routeDistribution(
  ctx: SimContext,
  caller: Caller,
  destinations: readonly RouteDestination[],
  explanation: readonly string[],
): DistributionSummary {
  const clusters: {
    readonly line: string;
    readonly resolved: ResolvedEnvoyCluster;
    readonly share: number;
  }[] = [];
  for (const destination of destinations) {
    if (destination.share <= 0 || !destination.clusterExists) continue;
    const resolved = resolveEnvoyCluster(ctx, caller, destination);
    if (!resolved) continue;
    clusters.push({
      line: `${destination.cluster} (${(destination.share * 100).toFixed(1)}%)`,
      resolved,
      share: destination.share,
    });
  }
  return summariseLeaves(
    "envoy",
    (visit) => {
      for (const c of clusters) c.resolved.leaves(visit, c.share);
    },
    (add) => {
      for (const c of clusters) c.resolved.clusterShares(add, c.share);
    },
    () => [...explanation, ...clusters.flatMap((c) => [c.line, ...c.resolved.view.explanation])],
  );
}
