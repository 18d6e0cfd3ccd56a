import type { IstioVersion } from "@meshwright/core";
import type { LbEndpoint } from "./locality-groups";
import type { WdsLoadBalancing } from "./ztunnel-load-balancing";
import { type ZtunnelClient, ztunnelRank } from "./ztunnel-rank";

/** ztunnel's load-balancing mode for a service (`LoadBalancerMode`). */
export type ZtunnelMode = "standard" | "strict" | "failover" | "passthrough";

/** An eligible endpoint and its rank (0 in standard mode). */
export interface ZtunnelCandidate<E extends LbEndpoint = LbEndpoint> {
  readonly endpoint: E;
  readonly rank: number;
}

/** An endpoint ztunnel will never pick, and why. */
export interface ZtunnelExclusion<E extends LbEndpoint = LbEndpoint> {
  readonly endpoint: E;
  readonly reason: string;
}

/** What `ztunnelCandidates` reads. */
export interface ZtunnelCandidatesInput<E extends LbEndpoint = LbEndpoint> {
  readonly client: ZtunnelClient;
  /** The service's WDS endpoints for the port (workloads known, with the port); weight = WDS capacity. */
  readonly endpoints: readonly E[];
  readonly loadBalancing: WdsLoadBalancing | null;
  readonly istioVersion: IstioVersion;
  /** Networks whose workloads carry a `network_gateway` in WDS (an ambient east-west gateway exists). */
  readonly networksWithGateway?: ReadonlySet<string> | undefined;
}

/** The endpoints ztunnel chooses among for one connection, and the ones it dropped. */
export interface ZtunnelCandidates<E extends LbEndpoint = LbEndpoint> {
  /**
   * `ok`; `no-healthy-upstream` when nothing is eligible or STRICT keeps nothing (ztunnel: "no
   * healthy upstream", the connection fails); `no-endpoints` when WDS lists none; `passthrough`
   * when ztunnel forwards to the dialled address instead.
   */
  readonly outcome: "ok" | "no-healthy-upstream" | "no-endpoints" | "passthrough";
  readonly mode: ZtunnelMode;
  /** Healthy, addressable endpoints with their rank. */
  readonly eligible: readonly ZtunnelCandidate<E>[];
  /** The best-ranked eligible endpoints (all of them in standard mode). */
  readonly kept: readonly ZtunnelCandidate<E>[];
  readonly excluded: readonly ZtunnelExclusion<E>[];
}

function modeOf(loadBalancing: WdsLoadBalancing | null): ZtunnelMode {
  switch (loadBalancing?.mode) {
    case "STRICT":
      return "strict";
    case "FAILOVER":
      return "failover";
    case "PASSTHROUGH":
      return "passthrough";
    default:
      return "standard";
  }
}

function exclusionReason(
  endpoint: LbEndpoint,
  input: ZtunnelCandidatesInput<LbEndpoint>,
  allowUnhealthy: boolean,
): string | null {
  // Unhealthy endpoints never enter ztunnel's endpoint set unless the health policy is ALLOW_ALL
  // (`Service::should_include_endpoint`).
  if (endpoint.health !== "healthy" && !allowUnhealthy)
    return `${endpoint.health}: left out of the service's endpoints`;
  if (endpoint.address === "") {
    // WDS is client-agnostic: an address-less (split-horizon) workload is only reachable through its
    // network's gateway, and never from its own network.
    if (endpoint.network === input.client.network) return "no address and on the client's network";
    if (!input.networksWithGateway?.has(endpoint.network))
      return `no address and network ${endpoint.network} has no gateway`;
  }
  return null;
}

/**
 * The endpoints ztunnel load-balances over for one connection (`ProxyState::load_balance`,
 * istio-semantics §1.10): healthy (or any, with ALLOW_ALL) and addressable workloads; in STRICT /
 * FAILOVER mode ranked by routing preference — STRICT keeps only endpoints matching every scope
 * (none → NoHealthyUpstream), FAILOVER keeps only the best rank; standard keeps all.
 */
export function ztunnelCandidates<E extends LbEndpoint>(
  input: ZtunnelCandidatesInput<E>,
): ZtunnelCandidates<E> {
  const mode = modeOf(input.loadBalancing);
  if (input.endpoints.length === 0)
    return { outcome: "no-endpoints", mode, eligible: [], kept: [], excluded: [] };
  if (mode === "passthrough") return { outcome: "passthrough", mode, eligible: [], kept: [], excluded: [] };

  const allowUnhealthy = input.loadBalancing?.healthPolicy === "ALLOW_ALL";
  const scopes = input.loadBalancing?.routingPreference ?? [];
  const eligible: ZtunnelCandidate<E>[] = [];
  const excluded: ZtunnelExclusion<E>[] = [];
  let best = -1;
  for (const endpoint of input.endpoints) {
    const reason = exclusionReason(endpoint, input, allowUnhealthy);
    if (reason !== null) {
      excluded.push({ endpoint, reason });
      continue;
    }
    if (mode === "standard") {
      eligible.push({ endpoint, rank: 0 });
      best = 0;
      continue;
    }
    const { rank, matched } = ztunnelRank(input.client, endpoint, scopes, input.istioVersion);
    if (mode === "strict" && matched !== scopes.length) {
      excluded.push({
        endpoint,
        reason: `STRICT: matches ${matched} of ${scopes.length} scopes [${scopes.join(", ")}]`,
      });
      continue;
    }
    eligible.push({ endpoint, rank });
    if (rank > best) best = rank;
  }
  const kept = eligible.filter((candidate) => candidate.rank === best);
  return { outcome: kept.length > 0 ? "ok" : "no-healthy-upstream", mode, eligible, kept, excluded };
}
