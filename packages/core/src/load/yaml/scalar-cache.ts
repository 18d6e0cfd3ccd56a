/**
 * A small cache of resolved scalars keyed by their source text: manifests repeat the same keys
 * (`name`, `containerPort`) and many values (`TCP`, `v1`, `IfNotPresent`) thousands of times, and
 * slicing, resolving and interning each occurrence is the fast parser's main cost. The caller
 * hashes the characters while it scans them anyway; a hit is verified against the source.
 */

/** Longest text worth caching. */
const MAX_CACHED_LENGTH = 40;
/** Entries kept before the cache starts over (bounds memory on hostile input). */
const MAX_ENTRIES = 8192;

/** Text → resolved value cache for the fast parser. */
export class ScalarCache<T> {
  private readonly entries = new Map<number, { readonly text: string; readonly value: T }>();

  /**
   * The resolved value of `source[start, end)` whose rolling hash (`h = h * 31 + c`) is `hash`;
   * resolves and remembers it on a miss.
   */
  lookup(source: string, start: number, end: number, hash: number, resolve: (text: string) => T): T {
    const length = end - start;
    if (length > MAX_CACHED_LENGTH) return resolve(source.slice(start, end));
    const key = (hash ^ (length << 24)) | 0;
    const hit = this.entries.get(key);
    if (hit && hit.text.length === length && source.startsWith(hit.text, start)) return hit.value;
    // A flat copy: a slice would keep the whole (possibly huge) source text alive in the cache.
    const text = ` ${source.slice(start, end)}`.slice(1);
    const value = resolve(text);
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { text, value });
    return value;
  }
}
