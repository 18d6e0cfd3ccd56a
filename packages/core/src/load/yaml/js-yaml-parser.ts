/**
 * The loader's everyday YAML parser: js-yaml (several times faster than `yaml`, which builds a
 * syntax tree with positions first), reading with the core schema of `core-schema.ts`. It answers
 * only where its value is the one `yaml` gives; everywhere else it defers, and the caller asks
 * `yaml` (which also reports every error with its position):
 *
 * - syntax `reference-only-syntax.ts` lists (anchors and aliases, tags, collection keys...);
 * - any error: js-yaml's duplicate-key rule is stricter than `yaml`'s, which compares resolved
 *   values (`1:` and `"1":` are two keys there), so the reference decides;
 * - what `node-watch.ts` spots while js-yaml reads (null keys, multi-line flow or quoted nodes,
 *   glued comments, empty block entries, flow pairs, an indented root); the same watch stops
 *   nesting deeper than `MAX_NESTING_DEPTH`, which comes back as `too-deep`;
 * - documents that are a lone scalar (no manifest is): js-yaml folds and chomps block scalars at
 *   the document's root differently (`|-` keeps a final line break there).
 */
import { load } from "js-yaml";
import { CORE_SCHEMA } from "./core-schema";
import { NestingTooDeep, type NodeDeviation, NodeWatch } from "./node-watch";
import { needsReferenceParser } from "./reference-only-syntax";

/** Why js-yaml left a document to `yaml`. */
export type DeferReason = "reference-only syntax" | "error" | "scalar document" | NodeDeviation;

/** What js-yaml made of one document. */
export type JsYamlOutcome =
  | { readonly kind: "value"; readonly value: unknown }
  | { readonly kind: "too-deep"; readonly offset: number }
  | { readonly kind: "defer"; readonly reason: DeferReason };

/** Watches the nodes of the document being read (one document at a time: parsing is synchronous). */
const watch = new NodeWatch();

/** Reads one YAML document (`source` may start with its `---` line); never throws. */
export function parseWithJsYaml(source: string): JsYamlOutcome {
  if (needsReferenceParser(source)) return { kind: "defer", reason: "reference-only syntax" };
  watch.reset();
  let value: unknown;
  try {
    value = load(source, { schema: CORE_SCHEMA, listener: watch.listener });
  } catch (error) {
    if (error instanceof NestingTooDeep) return { kind: "too-deep", offset: error.offset };
    // A YAMLException: `yaml` re-reads the document, decides, and reports any error with its position.
    return { kind: "defer", reason: "error" };
  }
  if (watch.deviation) return { kind: "defer", reason: watch.deviation };
  if (value !== null && typeof value !== "object") return { kind: "defer", reason: "scalar document" };
  return { kind: "value", value };
}
