/**
 * Deterministic stand-ins for Envoy's random choices (weighted clusters, fault percentages): a
 * fraction in [0, 1) derived from a seed and a key naming the decision, so the same request with
 * the same seed always takes the same branch while different requests spread like random ones.
 */

/** A well-mixed 32-bit hash of `seed` and `key` (FNV-1a over the key, then murmur3's fmix32). */
export function seededHash(seed: number, key: string): number {
  return finishHash(continueHash(startHash(seed), key));
}

/**
 * The FNV-1a state of `seededHash` before any key character. FNV-1a reads the key one character
 * at a time, so `continueHash` over the parts of a key gives the state of the joined key: a caller
 * can hash a common start once and several keys from it, without building the strings.
 */
export function startHash(seed: number): number {
  return (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
}

/** The FNV-1a state after `text`, continuing from `state`. */
export function continueHash(state: number, text: string): number {
  let hash = state;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** murmur3's fmix32 over an FNV-1a state: the hash `seededHash` returns. */
export function finishHash(state: number): number {
  let hash = state;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A fraction in [0, 1) for the decision `key` under `seed`. */
export function seededFraction(seed: number, key: string): number {
  return seededHash(seed, key) / 4294967296;
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
