/**
 * Deterministic choices (DESIGN.md principle 6): every random-looking decision of the simulator
 * (which endpoint, which gateway member) is a function of the caller's seed and a key naming the
 * decision, through the same hash the router uses for weighted routes (`routing/seeded-pick.ts`).
 */
import { pickIndexByWeight, seededFraction } from "../routing/seeded-pick";

/**
 * Picks an index with probability proportional to each entry's `share` (shares ≥ 0; the
 * balancers' shares, read in place), deterministically for (seed, key). -1 when every share is 0.
 */
export function seededShare(
  entries: readonly { readonly share: number }[],
  seed: number,
  key: string,
): number {
  return pickIndexByWeight(entries.length, (i) => entries[i]!.share, seededFraction(seed, key));
}

/** `seededShare` over `count` equally weighted entries (-1 when there are none). */
export function seededUniformIndex(count: number, seed: number, key: string): number {
  return pickIndexByWeight(count, () => 1, seededFraction(seed, key));
}
