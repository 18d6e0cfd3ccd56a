import type { LabelSelector } from "../mesh-config";
import { asArray, asRecord, asString, stringMap } from "./object-access";

/** A label map: workload, namespace or node labels. */
export type Labels = Readonly<Record<string, string>>;

type Requirement = NonNullable<LabelSelector["matchExpressions"]>[number];

const OPERATORS: ReadonlySet<string> = new Set(["In", "NotIn", "Exists", "DoesNotExist"]);

/** True when every `key: value` of `wanted` is in `labels` (a Service selector; `{}` selects everything). */
export function matchesLabelMap(wanted: Labels, labels: Labels): boolean {
  for (const key in wanted) {
    if (labels[key] !== wanted[key]) return false;
  }
  return true;
}

/** One requirement, Kubernetes semantics (`NotIn` and `DoesNotExist` match a missing key). */
function matchesRequirement(requirement: Requirement, labels: Labels): boolean {
  const present = Object.hasOwn(labels, requirement.key);
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case "In":
      return present && values.includes(labels[requirement.key]!);
    case "NotIn":
      return !present || !values.includes(labels[requirement.key]!);
    case "Exists":
      return present;
    case "DoesNotExist":
      return !present;
  }
}

/**
 * `metav1.LabelSelectorAsSelector(selector).Matches(labels)`: all `matchLabels` and all
 * `matchExpressions` must hold; an empty selector matches everything.
 */
export function matchesLabelSelector(selector: LabelSelector, labels: Labels): boolean {
  if (selector.matchLabels !== undefined && !matchesLabelMap(selector.matchLabels, labels)) return false;
  return (selector.matchExpressions ?? []).every((requirement) => matchesRequirement(requirement, labels));
}

/** True when the selector has no requirement at all (`selector.Empty()` in apimachinery). */
export function isEmptySelector(selector: LabelSelector): boolean {
  return (
    Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0
  );
}

/** A label selector read from YAML, or why it is malformed. */
export type ParsedSelector =
  | { readonly ok: true; readonly selector: LabelSelector }
  | { readonly ok: false; readonly problem: string };

/**
 * Reads a `metav1.LabelSelector` from an untyped object, applying apimachinery's validation:
 * operators are In / NotIn / Exists / DoesNotExist; In and NotIn need values; Exists and
 * DoesNotExist take none.
 */
export function parseLabelSelector(value: unknown): ParsedSelector {
  const record = asRecord(value);
  if (record === undefined) return { ok: true, selector: {} };
  const expressions: Requirement[] = [];
  for (const [index, raw] of asArray(record.matchExpressions).entries()) {
    const entry = asRecord(raw);
    const key = asString(entry?.key);
    const operator = asString(entry?.operator);
    if (key === undefined || operator === undefined || !OPERATORS.has(operator)) {
      return {
        ok: false,
        problem: `matchExpressions[${index}] needs a key and an operator of In, NotIn, Exists, DoesNotExist`,
      };
    }
    const values = asArray(entry?.values).filter((v): v is string => typeof v === "string");
    const needsValues = operator === "In" || operator === "NotIn";
    if (needsValues !== values.length > 0) {
      return {
        ok: false,
        problem: `matchExpressions[${index}]: ${operator} ${needsValues ? "needs" : "takes no"} values`,
      };
    }
    expressions.push({
      key,
      operator: operator as Requirement["operator"],
      ...(needsValues ? { values } : {}),
    });
  }
  return {
    ok: true,
    selector: {
      ...(record.matchLabels === undefined ? {} : { matchLabels: stringMap(record.matchLabels) }),
      ...(expressions.length === 0 ? {} : { matchExpressions: expressions }),
    },
  };
}
