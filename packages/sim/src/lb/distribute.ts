import type { Locality } from "@meshwright/core";
import type { LbEndpoint, LocalityLbGroup } from "./locality-groups";
import { localityMatches } from "./locality-match";
import type { DistributeRule, DistributeTarget } from "./setting-types";

/** Which groups one `distribute.to` pattern claimed. */
export interface DistributeClaim {
  readonly target: DistributeTarget;
  readonly localities: readonly string[];
}

/** The groups after `distribute`, and what happened, for explanations. */
export interface DistributeResult<E extends LbEndpoint = LbEndpoint> {
  readonly groups: LocalityLbGroup<E>[];
  /** The first rule whose `from` matched the proxy, if any (none → groups unchanged). */
  readonly rule: DistributeRule | undefined;
  readonly claims: readonly DistributeClaim[];
  /** Localities no pattern claimed: their endpoints are removed (0 traffic). */
  readonly removed: readonly string[];
}

/**
 * Applies `distribute` (`applyLocalityWeights`, istio-semantics §1.7): the first rule whose `from`
 * matches the proxy locality wins. Each `to` pattern, in claim order (most specific first — istiod's
 * Go map order is random), claims the still-unclaimed groups it matches and gives each
 * `ceil(group weight × pattern weight / Σ weights of the groups it claimed)` (a result of 0 leaves
 * the weight unchanged). Groups no pattern claims lose their endpoints. Priorities are not touched.
 */
export function applyLocalityWeights<E extends LbEndpoint>(
  groups: readonly LocalityLbGroup<E>[],
  proxyLocality: Locality,
  distribute: readonly DistributeRule[],
): DistributeResult<E> {
  const rule = distribute.find((candidate) => localityMatches(proxyLocality, candidate.from));
  if (rule === undefined) return { groups: [...groups], rule, claims: [], removed: [] };

  const claimed = new Array<boolean>(groups.length).fill(false);
  const weights = groups.map((group) => group.weight);
  const claims: DistributeClaim[] = [];
  for (const target of rule.to) {
    const members: number[] = [];
    let total = 0;
    groups.forEach((group, i) => {
      if (claimed[i] || !localityMatches(group.locality, target.locality)) return;
      claimed[i] = true;
      members.push(i);
      total += group.weight;
    });
    for (const i of members) {
      const share = (groups[i]!.weight * target.weight) / total;
      if (share > 0) weights[i] = Math.ceil(share);
    }
    claims.push({ target, localities: members.map((i) => groups[i]!.localityKey) });
  }

  const removed: string[] = [];
  const out = groups.map((group, i) => {
    if (!claimed[i]) {
      removed.push(group.localityKey);
      return { ...group, endpoints: [] };
    }
    return weights[i] === group.weight ? group : { ...group, weight: weights[i]! };
  });
  return { groups: out, rule, claims, removed };
}
