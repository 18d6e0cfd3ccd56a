/** ConfigMap and Secret data checks (ValidateConfigMap, ValidateSecret): valid keys, string values, base64 Secret data. */
import type { KubeObject } from "../../model/kube-object";
import { isConfigKey } from "../kinds/names";
import { describeValue } from "../schema/schema-findings";
import type { Finding } from "../source";
import { isObject, wrongType } from "./values";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Findings for a ConfigMap (`data`, `binaryData`) or a Secret (`data` base64, `stringData`). */
export function dataFindings(object: KubeObject): Finding[] {
  const fields =
    object.kind === "Secret"
      ? ([
          ["data", true],
          ["stringData", false],
        ] as const)
      : ([
          ["data", false],
          ["binaryData", true],
        ] as const);
  const findings: Finding[] = [];
  for (const [field, base64] of fields) {
    const map = object[field];
    if (map === undefined || map === null) continue;
    if (!isObject(map)) {
      findings.push(wrongType([field], "a map", map));
      continue;
    }
    for (const [key, value] of Object.entries(map)) {
      if (!isConfigKey(key)) {
        findings.push({
          code: "MW1430",
          path: [field, key],
          atKey: true,
          message: `invalid key "${key}"`,
          expected: "letters, digits, '-', '_' and '.'",
          found: key,
        });
      }
      if (typeof value !== "string") {
        // Never echo the value of a Secret: it may be a credential (DESIGN.md principle 8).
        findings.push({
          code: "MW1430",
          path: [field, key],
          message: `value of "${key}" must be a string`,
          expected: "string",
          found: object.kind === "Secret" ? typeof value : describeValue(value),
        });
      } else if (base64 && !BASE64.test(value.replace(/\s+/g, ""))) {
        findings.push({
          code: "MW1430",
          path: [field, key],
          message: `value of "${key}" is not base64`,
          expected: "base64",
          fix: `Base64-encode the value, or move it to ${object.kind === "Secret" ? "stringData" : "data"}.`,
        });
      }
    }
  }
  return findings;
}
