/**
 * Gives `target` an enumerable property `key` computed by `compute` on first read and kept from
 * then on. Traces are data (JSON, YAML, `toEqual` read every enumerable property, so they see the
 * value), but parts of them — a distribution over hundreds of workloads, per-endpoint explanations —
 * cost more than the rest of a request; a caller that never reads them never pays for them.
 *
 * The property is an accessor whose getter is one function per key name, shared by every object,
 * and the thunk and its value live on the object itself (under a non-enumerable symbol). A getter
 * made per object would give each object its own hidden class: V8 keeps hidden classes in the
 * old generation, so everything the getter's closure holds (a distribution's rows, a hop's
 * decisions) would survive every young-generation collection until a full one, and building the
 * class costs more than the object. With shared getters, objects made alike share one class and
 * die young with what they hold.
 */
export function lazyProperty<T extends object, K extends PropertyKey, V>(
  target: T,
  key: K,
  compute: () => V,
): T & { readonly [P in K]: V } {
  const holder = target as T & { [SLOTS]?: Record<PropertyKey, LazySlot> };
  let slots = holder[SLOTS];
  if (!slots) {
    slots = {};
    Object.defineProperty(target, SLOTS, { value: slots });
  }
  slots[key] = { compute, value: undefined };
  Object.defineProperty(target, key, { enumerable: true, configurable: true, get: getterOf(key) });
  return target as T & { readonly [P in K]: V };
}

/** A lazy property's thunk until it is read, then its value. */
interface LazySlot {
  compute: (() => unknown) | undefined;
  value: unknown;
}

const SLOTS = Symbol("meshwright.lazyProperty");

/** The getter of every lazy property named `key`. */
function getterOf(key: PropertyKey): () => unknown {
  let getter = GETTERS.get(key);
  if (!getter) {
    getter = function (this: { [SLOTS]: Record<PropertyKey, LazySlot> }) {
      const slot = this[SLOTS][key]!;
      if (slot.compute) {
        slot.value = slot.compute();
        slot.compute = undefined;
      }
      return slot.value;
    };
    GETTERS.set(key, getter);
  }
  return getter;
}

const GETTERS = new Map<PropertyKey, () => unknown>();
