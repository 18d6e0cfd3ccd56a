/** `metadata` checks that apply to every object: name, namespace, labels, annotations. */
import type { KubeObject } from "../../model/kube-object";
import type { KindFacts } from "../kinds/kind-facts";
import { describeNameRule, isDns1123Label, isValidName } from "../kinds/names";
import { describeValue } from "../schema/schema-findings";
import type { Finding } from "../source";
import { labelMapFindings } from "./label-map";

/** Findings for the object's metadata (the object is known to have a string `metadata.name`). */
export function metadataFindings(object: KubeObject, facts: KindFacts): Finding[] {
  const { metadata } = object;
  const findings: Finding[] = [];
  if (!isValidName(metadata.name, facts.nameRule)) {
    findings.push({
      code: "MW1301",
      path: ["metadata", "name"],
      message: `name ${JSON.stringify(metadata.name)} of ${object.kind} must be ${describeNameRule(facts.nameRule)}`,
      expected: describeNameRule(facts.nameRule),
      found: metadata.name,
    });
  }
  const namespace: unknown = metadata.namespace;
  if (namespace !== undefined) {
    if (typeof namespace !== "string" || !isDns1123Label(namespace)) {
      findings.push({
        code: "MW1302",
        path: ["metadata", "namespace"],
        message: `namespace ${describeValue(namespace)} is not a DNS-1123 label`,
        expected: "DNS-1123 label",
        found: describeValue(namespace),
      });
    } else if (!facts.namespaced) {
      findings.push({
        code: "MW1307",
        path: ["metadata", "namespace"],
        message: `${object.kind} is cluster-scoped; metadata.namespace "${namespace}" is ignored`,
      });
    }
  }
  findings.push(...labelMapFindings(metadata.labels, ["metadata", "labels"], "label-value"));
  findings.push(...labelMapFindings(metadata.annotations, ["metadata", "annotations"], "any-string"));
  return findings;
}
