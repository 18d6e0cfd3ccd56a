/**
 * Istio's `selector.matchLabels` test (`labels.Instance.SubsetOf`), shared by AuthorizationPolicy and
 * PeerAuthentication attachment.
 */

/** True when `selector` ⊆ `labels`; an absent (null) or empty selector selects every workload. */
export function selectorMatches(
  selector: Readonly<Record<string, string>> | null,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (selector === null) return true;
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}
