/**
 * Renumbers priorities to 0..N-1 in ascending order, keeping their relative order, because Envoy
 * needs contiguous priorities (`applyLocalityFailover` step 2, also in `applyFailoverPriorities` and
 * `applyZoneAwareRegionalFailover`; istio-semantics §1.5). Returns the rank of each input value.
 */
export function compactPriorities(priorities: readonly number[]): number[] {
  const distinct = [...new Set(priorities)].sort((a, b) => a - b);
  if (distinct.length === 0) return [];
  if (distinct[distinct.length - 1] === distinct.length - 1) return [...priorities];
  const rank = new Map<number, number>();
  for (const [index, value] of distinct.entries()) rank.set(value, index);
  return priorities.map((value) => rank.get(value)!);
}
