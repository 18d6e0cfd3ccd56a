import { type LabelSelector, matchesLabelSelector } from "@meshwright/core";

/** A selector Kubernetes would reject (`LabelSelectorAsSelector` error), and why. */
export interface SelectorProblem {
  readonly problem: string;
}

/**
 * Why `selector` is invalid, or undefined when it is valid: `In`/`NotIn` need values,
 * `Exists`/`DoesNotExist` take none (`metav1.LabelSelectorAsSelector`).
 */
export function labelSelectorProblem(selector: LabelSelector): SelectorProblem | undefined {
  for (const [i, expr] of (selector.matchExpressions ?? []).entries()) {
    const values = expr.values ?? [];
    const needsValues = expr.operator === "In" || expr.operator === "NotIn";
    if (needsValues && values.length === 0) {
      return { problem: `matchExpressions[${i}] (${expr.key} ${expr.operator}) needs at least one value` };
    }
    if (!needsValues && values.length > 0) {
      return { problem: `matchExpressions[${i}] (${expr.key} ${expr.operator}) must not have values` };
    }
  }
  return undefined;
}

/**
 * Whether labels match a valid selector (core's `matchesLabelSelector`). An absent selector matches
 * everything — `matchServiceScope` turns Kubernetes' "nothing" into "everything".
 */
export function matchesOptionalSelector(
  selector: LabelSelector | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  return selector === undefined || matchesLabelSelector(selector, labels);
}
