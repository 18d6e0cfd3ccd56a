/**
 * Safe readers for the untyped parts of the user's Kubernetes objects. Manifests come from YAML,
 * so any field may have any type; these helpers return `undefined` instead of throwing, and the
 * derivation reports what it cannot use.
 */

/** A plain JSON object (not an array, not null). */
export type JsonRecord = Readonly<Record<string, unknown>>;

/** The value as a plain object, or `undefined`. */
export function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonRecord)
    : undefined;
}

/** The value as an array, or an empty array. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value as a string, or `undefined`. */
export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The value as a finite number, or `undefined`. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The value as a boolean, or `undefined`. */
export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === "boolean" ? value : undefined;
}

/** Reads `obj.a.b.c` through plain objects; `undefined` as soon as a step is missing. */
export function field(value: unknown, ...steps: readonly string[]): unknown {
  let current: unknown = value;
  for (const step of steps) {
    const record = asRecord(current);
    if (record === undefined) return undefined;
    current = record[step];
  }
  return current;
}

/**
 * The string entries of a label / annotation map. Non-string values are dropped here; the label
 * check reports them (a YAML `version: 1` is a number, which Kubernetes rejects).
 */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
  const record = asRecord(value);
  if (record === undefined) return {};
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(record)) {
    if (typeof entry === "string") out[key] = entry;
  }
  return out;
}

/** `base` with every field of `overrides` that is not `undefined` laid over it (a shallow merge). */
export function overlayDefined<T extends object>(base: T, overrides: Partial<T> | undefined): T {
  if (overrides === undefined) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}
