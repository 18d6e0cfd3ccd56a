/**
 * A memo of at most `limit` entries, the oldest built going first. A compiled mesh is immutable,
 * so an entry never goes stale; the bound only caps memory over a long query session.
 */
export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  /** The value for `key`, built with `build` on a miss. */
  get(key: string, build: () => V): V {
    const cached = this.entries.get(key);
    if (cached !== undefined) return cached;
    const value = build();
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
    return value;
  }

  /** How many entries it holds. */
  get size(): number {
    return this.entries.size;
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.clear();
  }

  /** A memo of the same bound holding the entries whose key passes `keep`, oldest first as here. */
  filtered(keep: (key: string) => boolean): BoundedMemo<V> {
    const out = new BoundedMemo<V>(this.limit);
    for (const [key, value] of this.entries) if (keep(key)) out.entries.set(key, value);
    return out;
  }
}
