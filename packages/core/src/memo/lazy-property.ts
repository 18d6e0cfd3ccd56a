/**
 * Gives `target` an enumerable property `key` computed by `compute` on first read and kept from
 * then on. Traces are data (JSON, YAML, `toEqual` read every enumerable property, so they see the
 * value), but parts of them — a distribution over hundreds of workloads, per-endpoint explanations —
 * cost more than the rest of a request; a caller that never reads them never pays for them.
 */
export function lazyProperty<T extends object, K extends PropertyKey, V>(
  target: T,
  key: K,
  compute: () => V,
): T & { readonly [P in K]: V } {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      Object.defineProperty(target, key, { value, enumerable: true, writable: false, configurable: false });
      return value;
    },
  });
  return target as T & { readonly [P in K]: V };
}
