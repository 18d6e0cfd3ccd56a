/**
 * Deterministic stand-ins for Envoy's random choices (weighted clusters, fault percentages): a
 * fraction in [0, 1) derived from a seed and a key naming the decision, so the same request with
 * the same seed always takes the same branch while different requests spread like random ones.
 */

import { continueHash, finishHash, startHash } from "@meshwright/core";

/** A fraction in [0, 1) for the decision `key` under `seed`. */
export function seededFraction(seed: number, key: string): number {
  return fractionOf(continueHash(startHash(seed), key));
}

/** The fraction in [0, 1) of an FNV-1a state: its finished hash over 2³². */
export function fractionOf(state: number): number {
  return finishHash(state) / 4294967296;
}

/**
 * The entry a fraction falls on when entries split [0, 1) in proportion to their weights, in order
 * (Envoy's weighted_clusters walk). Entries with weight 0 are never picked; undefined when the
 * total weight is 0.
 */
export function pickByWeight<T extends { readonly weight: number }>(
  entries: readonly T[],
  fraction: number,
): T | undefined {
  const index = pickIndexByWeight(entries.length, (i) => entries[i]!.weight, fraction);
  return index < 0 ? undefined : entries[index];
}

/**
 * `pickByWeight` over `count` entries whose weights `weightOf` gives: the index picked, -1 when the
 * total weight is 0. Allocates nothing (it runs for every simulated request).
 */
export function pickIndexByWeight(
  count: number,
  weightOf: (index: number) => number,
  fraction: number,
): number {
  let total = 0;
  for (let i = 0; i < count; i++) total += Math.max(0, weightOf(i));
  if (total <= 0) return -1;
  let point = fraction * total;
  let lastPositive = -1;
  for (let i = 0; i < count; i++) {
    const weight = Math.max(0, weightOf(i));
    if (point < weight) return i;
    point -= weight;
    if (weight > 0) lastPositive = i;
  }
  // Rounding left the point past the end: the last entry that can be picked.
  return lastPositive;
}
