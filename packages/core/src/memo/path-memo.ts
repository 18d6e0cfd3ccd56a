/**
 * A memo keyed by a path of keys, one map per level. Why not one string key: a key built per query
 * (`${a}|${b}|${c}`) allocates a new string whose hash is computed on every lookup, which costs
 * more than the nested lookups on keys whose hashes are already known (interned strings, numbers,
 * objects). Object keys are held weakly, so a memo kept at module level does not keep a compile's
 * objects alive; the path must start with one.
 */
export class PathMemo<K extends readonly [object, ...unknown[]], V> {
  private top: Level = {};

  /** Forgets every value. */
  clear(): void {
    this.top = {};
  }

  /**
   * The value kept for `keys`, created with `create()` on first use. `create` must not return
   * `undefined` (it would be called again on every use); store `null` for "nothing".
   */
  get(keys: K, create: () => V): V {
    let level = this.top;
    const last = keys.length - 1;
    for (let i = 0; i < last; i++) {
      const key = keys[i];
      let next = lookup(level, key) as Level | undefined;
      if (next === undefined) {
        next = {};
        store(level, key, next);
      }
      level = next;
    }
    const key = keys[last];
    let value = lookup(level, key) as V | undefined;
    if (value === undefined) {
      value = create();
      store(level, key, value);
    }
    return value;
  }
}

interface Level {
  objects?: WeakMap<object, unknown>;
  values?: Map<unknown, unknown>;
}

function isObject(key: unknown): key is object {
  return (typeof key === "object" && key !== null) || typeof key === "function";
}

function lookup(level: Level, key: unknown): unknown {
  return isObject(key) ? level.objects?.get(key) : level.values?.get(key);
}

function store(level: Level, key: unknown, value: unknown): void {
  if (isObject(key)) (level.objects ??= new WeakMap()).set(key, value);
  else (level.values ??= new Map()).set(key, value);
}
