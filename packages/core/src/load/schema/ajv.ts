/**
 * The one JSON Schema validator meshwright uses (ajv, draft-07 with OpenAPI's `nullable`), set up
 * for Kubernetes structural schemas:
 * - `x-kubernetes-list-type: set` and `x-kubernetes-list-map-keys` are enforced (duplicates are
 *   errors, as the API server reports them);
 * - `x-kubernetes-int-or-string`, `-preserve-unknown-fields`, `-map-type`, `-embedded-resource` are
 *   annotations here (their effect is in the schema itself or in `strictStructuralSchema`);
 * - `x-kubernetes-validations` holds CEL rules, which cannot be evaluated without a CEL engine:
 *   they are skipped silently (documented in docs/validation.md);
 * - formats come from ajv-formats; formats it does not know are ignored.
 */
import Ajv, { type SchemaValidateFunction } from "ajv";
import addFormats from "ajv-formats";

const ANNOTATION_KEYWORDS = [
  "x-kubernetes-int-or-string",
  "x-kubernetes-preserve-unknown-fields",
  "x-kubernetes-map-type",
  "x-kubernetes-embedded-resource",
  "x-kubernetes-validations",
] as const;

/** A JSON value's identity for duplicate detection (key order normalised). */
function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "undefined";
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}

/** Index of the first item that repeats an earlier one under `identity`, or -1. */
function firstDuplicate(items: readonly unknown[], identity: (item: unknown) => string): number {
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const id = identity(items[i]);
    if (seen.has(id)) return i;
    seen.add(id);
  }
  return -1;
}

/**
 * Adds a keyword that rejects arrays with two items of equal identity; `identityFor` turns the
 * keyword's schema value into the identity function (or `undefined` when nothing is enforced).
 */
function addDuplicateKeyword<T>(
  ajv: Ajv,
  keyword: string,
  identityFor: (schemaValue: T) => ((item: unknown) => string) | undefined,
): void {
  const validate: SchemaValidateFunction = (schemaValue: T, data: unknown[]) => {
    const identity = identityFor(schemaValue);
    const duplicate = identity ? firstDuplicate(data, identity) : -1;
    validate.errors =
      duplicate < 0 ? [] : [{ keyword, message: "duplicate list entry", params: { duplicate } }];
    return duplicate < 0;
  };
  ajv.addKeyword({ keyword, type: "array", errors: true, validate });
}

function createAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    logger: false,
    verbose: true,
    useDefaults: false,
    coerceTypes: false,
    validateSchema: false,
  });
  addFormats(ajv);
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword });
  // A `set` list holds unique items; a `map` list holds unique values of its map keys (k8s
  // apiextensions structural schema rules; the API server answers "Duplicate value").
  addDuplicateKeyword(ajv, "x-kubernetes-list-type", (kind: string) =>
    kind === "set" ? canonical : undefined,
  );
  addDuplicateKeyword(
    ajv,
    "x-kubernetes-list-map-keys",
    (keys: string[]) => (item: unknown) =>
      canonical(
        keys.map((key) => (item !== null && typeof item === "object" ? (item as never)[key] : undefined)),
      ),
  );
  return ajv;
}

let shared: Ajv | undefined;

/** The shared validator instance (created on first use). */
export function sharedAjv(): Ajv {
  shared ??= createAjv();
  return shared;
}
