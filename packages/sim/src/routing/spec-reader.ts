import type { Diagnostic } from "@meshwright/core";
import { routingDiagnostic } from "./codes";

/**
 * Defensive reading of user-written config: every field is checked against the type its CRD
 * declares, and a wrong type becomes an `MW4001` diagnostic (with the object and JSON path) instead
 * of an exception. The readers return `undefined` for absent or malformed fields.
 */
export interface ReadContext {
  /** `Kind/namespace/name` of the object being read, for messages. */
  readonly object: string;
  readonly cluster?: string;
  readonly diagnostics: Diagnostic[];
}

function malformed(ctx: ReadContext, path: string, expected: string, value: unknown): undefined {
  ctx.diagnostics.push(
    routingDiagnostic("OBJECT_MALFORMED", {
      message: `${ctx.object}: ${path} should be ${expected}`,
      path,
      expected,
      found: typeof value === "object" ? JSON.stringify(value)?.slice(0, 80) : String(value),
      ...(ctx.cluster !== undefined ? { cluster: ctx.cluster } : {}),
    }),
  );
  return undefined;
}

/** A plain object field. */
export function readRecord(
  ctx: ReadContext,
  value: unknown,
  path: string,
): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  return malformed(ctx, path, "an object", value);
}

/** An array field (elements unchecked). */
export function readArray(ctx: ReadContext, value: unknown, path: string): readonly unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value;
  return malformed(ctx, path, "a list", value);
}

/** A string field. */
export function readString(ctx: ReadContext, value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  return malformed(ctx, path, "a string", value);
}

/** A number field (integers written as strings, as YAML sometimes yields, are accepted). */
export function readNumber(ctx: ReadContext, value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return malformed(ctx, path, "a number", value);
}

/** A boolean field. */
export function readBoolean(ctx: ReadContext, value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  return malformed(ctx, path, "true or false", value);
}

/** A list of strings; non-string elements are reported and skipped. */
export function readStringList(ctx: ReadContext, value: unknown, path: string): string[] | undefined {
  const list = readArray(ctx, value, path);
  if (list === undefined) return undefined;
  const out: string[] = [];
  list.forEach((item, index) => {
    const text = readString(ctx, item, `${path}[${index}]`);
    if (text !== undefined) out.push(text);
  });
  return out;
}

/** A `map<string, string>` (labels, headers to add); non-string values are reported and skipped. */
export function readStringMap(
  ctx: ReadContext,
  value: unknown,
  path: string,
): Readonly<Record<string, string>> | undefined {
  const record = readRecord(ctx, value, path);
  if (record === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(record)) {
    const text = typeof item === "number" || typeof item === "boolean" ? String(item) : item;
    const read = readString(ctx, text, `${path}.${key}`);
    if (read !== undefined) out[key] = read;
  }
  return out;
}

/** A list of objects; non-object elements are reported and skipped. Returns each with its index. */
export function readRecordList(
  ctx: ReadContext,
  value: unknown,
  path: string,
): { readonly record: Record<string, unknown>; readonly index: number }[] {
  const list = readArray(ctx, value, path) ?? [];
  const out: { record: Record<string, unknown>; index: number }[] = [];
  list.forEach((item, index) => {
    const record = readRecord(ctx, item, `${path}[${index}]`);
    if (record !== undefined) out.push({ record, index });
  });
  return out;
}
