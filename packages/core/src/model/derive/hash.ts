/**
 * Deterministic, dependency-free string hashing for generated names and address slots. Not a
 * security hash: it only has to spread values evenly and never change between runs or machines.
 */

/**
 * FNV-1a over the UTF-16 code units of `text`, 32-bit, with an optional seed mixed in first, then
 * murmur3's fmix32 so that neighbouring inputs land far apart.
 */
export function fnv1a32(text: string, seed = 0): number {
  return finishHash(continueHash(startHash(seed), text));
}

/**
 * The FNV-1a state of `fnv1a32` before any character. FNV-1a reads one character at a time, so
 * `continueHash` over the parts of a text gives the state of the joined text: a caller can hash a
 * common start once and several texts from it, without building the strings.
 */
export function startHash(seed = 0): number {
  return (0x811c9dc5 ^ seed) >>> 0;
}

/** The FNV-1a state after `text`, continuing from `state`. */
export function continueHash(state: number, text: string): number {
  let hash = state;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** murmur3's fmix32 over an FNV-1a state: the hash `fnv1a32` returns. */
export function finishHash(state: number): number {
  let hash = state;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

const HIGH_SEED = 0x9e3779b9;
const LOW_SEED = 0x7f4a7c15;

/** A 53-bit hash of `text` as an exact JS number: two independently seeded halves, 32 + 21 bits. */
export function hash53(text: string): number {
  return fnv1a32(text, HIGH_SEED) * 2 ** 21 + (fnv1a32(text, LOW_SEED) >>> 11);
}

/** `length` lowercase hex digits derived from `text` (at most 16). */
export function hexDigest(text: string, length: number): string {
  const high = fnv1a32(text, HIGH_SEED).toString(16).padStart(8, "0");
  const low = fnv1a32(text, LOW_SEED).toString(16).padStart(8, "0");
  return `${high}${low}`.slice(0, length);
}

/**
 * Kubernetes' random-suffix alphabet (`k8s.io/apimachinery/pkg/util/rand`: no vowels, no
 * look-alike digits), so generated pod names look like the ones users see in `kubectl get pods`.
 */
const SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** A 5-character pod-name suffix derived from `text` (27^5 < 2^32, so one 32-bit hash covers it). */
export function nameSuffix(text: string): string {
  let value = fnv1a32(text, HIGH_SEED);
  let out = "";
  for (let i = 0; i < 5; i++) {
    out += SUFFIX_ALPHABET[value % SUFFIX_ALPHABET.length];
    value = Math.floor(value / SUFFIX_ALPHABET.length);
  }
  return out;
}
