import { localityString } from "@meshwright/core";
import type { EndpointShare } from "./endpoint-share";
import { endpointWeight, type LbEndpoint } from "./locality-groups";
import type { ZtunnelCandidates } from "./ztunnel-candidates";

/**
 * The share of connections each endpoint receives from ztunnel: a weighted random pick by WDS
 * `capacity` (the endpoint weight; split-horizon workloads carry the remote pod count) among the kept
 * endpoints. Every eligible endpoint is listed; `priority` is its rank distance from the best tier
 * (0 = kept). Empty when nothing is kept. ztunnel has no outlier detection and no gradual spill-over:
 * the best tier takes everything while it has one healthy endpoint.
 */
export function ztunnelShares<E extends LbEndpoint>(candidates: ZtunnelCandidates<E>): EndpointShare<E>[] {
  if (candidates.kept.length === 0) return [];
  const best = candidates.kept[0]!.rank;
  let total = 0;
  for (const candidate of candidates.kept) total += endpointWeight(candidate.endpoint);
  return candidates.eligible.map((candidate) => ({
    endpoint: candidate.endpoint,
    localityKey: localityString(candidate.endpoint.locality),
    priority: best - candidate.rank,
    healthy: candidate.endpoint.health === "healthy",
    share: candidate.rank === best ? endpointWeight(candidate.endpoint) / total : 0,
  }));
}
