/**
 * Diagnostics for AuthorizationPolicy values istiod's validation would reject or its generators
 * refuse. They are reported once per policy; what each does to evaluation (a value or a rule
 * dropped) is decided by the compilers and shows up as decision notes.
 */
import type { Diagnostic } from "@meshwright/core";
import { authzDiagnostic } from "./codes";
import { conditionCompiler, nameInBrackets, namesInNestedBrackets, parsePortValue } from "./envoy-fields";
import { parseCidr } from "./ip-address";
import { containsPathTemplate, pathTemplateProblem } from "./path-template";
import type { ReadPolicy } from "./read-policy";

const IP_KEYS = new Set(["source.ip", "remote.ip", "destination.ip"]);

function checkIps(values: readonly string[], at: string, out: Diagnostic[]): void {
  values.forEach((value, i) => {
    if (parseCidr(value) === null) {
      out.push(
        authzDiagnostic("invalidIpBlock", {
          path: `${at}[${i}]`,
          expected: "IP address or CIDR",
          found: JSON.stringify(value),
        }),
      );
    }
  });
}

function checkPorts(values: readonly string[], at: string, out: Diagnostic[]): void {
  values.forEach((value, i) => {
    if (parsePortValue(value) === null) {
      out.push(
        authzDiagnostic("invalidPort", {
          path: `${at}[${i}]`,
          expected: "0..65535",
          found: JSON.stringify(value),
        }),
      );
    }
  });
}

function checkPaths(values: readonly string[], at: string, out: Diagnostic[]): void {
  values.forEach((value, i) => {
    const problem = containsPathTemplate(value) ? pathTemplateProblem(value) : null;
    if (problem !== null) {
      out.push(
        authzDiagnostic("invalidPathTemplate", {
          path: `${at}[${i}]`,
          found: `${JSON.stringify(value)}: ${problem}`,
        }),
      );
    }
  });
}

function checkConditionKey(key: string, namespace: string, at: string, out: Diagnostic[]): void {
  if (conditionCompiler(key, { policyNamespace: namespace }) === null) {
    out.push(authzDiagnostic("unknownWhenKey", { path: `${at}.key`, found: JSON.stringify(key) }));
    return;
  }
  const malformed =
    (key.startsWith("request.headers") && nameInBrackets(key.slice("request.headers".length)) === null) ||
    (key.startsWith("request.auth.claims") &&
      namesInNestedBrackets(key.slice("request.auth.claims".length)) === null);
  if (malformed)
    out.push(authzDiagnostic("invalidMapKey", { path: `${at}.key`, found: JSON.stringify(key) }));
}

/** Validates every value of one policy. */
export function validatePolicyValues(policy: ReadPolicy): Diagnostic[] {
  const out: Diagnostic[] = [];
  policy.rules.forEach((rule, r) => {
    if (rule === null) return;
    const base = `${policy.key}: $.spec.rules[${r}]`;
    rule.from.forEach((source, f) => {
      const at = `${base}.from[${f}].source`;
      checkIps(source.ipBlocks, `${at}.ipBlocks`, out);
      checkIps(source.notIpBlocks, `${at}.notIpBlocks`, out);
      checkIps(source.remoteIpBlocks, `${at}.remoteIpBlocks`, out);
      checkIps(source.notRemoteIpBlocks, `${at}.notRemoteIpBlocks`, out);
      const accounts = source.serviceAccounts.length + source.notServiceAccounts.length;
      const identities =
        source.principals.length +
        source.notPrincipals.length +
        source.namespaces.length +
        source.notNamespaces.length;
      if (accounts > 0 && identities > 0)
        out.push(authzDiagnostic("serviceAccountsWithIdentity", { path: at }));
    });
    rule.to.forEach((operation, t) => {
      const at = `${base}.to[${t}].operation`;
      checkPorts(operation.ports, `${at}.ports`, out);
      checkPorts(operation.notPorts, `${at}.notPorts`, out);
      checkPaths(operation.paths, `${at}.paths`, out);
      checkPaths(operation.notPaths, `${at}.notPaths`, out);
    });
    rule.when.forEach((condition, w) => {
      const at = `${base}.when[${w}]`;
      checkConditionKey(condition.key, policy.namespace, at, out);
      if (IP_KEYS.has(condition.key)) {
        checkIps(condition.values, `${at}.values`, out);
        checkIps(condition.notValues, `${at}.notValues`, out);
      }
      if (condition.key === "destination.port") {
        checkPorts(condition.values, `${at}.values`, out);
        checkPorts(condition.notValues, `${at}.notValues`, out);
      }
    });
  });
  return out;
}
