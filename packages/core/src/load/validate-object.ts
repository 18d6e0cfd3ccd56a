/**
 * Validation of one Kubernetes object: metadata for every kind, the served version's OpenAPI schema
 * for Istio and Gateway API kinds, hand-written checks for the core kinds meshwright derives its
 * model from, and an info for kinds it does not know (kept, not validated).
 */
import type { Diagnostic } from "../diagnostics/diagnostic";
import type { KubeObject } from "../model/kube-object";
import { dataFindings } from "./checks/config-kinds";
import { metadataFindings } from "./checks/metadata";
import { podSpecFindings } from "./checks/pod-spec";
import { serviceFindings } from "./checks/service";
import { workloadFindings } from "./checks/workloads";
import { type KindFacts, kindFacts } from "./kinds/kind-facts";
import { shapeProblem } from "./parse-manifests";
import { crdValidator } from "./schema/crd-validators";
import { schemaFindings } from "./schema/schema-findings";
import { type Finding, type LoadedObject, Locator, type SourceTexts } from "./source";

type CoreCheck = (object: KubeObject) => Finding[];

/** Hand-written checks of the core kinds, by kind (their API group is checked by `kindFacts`). */
const CORE_CHECKS: Readonly<Record<string, CoreCheck>> = {
  Service: serviceFindings,
  Deployment: workloadFindings,
  StatefulSet: workloadFindings,
  DaemonSet: workloadFindings,
  ReplicaSet: workloadFindings,
  Pod: (object) => podSpecFindings(object.spec, ["spec"]),
  ConfigMap: dataFindings,
  Secret: dataFindings,
};

/**
 * Every finding about one object, with paths relative to the object. A value that is not even an
 * object (no apiVersion, kind or metadata.name) gets that one finding.
 */
export function objectFindings(object: KubeObject): Finding[] {
  const shape = shapeProblem(object);
  if (shape) return [shape];
  const facts = kindFacts(object.apiVersion, object.kind);
  const findings = metadataFindings(object, facts);
  if (facts.source === "builtin") {
    const check = Object.hasOwn(CORE_CHECKS, object.kind) ? CORE_CHECKS[object.kind] : undefined;
    if (check) findings.push(...check(object));
  } else if (facts.source === "crd") {
    findings.push(...crdFindings(object, facts));
  } else {
    findings.push({
      code: "MW1200",
      path: ["kind"],
      message: `unknown kind ${object.kind} (${object.apiVersion}): kept, not validated`,
    });
  }
  return findings;
}

function crdFindings(object: KubeObject, facts: Extract<KindFacts, { source: "crd" }>): Finding[] {
  const version = facts.version;
  if (!version?.served) {
    const served = facts.versions.filter((v) => v.served).map((v) => v.version);
    return [
      {
        code: version ? "MW1201" : "MW1202",
        path: ["apiVersion"],
        message: `${object.apiVersion} is ${version ? "not served" : "not a known version"} for ${object.kind}; served: ${served.join(", ")}`,
        expected: served.join(", "),
        found: object.apiVersion,
      },
    ];
  }
  const findings: Finding[] = [];
  if (version.deprecated) {
    const storage = facts.versions.find((v) => v.storage)?.version;
    findings.push({
      code: "MW1203",
      path: ["apiVersion"],
      message: `${object.apiVersion} ${object.kind} is deprecated${storage ? `; use version ${storage}` : ""}`,
    });
  }
  const validate = crdValidator(version.schemaId);
  if (!validate(object)) findings.push(...schemaFindings(validate.errors, object));
  return findings;
}

/** Located diagnostics for every object (file, line and column computed only for the findings). */
export function validateObjects(
  objects: readonly LoadedObject[],
  texts: SourceTexts,
  locator = new Locator(texts),
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { object, source } of objects) {
    for (const finding of objectFindings(object)) diagnostics.push(locator.diagnostic(source, finding));
  }
  return diagnostics;
}
