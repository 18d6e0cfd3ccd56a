import type { Locality } from "@meshwright/core";
import { compactPriorities } from "./compaction";
import type { LbEndpoint, LocalityLbGroup } from "./locality-groups";
import { localityTier } from "./locality-match";
import type { FailoverRule } from "./setting-types";

/** Locality tiers range 0..4, so earlier (label) priorities are multiplied by 5 to compose with them. */
export const LOCALITY_TIER_SPAN = 5;

/**
 * The failover tier of a group for a proxy (`applyLocalityFailover`, istio-semantics §1.5): the raw
 * `util.LbPriority` tier 0..3; a region mismatch becomes 4 when the first `failover` rule whose
 * `from` is the proxy's region names another region as `to`. Without such a rule it stays 3.
 */
export function failoverTier(proxy: Locality, group: Locality, failover: readonly FailoverRule[]): number {
  const tier = localityTier(proxy, group);
  if (tier !== 3) return tier;
  const rule = failover.find((candidate) => candidate.from === proxy.region);
  return rule !== undefined && group.region !== rule.to ? 4 : 3;
}

/**
 * Applies default locality tiers and `failover` rules (`applyLocalityFailover`): each group's priority
 * becomes `previous × 5 + tier`, then priorities are compacted to 0..N-1. Composing with a previous
 * priority is what `failoverPriority` + `failover` does (§1.6 item 5).
 */
export function applyLocalityFailover<E extends LbEndpoint>(
  groups: readonly LocalityLbGroup<E>[],
  proxyLocality: Locality,
  failover: readonly FailoverRule[],
): LocalityLbGroup<E>[] {
  const raw = groups.map(
    (group) => group.priority * LOCALITY_TIER_SPAN + failoverTier(proxyLocality, group.locality, failover),
  );
  const compacted = compactPriorities(raw);
  return groups.map((group, i) => ({ ...group, priority: compacted[i]! }));
}
