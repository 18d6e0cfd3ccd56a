/**
 * Turns ajv's errors into meshwright findings: one finding per problem (not one per failed schema
 * branch), with the path, what was expected, what was found, and a fix that names the likely
 * mistake (a misspelt or mis-indented field).
 */
import type { ErrorObject } from "ajv";
import { type JsonPath, pointerToPath } from "../json-path";
import type { Finding } from "../source";

type Schema = Record<string, unknown>;

/** Keywords that combine sub-schemas: their sub-errors are folded into one finding. */
const COMBINATORS = ["anyOf", "oneOf", "not"] as const;

/** Findings for the errors of validating `data` (the object or document validated). */
export function schemaFindings(errors: readonly ErrorObject[] | null | undefined, data: unknown): Finding[] {
  if (!errors || errors.length === 0) return [];
  const combinatorPaths = errors
    .filter((e) => (COMBINATORS as readonly string[]).includes(e.keyword))
    .map((e) => `${e.schemaPath}/`);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // Errors inside a failed anyOf/oneOf/not branch are explained by the combinator's own finding.
    if (combinatorPaths.some((prefix) => error.schemaPath.startsWith(prefix))) continue;
    const finding = findingFor(error, pointerToPath(error.instancePath, data));
    const key = `${finding.code}|${JSON.stringify(finding.path)}|${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings;
}

function findingFor(error: ErrorObject, path: JsonPath): Finding {
  const params = error.params as Record<string, unknown>;
  const parentSchema = (error.parentSchema ?? {}) as Schema;
  switch (error.keyword) {
    case "additionalProperties":
      return unknownField(path, String(params.additionalProperty), parentSchema);
    case "required": {
      const field = String(params.missingProperty);
      return {
        code: "MW1103",
        path: [...path, field],
        message: `missing required field "${field}"`,
        expected: field,
      };
    }
    case "type":
      return {
        code: "MW1101",
        path,
        message: `expected ${describeTypes(params.type)}, found ${describeValue(error.data)}`,
        expected: describeTypes(params.type),
        found: describeValue(error.data),
      };
    case "enum":
      return {
        code: "MW1102",
        path,
        message: `value ${JSON.stringify(error.data)} is not one of ${listValues(params.allowedValues)}`,
        expected: listValues(params.allowedValues),
        found: JSON.stringify(error.data),
      };
    case "const":
      return {
        code: "MW1102",
        path,
        message: `value ${JSON.stringify(error.data)} must be ${JSON.stringify(params.allowedValue)}`,
        expected: JSON.stringify(params.allowedValue),
        found: JSON.stringify(error.data),
      };
    case "anyOf":
    case "oneOf":
    case "not":
      return alternatives(error, path);
    case "x-kubernetes-list-type":
    case "x-kubernetes-list-map-keys": {
      const duplicate = Number(params.duplicate);
      const keys = Array.isArray(parentSchema["x-kubernetes-list-map-keys"])
        ? ` (same ${(parentSchema["x-kubernetes-list-map-keys"] as string[]).join(" + ")})`
        : "";
      return { code: "MW1106", path: [...path, duplicate], message: `duplicate entry in the list${keys}` };
    }
    default:
      return {
        code: "MW1104",
        path,
        message: `value ${describeValue(error.data)} ${error.message ?? "is invalid"}`,
        expected: error.message,
        found: describeValue(error.data),
      };
  }
}

/** "unknown field", with a hint: a known field of a child object (mis-indented) or a near spelling. */
function unknownField(path: JsonPath, field: string, parentSchema: Schema): Finding {
  const properties = isSchema(parentSchema.properties) ? parentSchema.properties : {};
  const known = Object.keys(properties);
  const indentHome = known.find((name) => {
    const child = properties[name];
    return isSchema(child) && isSchema(child.properties) && field in child.properties;
  });
  const nearest = closest(field, known);
  const fix = indentHome
    ? `"${field}" is a field of "${indentHome}": indent it under ${indentHome}.`
    : nearest
      ? `Did you mean "${nearest}"?`
      : `Remove "${field}"; allowed here: ${known.slice(0, 12).join(", ")}${known.length > 12 ? ", ..." : ""}.`;
  return {
    code: "MW1100",
    path: [...path, field],
    atKey: true,
    message: `unknown field "${field}"`,
    expected:
      known.length > 0
        ? `one of ${known.slice(0, 12).join(", ")}${known.length > 12 ? ", ..." : ""}`
        : "no fields",
    found: field,
    fix,
  };
}

/**
 * A failed anyOf/oneOf/not: mutually exclusive fields (Istio's `oneOf: [{not: {anyOf: [{required}]}},
 * {required: [a]}, ...]` pattern), or a choice of types / values ("integer or string").
 */
function alternatives(error: ErrorObject, path: JsonPath): Finding {
  const branches = Array.isArray(error.schema) ? (error.schema as unknown[]).filter(isSchema) : [];
  const typed = branches.some((b) => b.type !== undefined || b.const !== undefined || b.enum !== undefined);
  const exclusive = [...new Set(branches.flatMap(requiredFields))];
  if (!typed && exclusive.length > 1) {
    const present = exclusive.filter(
      (field) => error.data !== null && typeof error.data === "object" && field in (error.data as object),
    );
    return {
      code: "MW1105",
      path,
      message:
        present.length > 1
          ? `fields ${present.join(", ")} are mutually exclusive`
          : `exactly one of ${exclusive.join(", ")} must be set`,
      expected: `one of ${exclusive.join(", ")}`,
      found: present.length > 0 ? present.join(", ") : "none",
      fix: `Keep exactly one of ${exclusive.join(", ")}.`,
    };
  }
  const expected =
    branches.length > 0 ? branches.map(describeBranch).join(" or ") : "one of the alternatives";
  const valueChoice = branches.some((b) => b.const !== undefined || b.enum !== undefined);
  return {
    code: valueChoice ? "MW1102" : "MW1101",
    path,
    message: `expected ${expected}, found ${describeValue(error.data)}`,
    expected,
    found: describeValue(error.data),
  };
}

/** One alternative in words: `"primary"`, `string`, `a map with remoteOf`. */
function describeBranch(branch: Schema): string {
  if (branch.const !== undefined) return JSON.stringify(branch.const);
  if (Array.isArray(branch.enum)) return branch.enum.map((v) => JSON.stringify(v)).join(" or ");
  if (branch.type === "object" && Array.isArray(branch.required) && branch.required.length > 0) {
    return `a map with ${(branch.required as string[]).join(", ")}`;
  }
  return typeof branch.type === "string" ? branch.type : "a matching value";
}

/** Fields named by `required` in a branch (or in its nested anyOf / not). */
function requiredFields(schema: Schema): string[] {
  const own = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const nested = [schema.anyOf, schema.oneOf]
    .filter(Array.isArray)
    .flatMap((list) => (list as unknown[]).filter(isSchema).flatMap(requiredFields));
  const negated = isSchema(schema.not) ? requiredFields(schema.not) : [];
  return [...own, ...nested, ...negated];
}

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function describeTypes(type: unknown): string {
  const list = Array.isArray(type) ? type.map(String) : [String(type)];
  return list.join(" or ");
}

/** What a value is, for "found": its type and, for short scalars, the value itself. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "string")
    return value.length <= 40 ? `string ${JSON.stringify(value)}` : "a long string";
  if (typeof value === "number") return Number.isInteger(value) ? `integer ${value}` : `number ${value}`;
  return `${typeof value} ${String(value)}`;
}

function listValues(values: unknown): string {
  return Array.isArray(values) ? values.map((v) => JSON.stringify(v)).join(", ") : String(values);
}

/** The candidate within edit distance 2 of `word` (case-insensitive), if exactly one is closest. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
