/** Checks of string maps keyed by label keys: labels, annotations, selectors. */

import type { JsonPath } from "../json-path";
import { isLabelValue, isQualifiedName } from "../kinds/names";
import { describeValue } from "../schema/schema-findings";
import type { Finding } from "../source";
import { isObject } from "./values";

/** What the values of the map must be. */
export type MapValueRule = "label-value" | "any-string";

/**
 * Findings for a map of label keys to strings at `path` (missing is fine): not a map (MW1306, or
 * `notMapCode`), bad keys (MW1303), non-string values (MW1305), bad label values (MW1304).
 */
export function labelMapFindings(
  value: unknown,
  path: JsonPath,
  rule: MapValueRule,
  notMapCode: "MW1306" | "MW1404" = "MW1306",
): Finding[] {
  if (value === undefined || value === null) return [];
  if (!isObject(value)) {
    return [
      {
        code: notMapCode,
        path,
        message: `expected a map of string keys to string values, found ${describeValue(value)}`,
        expected: "map of strings",
        found: describeValue(value),
      },
    ];
  }
  const findings: Finding[] = [];
  for (const [key, entry] of Object.entries(value)) {
    if (!isQualifiedName(key)) {
      findings.push({
        code: "MW1303",
        path: [...path, key],
        atKey: true,
        message: `invalid key "${key}"`,
        expected: "[DNS-1123 subdomain/]name of at most 63 characters",
        found: key,
      });
    }
    if (typeof entry !== "string") {
      findings.push({
        code: "MW1305",
        path: [...path, key],
        message: `value of "${key}" must be a string, found ${describeValue(entry)}`,
        expected: "string",
        found: describeValue(entry),
        fix: `Quote the value: ${key}: "${String(entry)}".`,
      });
    } else if (rule === "label-value" && !isLabelValue(entry)) {
      findings.push({
        code: "MW1304",
        path: [...path, key],
        message: `invalid label value ${JSON.stringify(entry)} for "${key}"`,
        expected: "at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric",
        found: entry,
      });
    }
  }
  return findings;
}
