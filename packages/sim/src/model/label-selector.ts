import { matchesLabelMap } from "@meshwright/core";

/**
 * Istio's `selector.matchLabels` test (`labels.Instance.SubsetOf`, core's `matchesLabelMap`) as the
 * AuthorizationPolicy and PeerAuthentication readers hold selectors: `null` when the policy has
 * none, which selects every workload.
 */
export function selectorMatches(
  selector: Readonly<Record<string, string>> | null,
  labels: Readonly<Record<string, string>>,
): boolean {
  return selector === null || matchesLabelMap(selector, labels);
}
