/**
 * One AuthorizationPolicy rule → one Envoy RBAC policy, as istiod builds it for sidecars, waypoints
 * and gateways (`pilot/pkg/security/authz/model/model.go` New, MigrateTrustDomain, Generate,
 * checkError). Semantics (istio-semantics §2.3–2.5):
 * - every `when` condition is appended to every `from` (principal side) or `to` (permission side);
 *   an absent `from`/`to` is one list holding only those conditions;
 * - the rule matches iff some permission list and some principal list match; inside a list the
 *   fields are ANDed, the values of a field ORed, `notX` is NOT(any of X);
 * - an unknown `when` key makes istiod skip the rule for every action;
 * - a value a generator refuses (HTTP-only attribute on a TCP chain, bad IP or port) drops the whole
 *   rule of an ALLOW policy, but only that value of a DENY / AUDIT / CUSTOM policy — so those rules
 *   get broader (`checkError`).
 */

import type { RuleKeys } from "./compiled";
import {
  conditionCompiler,
  type FieldProblem,
  OPERATION_FIELD_COMPILERS,
  parsePortValue,
  sourceFieldCompilers,
  type ValuesCompiler,
} from "./envoy-fields";
import type { AuthzAction } from "./policy-object";
import { ALWAYS, allOf, anyOf, not, type Predicate } from "./predicate";
import type { OperationFields, RuleFields, SourceFields } from "./read-policy";
import { asciiLowerCase } from "./string-matchers";
import {
  expandTrustDomainAliases,
  replaceTrustDomainAliases,
  type TrustDomainBundle,
} from "./trust-domain-bundle";

/** What the rule compiler needs besides the rule. */
export interface EnvoyRuleSettings {
  readonly action: AuthzAction;
  /** True on TCP filter chains (`Generate(forTCP=true)`). */
  readonly forTCP: boolean;
  readonly policyNamespace: string;
  readonly bundle: TrustDomainBundle;
}

/** A value the generators refused, with the policy field it came from. */
export interface RefusedValue extends FieldProblem {
  /** Policy field, e.g. `to[0].operation.methods` or `when[request.headers[x-user]]`. */
  readonly field: string;
}

/** The outcome for one rule. */
export type EnvoyRuleResult =
  | {
      readonly status: "compiled";
      readonly test: Predicate;
      /** The only workload ports the rule can match (null: any), for the evaluator's port index. */
      readonly ports: ReadonlySet<number> | null;
      /** The only request principals / hosts the rule can match, for the evaluator's index. */
      readonly keys: RuleKeys;
      readonly refused: readonly RefusedValue[];
    }
  | { readonly status: "skipped"; readonly unknownKey: string }
  | { readonly status: "dropped"; readonly refused: readonly RefusedValue[] };

/** One attribute of one list: its values, not-values and compiler. */
interface FieldEntry {
  readonly field: string;
  readonly notField: string;
  readonly values: readonly string[];
  readonly notValues: readonly string[];
  readonly compile: ValuesCompiler;
  /** True for `ports` and `destination.port`, whose values bound the ports a rule can match. */
  readonly isPort: boolean;
  /** The request string whose exact values can bound the requests a rule matches. */
  readonly keyed: keyof RuleKeys | null;
}

// Cheapest tests first: the AND stops at the first failure (the order never changes the result).
const SOURCE_PAIRS = [
  ["ipBlocks", "notIpBlocks"],
  ["principals", "notPrincipals"],
  ["namespaces", "notNamespaces"],
  ["serviceAccounts", "notServiceAccounts"],
  ["trustDomains", "notTrustDomains"],
  ["remoteIpBlocks", "notRemoteIpBlocks"],
  ["requestPrincipals", "notRequestPrincipals"],
] as const satisfies readonly (readonly [keyof SourceFields, keyof SourceFields])[];

const OPERATION_PAIRS = [
  ["ports", "notPorts"],
  ["methods", "notMethods"],
  ["hosts", "notHosts"],
  ["paths", "notPaths"],
] as const satisfies readonly (readonly [keyof OperationFields, keyof OperationFields])[];

/** `MigrateTrustDomain`: principals get the alias rewrite, trust domains the alias expansion. */
function migrated(
  attribute: string,
  values: readonly string[],
  bundle: TrustDomainBundle,
): readonly string[] {
  if (values.length === 0) return values;
  if (attribute === "principals" || attribute === "source.principal")
    return replaceTrustDomainAliases(bundle, values);
  if (attribute === "trustDomains" || attribute === "source.trustDomain")
    return expandTrustDomainAliases(bundle, values);
  return values;
}

function entry(
  [field, notField]: readonly [string, string],
  attribute: string,
  values: readonly string[],
  notValues: readonly string[],
  compile: ValuesCompiler,
  bundle: TrustDomainBundle,
): FieldEntry[] {
  // insertFront / appendLast ignore attributes with neither values nor notValues.
  if (values.length === 0 && notValues.length === 0) return [];
  return [
    {
      field,
      notField,
      values: migrated(attribute, values, bundle),
      notValues: migrated(attribute, notValues, bundle),
      compile,
      isPort: attribute === "ports" || attribute === "destination.port",
      keyed:
        attribute === "principals" || attribute === "source.principal"
          ? "principal"
          : attribute === "hosts"
            ? "host"
            : null,
    },
  ];
}

