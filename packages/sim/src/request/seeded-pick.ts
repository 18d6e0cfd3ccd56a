/**
 * Deterministic choices (DESIGN.md principle 6): every random-looking decision of the simulator
 * (which endpoint, which weighted route) is a function of the caller's seed and a key naming the
 * decision, so the same seed always gives the same answer and different decisions stay independent.
 */

/** 32-bit FNV-1a hash of a string. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A uniform number in [0, 1) for (seed, key). */
export function seededUniform(seed: number, key: string): number {
  // One round of a splitmix-style finaliser spreads the hash over all 32 bits.
  let x = (fnv1a(key) ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  x = (x ^ (x >>> 16)) >>> 0;
  return x / 0x1_0000_0000;
}

/**
 * Picks an index with probability proportional to `weights[i]` (weights ≥ 0), deterministically for
 * (seed, key). Returns -1 when every weight is 0.
 */
export function seededPick(weights: readonly number[], seed: number, key: string): number {
  let total = 0;
  for (const w of weights) total += w;
  if (!(total > 0)) return -1;
  let point = seededUniform(seed, key) * total;
  for (let i = 0; i < weights.length; i++) {
    point -= weights[i]!;
    if (point < 0) return i;
  }
  // Floating-point residue: the last positive weight.
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
  return -1;
}
