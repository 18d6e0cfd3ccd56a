/**
 * One AuthorizationPolicy rule → one ztunnel rule group, as istiod converts it
 * (`pilot/pkg/serviceregistry/ambient/authorization.go` handleRule) and ztunnel evaluates it
 * (`[Z] src/rbac.rs` Authorization::matches), istio-semantics §2.9:
 * - a group is `[to-matches][from-matches][one clause per when]`; it matches iff every clause has a
 *   matching match; a group without clauses matches everything;
 * - a match with no populated field is skipped — it never matches;
 * - L7 attributes (hosts, methods, paths, requestPrincipals, remoteIpBlocks, other `when` keys) are
 *   simply not converted: an ALLOW rule holding any is dropped whole, a DENY rule keeps its L4 part
 *   (a `to`/`from`/`when` made only of L7 becomes an empty match, so the rule is a no-op);
 * - `trustDomains` is not converted at all (a `from` with only it becomes an empty match);
 * - invalid ports and IPs are silently skipped (`stringToPort`, `stringToIP`).
 */
import { parseCidr } from "./ip-address";
import { type IpSet, ipSetOf } from "./ip-set";
import { ALWAYS, allOf, anyOf, NEVER, type Predicate } from "./predicate";
import type { RuleFields, SourceFields } from "./read-policy";
import type { RequestContext } from "./request-context";

/** The outcome for one rule. */
export interface ZtunnelRuleResult {
  /** `dropped`: an ALLOW rule with L7 attributes, never sent. */
  readonly status: "compiled" | "dropped";
  /** The group's test (NEVER when every clause ended up empty: a no-op). */
  readonly test: Predicate;
  /** The only workload ports the group can match (null: any), for the evaluator's port index. */
  readonly ports: ReadonlySet<number> | null;
  /** L7 attributes found (in the order met), which ztunnel cannot enforce. */
  readonly l7Attributes: readonly string[];
  /** Attributes istiod does not convert for ztunnel and silently ignores (`trustDomains`). */
  readonly ignoredAttributes: readonly string[];
}

/** ztunnel `StringMatch`: `*` presence, `*x` suffix, `x*` prefix, otherwise exact (`stringToMatch`). */
type StringMatchKind = "exact" | "prefix" | "suffix" | "presence";

function stringMatch(value: string): { readonly kind: StringMatchKind; readonly text: string } {
  if (value === "*") return { kind: "presence", text: "" };
  if (value.startsWith("*")) return { kind: "suffix", text: value.slice(1) };
  if (value.endsWith("*")) return { kind: "prefix", text: value.slice(0, -1) };
  return { kind: "exact", text: value };
}

/** `matches_principal`: compares the identity without `spiffe://`; no identity never matches. */
function principalTest(value: string): (ctx: RequestContext) => boolean {
  const { kind, text } = stringMatch(value);
  switch (kind) {
    case "presence":
      return (ctx) => ctx.principal !== null && ctx.principal.length > 0;
    case "prefix":
      return (ctx) => ctx.principal?.startsWith(text) === true;
    case "suffix":
      return (ctx) => ctx.principal?.endsWith(text) === true;
    case "exact":
      return (ctx) => ctx.principal === text;
  }
}

function namespaceTest(value: string): (ctx: RequestContext) => boolean {
  const { kind, text } = stringMatch(value);
  return (ctx) => ctx.namespaceMatches(kind, text);
}

function serviceAccountTest(value: string, policyNamespace: string): (ctx: RequestContext) => boolean {
  const slash = value.indexOf("/");
  const namespace = slash < 0 ? policyNamespace : value.slice(0, slash);
  const account = slash < 0 ? value : value.slice(slash + 1);
  return (ctx) => ctx.hasServiceAccount(namespace, account);
}

function ipSet(values: readonly string[]): IpSet | null {
  const ranges = values.flatMap((v) => {
    const range = v === "" ? null : parseCidr(v);
    return range === null ? [] : [range];
  });
  return ranges.length === 0 ? null : ipSetOf(ranges);
}

