/**
 * Deterministic choices (DESIGN.md principle 6): every random-looking decision of the simulator
 * (which endpoint, which gateway member) is a function of the caller's seed and a key naming the
 * decision, through the same hash the router uses for weighted routes (`routing/seeded-pick.ts`).
 */
import { pickIndexByWeight, seededFraction } from "../routing/seeded-pick";

/** A uniform number in [0, 1) for (seed, key). */
export const seededUniform: (seed: number, key: string) => number = seededFraction;

/**
 * Picks an index with probability proportional to `weights[i]` (weights ≥ 0), deterministically for
 * (seed, key). Returns -1 when every weight is 0.
 */
export function seededPick(weights: readonly number[], seed: number, key: string): number {
  return pickIndexByWeight(weights.length, (i) => weights[i]!, seededFraction(seed, key));
}

/** `seededPick` over the `share` of each entry (the balancers' shares), without copying them. */
export function seededShare(
  entries: readonly { readonly share: number }[],
  seed: number,
  key: string,
): number {
  return pickIndexByWeight(entries.length, (i) => entries[i]!.share, seededFraction(seed, key));
}
