/**
 * Checks of workload controllers (Deployment, StatefulSet, DaemonSet, ReplicaSet; apps/v1
 * validation): a selector that matches the pod template's labels, non-negative integer replicas,
 * a pod template with labels and a valid pod spec.
 */
import { matchesLabelSelector, parseLabelSelector } from "../../model/derive/label-selector";
import { stringMap } from "../../model/derive/object-access";
import type { KubeObject } from "../../model/kube-object";
import { describeValue } from "../schema/schema-findings";
import type { Finding } from "../source";
import { labelMapFindings } from "./label-map";
import { podSpecFindings } from "./pod-spec";
import { isObject, missingField, wrongType } from "./values";

/** Findings for a workload controller (`replicas` is checked unless the kind is a DaemonSet). */
export function workloadFindings(object: KubeObject): Finding[] {
  const spec = object.spec;
  if (spec === undefined) return [missingField(["spec"])];
  if (!isObject(spec)) return [wrongType(["spec"], "a map", spec)];
  const findings: Finding[] = [];
  if (object.kind !== "DaemonSet" && spec.replicas !== undefined) {
    const replicas = spec.replicas;
    if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
      findings.push({
        code: "MW1412",
        path: ["spec", "replicas"],
        message: `replicas must be a non-negative integer, found ${describeValue(replicas)}`,
        expected: "integer >= 0",
        found: describeValue(replicas),
      });
    }
  }
  const template = spec.template;
  const templateMetadata = isObject(template) && isObject(template.metadata) ? template.metadata : undefined;
  const templateLabels = templateMetadata?.labels;
  if (!isObject(template)) {
    findings.push({
      code: "MW1413",
      path: ["spec", "template"],
      message: `${object.kind} has no pod template`,
    });
  } else {
    if (!isObject(templateLabels) || Object.keys(templateLabels).length === 0) {
      findings.push({
        code: "MW1413",
        path: ["spec", "template", "metadata", "labels"],
        message: "the pod template has no labels",
      });
    } else {
      findings.push(
        ...labelMapFindings(templateLabels, ["spec", "template", "metadata", "labels"], "label-value"),
      );
    }
    findings.push(...podSpecFindings(template.spec, ["spec", "template", "spec"]));
  }
  findings.push(...selectorFindings(spec.selector, isObject(templateLabels) ? templateLabels : undefined));
  return findings;
}

function selectorFindings(selector: unknown, templateLabels: Record<string, unknown> | undefined): Finding[] {
  const hasMatchLabels = isObject(selector) && isObject(selector.matchLabels);
  const hasExpressions = isObject(selector) && Array.isArray(selector.matchExpressions);
  if (
    !isObject(selector) ||
    (!hasMatchLabels && !hasExpressions) ||
    // An empty selector (no matchLabels entry, no expression) is refused by apps/v1 too.
    (Object.keys(selector.matchLabels ?? {}).length === 0 &&
      ((selector.matchExpressions as unknown[] | undefined)?.length ?? 0) === 0)
  ) {
    return [{ code: "MW1410", path: ["spec", "selector"], message: "the workload has no label selector" }];
  }
  const findings = labelMapFindings(
    selector.matchLabels,
    ["spec", "selector", "matchLabels"],
    "label-value",
    "MW1404",
  );
  if (findings.length > 0) return findings;
  const parsed = parseLabelSelector(selector);
  if (!parsed.ok) {
    return [
      {
        code: "MW1404",
        path: ["spec", "selector", "matchExpressions"],
        message: `invalid selector: ${parsed.problem}`,
        expected: "matchExpressions of a key and In or NotIn with values, or Exists or DoesNotExist without",
        fix: "Give In and NotIn a values list, drop values from Exists and DoesNotExist, or use matchLabels.",
      },
    ];
  }
  if (!templateLabels) return [];
  if (!matchesLabelSelector(parsed.selector, stringMap(templateLabels))) {
    findings.push({
      code: "MW1411",
      path: ["spec", "selector"],
      message: "selector does not match the pod template labels",
      expected: "every matchLabels entry (and matchExpressions) satisfied by spec.template.metadata.labels",
      found: JSON.stringify(templateLabels),
    });
  }
  return findings;
}