function portSet(values: readonly string[]): ReadonlySet<number> | null {
  const ports = values.flatMap((v) => (/^[0-9]+$/.test(v) && Number(v) <= 65535 ? [Number(v)] : []));
  return ports.length === 0 ? null : new Set(ports);
}

/** The populated fields of one ztunnel Match, as value lists. */
interface MatchFields {
  readonly principals?: readonly string[];
  readonly notPrincipals?: readonly string[];
  readonly namespaces?: readonly string[];
  readonly notNamespaces?: readonly string[];
  readonly serviceAccounts?: readonly string[];
  readonly notServiceAccounts?: readonly string[];
  readonly sourceIps?: readonly string[];
  readonly notSourceIps?: readonly string[];
  readonly destinationIps?: readonly string[];
  readonly notDestinationIps?: readonly string[];
  readonly destinationPorts?: readonly string[];
  readonly notDestinationPorts?: readonly string[];
}

/** One field: positive `any`, negative `!any` (`matches_internal`); null when the converted list is empty. */
function fieldTests(
  positive: readonly ((ctx: RequestContext) => boolean)[],
  negative: readonly ((ctx: RequestContext) => boolean)[],
): Predicate[] {
  const out: Predicate[] = [];
  if (positive.length > 0) out.push(anyOf(positive));
  if (negative.length > 0) out.push((ctx) => !negative.some((t) => t(ctx)));
  return out;
}

function addressTests(
  values: readonly string[] | undefined,
  notValues: readonly string[] | undefined,
  read: (ctx: RequestContext, set: IpSet) => boolean,
): Predicate[] {
  const set = ipSet(values ?? []);
  const notSet = ipSet(notValues ?? []);
  const out: Predicate[] = [];
  if (set !== null) out.push((ctx) => read(ctx, set));
  if (notSet !== null) out.push((ctx) => !read(ctx, notSet));
  return out;
}

function portTests(
  values: readonly string[] | undefined,
  notValues: readonly string[] | undefined,
): Predicate[] {
  const set = portSet(values ?? []);
  const notSet = portSet(notValues ?? []);
  const out: Predicate[] = [];
  if (set !== null) out.push((ctx) => set.has(ctx.destinationPort));
  if (notSet !== null) out.push((ctx) => !notSet.has(ctx.destinationPort));
  return out;
}

/** One Match → its predicate, or null when no field survived conversion (skipped by ztunnel). */
function matchTest(m: MatchFields, policyNamespace: string): Predicate | null {
  const tests = [
    ...addressTests(m.destinationIps, m.notDestinationIps, (ctx, set) => ctx.destinationIn(set)),
    ...addressTests(m.sourceIps, m.notSourceIps, (ctx, set) => ctx.sourceIn(set)),
    ...portTests(m.destinationPorts, m.notDestinationPorts),
    ...fieldTests(
      (m.serviceAccounts ?? []).map((v) => serviceAccountTest(v, policyNamespace)),
      (m.notServiceAccounts ?? []).map((v) => serviceAccountTest(v, policyNamespace)),
    ),
    ...fieldTests((m.principals ?? []).map(principalTest), (m.notPrincipals ?? []).map(principalTest)),
    ...fieldTests((m.namespaces ?? []).map(namespaceTest), (m.notNamespaces ?? []).map(namespaceTest)),
  ];
  return tests.length === 0 ? null : allOf(tests);
}

/** A clause matches iff one of its non-empty matches does. */
function clauseTest(matches: readonly (Predicate | null)[]): Predicate {
  return anyOf(matches.filter((m): m is Predicate => m !== null));
}

const HTTP_OPERATION_FIELDS = ["hosts", "notHosts", "methods", "notMethods", "paths", "notPaths"] as const;
const HTTP_SOURCE_FIELDS = [
  "remoteIpBlocks",
  "notRemoteIpBlocks",
  "requestPrincipals",
  "notRequestPrincipals",
] as const satisfies readonly (keyof SourceFields)[];