/** Compiles one field list into its AND, collecting refused values. */
function generateList(list: readonly FieldEntry[], forTCP: boolean, refused: RefusedValue[]): Predicate {
  const tests: Predicate[] = [];
  for (const f of list) {
    if (f.values.length > 0) {
      const positive = f.compile(f.values, forTCP);
      for (const p of positive.problems) refused.push({ ...p, field: f.field });
      if (positive.test !== null) tests.push(positive.test);
    }
    if (f.notValues.length > 0) {
      const negative = f.compile(f.notValues, forTCP);
      for (const p of negative.problems) refused.push({ ...p, field: f.notField });
      if (negative.test !== null) tests.push(not(negative.test));
    }
  }
  return tests.length === 0 ? ALWAYS : allOf(tests);
}

/** Ports one list can match: the intersection of its positive port fields (null: unconstrained). */
function listPorts(list: readonly FieldEntry[]): Set<number> | null {
  const bounds = list
    .filter((f) => f.isPort && f.values.length > 0)
    .map((f) => new Set(f.values.map((v) => parsePortValue(v)).filter((p): p is number => p !== null)))
    // A field whose values were all refused is dropped from the rule: no constraint.
    .filter((valid) => valid.size > 0);
  if (bounds.length === 0) return null;
  return new Set([...bounds[0]!].filter((port) => bounds.every((b) => b.has(port))));
}

/** Ports the rule can match: the union over its permission lists (null as soon as one is unconstrained). */
function rulePorts(permissions: readonly (readonly FieldEntry[])[]): ReadonlySet<number> | null {
  const union = new Set<number>();
  for (const list of permissions) {
    const ports = listPorts(list);
    if (ports === null) return null;
    for (const p of ports) union.add(p);
  }
  return union;
}

/** A value Istio compiles to an exact matcher (not `*`, no leading or trailing `*`). */
function isExactValue(value: string): boolean {
  return !value.startsWith("*") && !value.endsWith("*");
}

/**
 * The exact values one list requires of the request's principal or host: those of a field whose
 * values are all exact (hosts ASCII-lower-cased, as they are compared). Null when no field bounds
 * it. Hosts are HTTP only: on a TCP chain their values are refused, so they bound nothing.
 */
function listKeys(list: readonly FieldEntry[], key: keyof RuleKeys, forTCP: boolean): Set<string> | null {
  if (key === "host" && forTCP) return null;
  for (const f of list) {
    if (f.keyed !== key || f.values.length === 0 || !f.values.every(isExactValue)) continue;
    return new Set(key === "host" ? f.values.map(asciiLowerCase) : f.values);
  }
  return null;
}

/** The union over a rule's lists (null as soon as one list is unbounded), like `rulePorts`. */
function ruleKeys(
  lists: readonly (readonly FieldEntry[])[],
  key: keyof RuleKeys,
  forTCP: boolean,
): ReadonlySet<string> | null {
  const union = new Set<string>();
  for (const list of lists) {
    const values = listKeys(list, key, forTCP);
    if (values === null) return null;
    for (const v of values) union.add(v);
  }
  return union;
}

/** Compiles one rule for one filter chain kind. */
export function compileEnvoyRule(rule: RuleFields, settings: EnvoyRuleSettings): EnvoyRuleResult {
  const scope = { policyNamespace: settings.policyNamespace };
  const sourceCompilers = sourceFieldCompilers(scope);
  const basePermission: FieldEntry[] = [];
  const basePrincipal: FieldEntry[] = [];
  for (const condition of rule.when) {
    const compiler = conditionCompiler(condition.key, scope);
    if (compiler === null) return { status: "skipped", unknownKey: condition.key };
    const target = compiler.side === "permission" ? basePermission : basePrincipal;
    target.push(
      ...entry(
        [`when[${condition.key}].values`, `when[${condition.key}].notValues`],
        condition.key,
        condition.values,
        condition.notValues,
        compiler.compile,
        settings.bundle,
      ),
    );
  }
  const principals: FieldEntry[][] =
    rule.from.length === 0
      ? [basePrincipal]
      : rule.from.map((source, i) => [
          ...SOURCE_PAIRS.flatMap(([field, notField]) =>
            entry(
              [`from[${i}].source.${field}`, `from[${i}].source.${notField}`],
              field,
              source[field],
              source[notField],
              sourceCompilers[field]!,
              settings.bundle,
            ),
          ),
          ...basePrincipal,
        ]);
  const permissions: FieldEntry[][] =
    rule.to.length === 0
      ? [basePermission]
      : rule.to.map((operation, i) => [
          ...OPERATION_PAIRS.flatMap(([field, notField]) =>
            entry(
              [`to[${i}].operation.${field}`, `to[${i}].operation.${notField}`],
              field,
              operation[field],
              operation[notField],
              OPERATION_FIELD_COMPILERS[field]!,
              settings.bundle,
            ),
          ),
          ...basePermission,
        ]);
  const refused: RefusedValue[] = [];
  const permissionTests = permissions.map((list) => generateList(list, settings.forTCP, refused));
  const principalTests = principals.map((list) => generateList(list, settings.forTCP, refused));
  // checkError: an ALLOW rule with any refused value is not generated at all (less likely to allow).
  if (settings.action === "ALLOW" && refused.length > 0) return { status: "dropped", refused };
  return {
    status: "compiled",
    test: allOf([anyOf(permissionTests), anyOf(principalTests)]),
    ports: rulePorts(permissions),
    keys: {
      principal: ruleKeys(principals, "principal", settings.forTCP),
      host: ruleKeys(permissions, "host", settings.forTCP),
    },
    refused,
  };
}
