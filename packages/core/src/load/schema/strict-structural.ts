/**
 * Kubernetes prunes unknown fields of custom resources silently, and `kubectl apply` (strict field
 * validation, the default since Kubernetes 1.27) rejects them. meshwright reports them, so a
 * mis-indented field is found before it is silently dropped: every object schema of the structural
 * tree (reached through `properties`, `items` or `additionalProperties`, never inside `anyOf` /
 * `oneOf` / `allOf` / `not`) that lists its properties and does not preserve unknown fields gets
 * `additionalProperties: false`.
 */

/** A JSON Schema object. */
export type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A copy of a CRD version schema that reports unknown fields; the root also admits apiVersion, kind and metadata. */
export function strictStructuralSchema(schema: object): object {
  const root = strictNode(schema as Schema);
  const properties = isSchema(root.properties) ? root.properties : {};
  return {
    ...root,
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { type: "object" },
      ...properties,
    },
  };
}

/** A copy of a structural schema fragment that reports unknown fields (see the module comment). */
export function strictNode(schema: Schema): Schema {
  const out: Schema = { ...schema };
  if (isSchema(schema.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, sub]) => [name, isSchema(sub) ? strictNode(sub) : sub]),
    );
    if (
      schema.additionalProperties === undefined &&
      schema["x-kubernetes-preserve-unknown-fields"] !== true
    ) {
      out.additionalProperties = false;
    }
  }
  if (isSchema(schema.items)) out.items = strictNode(schema.items);
  if (isSchema(schema.additionalProperties))
    out.additionalProperties = strictNode(schema.additionalProperties);
  return out;
}
