import type { FindingDetails } from "../../diagnostics";
import type { Diagnostic } from "../../diagnostics/diagnostic";
import type { ClusterSpec } from "../cluster";
import type { KubeObject } from "../kube-object";
import { describeObject, groupKind, objectNamespace, type ResourceRef } from "./cluster-context";
import { type DeriveCodeName, deriveDiagnostic } from "./codes";
import { isEmptySelector, matchesLabelSelector, parseLabelSelector } from "./label-selector";
import { labelKeyProblem, labelValueProblem } from "./labels";
import { asRecord, field, stringMap } from "./object-access";
import { memberPath, resourcePath } from "./paths";

type Report = (name: DeriveCodeName, details: FindingDetails) => void;

/** apps/v1 controllers: their `spec.selector` must select their own pod template. */
const CONTROLLERS: ReadonlySet<string> = new Set([
  "apps/Deployment",
  "apps/StatefulSet",
  "apps/ReplicaSet",
  "apps/DaemonSet",
]);

/** Label syntax verdicts, memoised per call: a cluster repeats the same few labels thousands of times. */
class LabelSyntax {
  private readonly keys = new Map<string, string | undefined>();
  private readonly values = new Map<string, string | undefined>();

  /** `labelKeyProblem`, memoised. */
  keyProblem(key: string): string | undefined {
    if (!this.keys.has(key)) this.keys.set(key, labelKeyProblem(key));
    return this.keys.get(key);
  }

  /** `labelValueProblem`, memoised for string values. */
  valueProblem(value: unknown): string | undefined {
    if (typeof value !== "string") return labelValueProblem(value);
    if (!this.values.has(value)) this.values.set(value, labelValueProblem(value));
    return this.values.get(value);
  }
}

function checkLabels(
  object: KubeObject,
  labels: unknown,
  path: string,
  syntax: LabelSyntax,
  report: Report,
): void {
  const record = asRecord(labels);
  if (record === undefined) return;
  for (const [key, value] of Object.entries(record)) {
    const keyProblem = syntax.keyProblem(key);
    if (keyProblem !== undefined) {
      report("labelKeyInvalid", {
        message: `${describeObject(object)}: label key "${key}": ${keyProblem}`,
        path: memberPath(path, key),
        expected: "[prefix/]name, e.g. app.kubernetes.io/name",
        found: key,
        fix: "rename the label key",
      });
    }
    const valueProblem = syntax.valueProblem(value);
    if (valueProblem !== undefined) {
      report("labelValueInvalid", {
        message: `${describeObject(object)}: label ${key}: ${valueProblem}`,
        path: memberPath(path, key),
        expected: "a string of at most 63 characters: alphanumerics, '-', '_', '.'",
        found: JSON.stringify(value),
        fix: typeof value === "string" ? "shorten or clean the value" : `quote the value: "${String(value)}"`,
      });
    }
  }
}

function checkControllerSelector(ref: ResourceRef, base: string, report: Report): void {
  const object = ref.object;
  const parsed = parseLabelSelector(field(object, "spec", "selector"));
  const templateLabels = stringMap(field(object, "spec", "template", "metadata", "labels"));
  const path = `${base}.spec.selector`;
  if (!parsed.ok || isEmptySelector(parsed.selector)) {
    report("selectorInvalid", {
      message: `${describeObject(object)}: ${parsed.ok ? "spec.selector is empty, which apps/v1 rejects" : parsed.problem}`,
      path,
      expected: "matchLabels (and/or matchExpressions) selecting the pod template",
      found: JSON.stringify(field(object, "spec", "selector") ?? null),
      fix: `set spec.selector.matchLabels to the template's labels, e.g. ${JSON.stringify(templateLabels)}`,
    });
    return;
  }
  if (!matchesLabelSelector(parsed.selector, templateLabels)) {
    report("selectorMismatch", {
      message: `${describeObject(object)}: spec.selector does not match the pod template's labels`,
      path,
      expected: `a selector matching ${JSON.stringify(templateLabels)}`,
      found: JSON.stringify(parsed.selector),
      fix: "make spec.selector.matchLabels a subset of spec.template.metadata.labels",
    });
  }
}

/**
 * Per-object checks of one cluster's resources: every object has a name, no two share kind
 * (with API group) / namespace / name, labels are well-formed (object and pod template), and
 * every apps/v1 controller's selector selects its own template. Returns the named resources,
 * which the derivation then uses; every finding goes to `diagnostics`.
 */
export function checkObjects(
  cluster: ClusterSpec,
  clusterIndex: number,
  diagnostics: Diagnostic[],
): ResourceRef[] {
  const report: Report = (name, details) =>
    diagnostics.push(deriveDiagnostic(name, { cluster: cluster.name, ...details }));
  const named: ResourceRef[] = [];
  const seen = new Set<string>();
  const syntax = new LabelSyntax();
  cluster.resources.forEach((object, index) => {
    const base = resourcePath(clusterIndex, index);
    const name = object?.metadata?.name;
    if (typeof name !== "string" || name === "") {
      report("objectNameMissing", {
        // Only a string kind is shown: junk input may be any value, even one String() cannot convert.
        message: `a ${typeof object?.kind === "string" ? object.kind : "object"} of cluster ${cluster.name} has no metadata.name; it is ignored`,
        path: `${base}.metadata.name`,
        expected: "a name",
        fix: "give the object a metadata.name",
      });
      return;
    }
    const kind = groupKind(object);
    const ref = { object, index, groupKind: kind };
    const key = `${kind}/${objectNamespace(object) ?? ""}/${name}`;
    if (seen.has(key)) {
      report("duplicateObject", {
        message: `${describeObject(object)} is declared twice in cluster ${cluster.name}; the later one is ignored`,
        path: base,
        found: key,
        fix: "remove one of the two, or give them different names",
      });
      return;
    }
    seen.add(key);
    named.push(ref);
    checkLabels(object, object.metadata.labels, `${base}.metadata.labels`, syntax, report);
    if (CONTROLLERS.has(kind)) {
      checkLabels(
        object,
        field(object, "spec", "template", "metadata", "labels"),
        `${base}.spec.template.metadata.labels`,
        syntax,
        report,
      );
      checkControllerSelector(ref, base, report);
    }
  });
  return named;
}
