import type { Locality } from "@meshwright/core";
import { compactPriorities } from "./compaction";
import type { LbEndpoint, LocalityLbGroup } from "./locality-groups";
import type { FailoverRule } from "./setting-types";

/** Zone-aware region buckets range 0..2, so earlier (label) priorities are multiplied by 3. */
export const REGION_BUCKET_SPAN = 3;

/**
 * The region bucket of a group (`applyZoneAwareRegionalFailover`, istio-semantics §1.9): 0 = the
 * proxy's region, 1 = the `to` region of the first `failover` rule whose `from` is the proxy's region,
 * 2 = any other region. Zones do not matter: Envoy's zone-aware routing balances them inside
 * priority 0.
 */
export function regionBucket(proxy: Locality, group: Locality, failover: readonly FailoverRule[]): number {
  if (group.region === proxy.region) return 0;
  const rule = failover.find((candidate) => candidate.from === proxy.region);
  return rule !== undefined && group.region === rule.to ? 1 : 2;
}

/**
 * Applies zone-aware region bucketing: priority = `previous × 3 + bucket`, compacted to 0..N-1.
 * Always applied (even without failover rules) so cross-region endpoints never share priority 0.
 */
export function applyZoneAwareRegionalFailover<E extends LbEndpoint>(
  groups: readonly LocalityLbGroup<E>[],
  proxyLocality: Locality,
  failover: readonly FailoverRule[],
): LocalityLbGroup<E>[] {
  const raw = groups.map(
    (group) => group.priority * REGION_BUCKET_SPAN + regionBucket(proxyLocality, group.locality, failover),
  );
  const compacted = compactPriorities(raw);
  return groups.map((group, i) => ({ ...group, priority: compacted[i]! }));
}