/** `when` keys ztunnel enforces (`l4WhenAttributes`), and the Match field each fills. */
const L4_WHEN: Readonly<Record<string, readonly [keyof MatchFields, keyof MatchFields]>> = {
  "source.ip": ["sourceIps", "notSourceIps"],
  "source.namespace": ["namespaces", "notNamespaces"],
  "source.principal": ["principals", "notPrincipals"],
  "destination.ip": ["destinationIps", "notDestinationIps"],
  "destination.port": ["destinationPorts", "notDestinationPorts"],
};

/**
 * Ports a port-only clause can match: the union of its non-empty matches' destinationPorts; null when
 * one non-empty match has only notDestinationPorts; empty when every match is empty (never matches).
 */
function clausePorts(
  matches: readonly { ports: readonly string[]; notPorts: readonly string[] }[],
): Set<number> | null {
  const union = new Set<number>();
  for (const m of matches) {
    const positive = portSet(m.ports);
    if (positive === null) {
      if (portSet(m.notPorts) !== null) return null;
      continue;
    }
    for (const p of positive) union.add(p);
  }
  return union;
}

function intersect(a: Set<number> | null, b: Set<number> | null): Set<number> | null {
  if (a === null) return b;
  if (b === null) return a;
  return new Set([...a].filter((p) => b.has(p)));
}

/** Converts one rule for ztunnel. `action` is ALLOW or DENY (others are never sent). */
export function compileZtunnelRule(
  rule: RuleFields,
  action: "ALLOW" | "DENY",
  policyNamespace: string,
): ZtunnelRuleResult {
  const l7: string[] = [];
  const ignored: string[] = [];
  const note = (list: string[], name: string) => {
    if (!list.includes(name)) list.push(name);
  };
  const clauses: Predicate[] = [];
  let ports: Set<number> | null = null;
  if (rule.to.length > 0) {
    ports = intersect(ports, clausePorts(rule.to.map((op) => ({ ports: op.ports, notPorts: op.notPorts }))));
    const matches = rule.to.map((op) => {
      for (const f of HTTP_OPERATION_FIELDS) if (op[f].length > 0) note(l7, f);
      return matchTest({ destinationPorts: op.ports, notDestinationPorts: op.notPorts }, policyNamespace);
    });
    clauses.push(clauseTest(matches));
  }
  if (rule.from.length > 0) {
    const matches = rule.from.map((src) => {
      for (const f of HTTP_SOURCE_FIELDS) if (src[f].length > 0) note(l7, f);
      if (src.trustDomains.length > 0) note(ignored, "trustDomains");
      if (src.notTrustDomains.length > 0) note(ignored, "notTrustDomains");
      return matchTest(
        {
          sourceIps: src.ipBlocks,
          notSourceIps: src.notIpBlocks,
          namespaces: src.namespaces,
          notNamespaces: src.notNamespaces,
          serviceAccounts: src.serviceAccounts,
          notServiceAccounts: src.notServiceAccounts,
          principals: src.principals,
          notPrincipals: src.notPrincipals,
        },
        policyNamespace,
      );
    });
    clauses.push(clauseTest(matches));
  }
  for (const condition of rule.when) {
    const fields = L4_WHEN[condition.key];
    if (fields === undefined) note(l7, condition.key);
    if (condition.key === "destination.port") {
      ports = intersect(ports, clausePorts([{ ports: condition.values, notPorts: condition.notValues }]));
    }
    const match: MatchFields =
      fields === undefined ? {} : { [fields[0]]: condition.values, [fields[1]]: condition.notValues };
    clauses.push(clauseTest([matchTest(match, policyNamespace)]));
  }
  if (action === "ALLOW" && l7.length > 0) {
    return { status: "dropped", test: NEVER, ports: new Set(), l7Attributes: l7, ignoredAttributes: ignored };
  }
  return {
    status: "compiled",
    test: clauses.length === 0 ? ALWAYS : allOf(clauses),
    ports,
    l7Attributes: l7,
    ignoredAttributes: ignored,
  };
}
