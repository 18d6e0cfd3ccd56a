/**
 * Memoisation: meshwright compiles once and answers many queries, so values derived from immutable
 * model objects (a Service, a locality, a proxy) are computed once and kept beside the object.
 */

/** The part of `Map` and `WeakMap` that `getOrCreate` uses. */
export interface MemoMap<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/**
 * The value `map` holds for `key`, created with `create(key)` and stored on first use. `create`
 * must not return `undefined` (it would be called again on every use).
 */
export function getOrCreate<K, V>(map: MemoMap<K, V>, key: K, create: (key: K) => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create(key);
    map.set(key, value);
  }
  return value;
}

/**
 * `compute` as a function computed once per argument object, the result held weakly (it goes with
 * the object). For pure functions of immutable objects only.
 */
export function memoizeWeak<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => getOrCreate(cache, key, compute);
}

/**
 * Whether two lists hold the very same items in the same order: how a memo keyed by inputs tells
 * that an immutable model handed it the same things again.
 */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
