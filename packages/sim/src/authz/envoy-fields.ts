/**
 * One compiler per AuthorizationPolicy attribute, as istiod's generators build Envoy RBAC matchers
 * (`pilot/pkg/security/authz/model/generator.go`). Each compiles a list of values into one predicate
 * (the values are ORed) and reports the values a generator refuses: HTTP-only attributes on a TCP
 * filter chain, unparseable IPs or ports, malformed keys. What a refused value does to the rule
 * depends on the action and is decided by the rule compiler (`model.go` checkError).
 */
import { namespaceTest, principalTest, serviceAccountTest, trustDomainTest } from "./identity-matchers";
import { type CidrRange, parseCidr } from "./ip-address";
import { ipSetOf } from "./ip-set";
import { containsPathTemplate, pathTemplateProblem, pathTemplateRegex } from "./path-template";
import type { Predicate } from "./predicate";
import {
  anyOfValues,
  headerValueTest,
  hostValueTest,
  istioValueMatcher,
  istioValueTest,
  regexMatcher,
  type StringPredicate,
  type ValueTest,
} from "./string-matchers";

/** Why a generator refused a value. */
export type FieldProblemKind =
  | "http-only"
  | "invalid-ip"
  | "invalid-port"
  | "invalid-key"
  | "invalid-template";

/** A refused value. */
export interface FieldProblem {
  readonly value: string;
  readonly kind: FieldProblemKind;
  readonly message: string;
}

/** A compiled value list: the OR of the accepted values (null when none was accepted). */
export interface CompiledValues {
  readonly test: Predicate | null;
  readonly problems: readonly FieldProblem[];
}

/** Compiles the values of one attribute for one filter chain kind. */
export type ValuesCompiler = (values: readonly string[], forTCP: boolean) => CompiledValues;

/** One value: its test, or why it is refused. */
type OneValue = (value: string) => ValueTest | FieldProblem;

function isProblem(x: ValueTest | FieldProblem): x is FieldProblem {
  return typeof x !== "function" && "kind" in x;
}

function httpOnlyProblem(label: string, value: string): FieldProblem {
  return { value, kind: "http-only", message: `"${label}" is HTTP only` };
}

/** The request string a field matches (a header by its lower-case name). */
export type StringField = "principal" | "method" | "host" | "path" | "sni" | { readonly header: string };

/**
 * One predicate reading `field` once and testing it against all accepted values (Envoy `or_rules` of
 * one matcher per value). An absent field (no principal: plaintext; no header; not HTTP) never matches.
 */
function onField(field: StringField, test: StringPredicate): Predicate {
  if (typeof field === "object") {
    const name = field.header;
    return (ctx) => {
      const v = ctx.header(name);
      return v !== undefined && test(v);
    };
  }
  switch (field) {
    case "principal":
      return (ctx) => ctx.principal !== null && test(ctx.principal);
    case "method":
      return (ctx) => ctx.method !== undefined && test(ctx.method);
    case "host": {
      // Hosts compare case-insensitively: the tests expect the ASCII-lower-cased host.
      return (ctx) => {
        const host = ctx.hostLowerCase();
        return host !== undefined && test(host);
      };
    }
    case "path":
      return (ctx) => {
        const path = ctx.path();
        return path !== null && test(path);
      };
    case "sni":
      return (ctx) => test(ctx.sni);
  }
}

/** A generator applied value by value on one request string. */
function stringValues(label: string, httpOnly: boolean, field: StringField, one: OneValue): ValuesCompiler {
  return (values, forTCP) => {
    const problems: FieldProblem[] = [];
    const tests: ValueTest[] = [];
    for (const value of values) {
      const compiled = httpOnly && forTCP ? httpOnlyProblem(label, value) : one(value);
      if (isProblem(compiled)) problems.push(compiled);
      else tests.push(compiled);
    }
    return { test: tests.length === 0 ? null : onField(field, anyOfValues(tests)), problems };
  };
}

/** An "extended" generator: the whole list becomes one matcher, refused as a whole. */
function wholeList(
  label: string,
  httpOnly: boolean,
  build: (values: readonly string[]) => Predicate | FieldProblem,
) {
  return (values: readonly string[], forTCP: boolean): CompiledValues => {
    if (values.length === 0) return { test: null, problems: [] };
    const compiled = httpOnly && forTCP ? httpOnlyProblem(label, values.join(", ")) : build(values);
    return typeof compiled === "function"
      ? { test: compiled, problems: [] }
      : { test: null, problems: [compiled] };
  };
}

type AddressField = "source" | "remote" | "destination";

/** `ipBlocks`, `remoteIpBlocks`, `source.ip`, `remote.ip`, `destination.ip`: one integer range set. */
function addresses(field: AddressField): ValuesCompiler {
  return (values) => {
    const problems: FieldProblem[] = [];
    const ranges: CidrRange[] = [];
    for (const value of values) {
      const range = parseCidr(value);
      if (range === null)
        problems.push({ value, kind: "invalid-ip", message: `invalid IP or CIDR ${JSON.stringify(value)}` });
      else ranges.push(range);
    }
    if (ranges.length === 0) return { test: null, problems };
    const set = ipSetOf(ranges);
    const test: Predicate =
      field === "source"
        ? (ctx) => ctx.sourceIn(set)
        : field === "remote"
          ? (ctx) => ctx.remoteIn(set)
          : (ctx) => ctx.destinationIn(set);
    return { test, problems };
  };
}

/** Go strconv.ParseUint(v, 10, 32) ≤ 65535 (`model/util.go` convertToPort); leading zeros are accepted. */
export function parsePortValue(value: string): number | null {
  if (!/^[0-9]+$/.test(value)) return null;
  const port = Number(value);
  return port <= 65535 ? port : null;
}

/** `ports`, `notPorts`, `destination.port`: the workload port. */
const ports: ValuesCompiler = (values) => {
  const problems: FieldProblem[] = [];
  const accepted = new Set<number>();
  for (const value of values) {
    const port = parsePortValue(value);
    if (port === null)
      problems.push({ value, kind: "invalid-port", message: `invalid port ${JSON.stringify(value)}` });
    else accepted.add(port);
  }
  if (accepted.size === 0) return { test: null, problems };
  if (accepted.size === 1) {
    const [only] = accepted;
    return { test: (ctx) => ctx.destinationPort === only, problems };
  }
  return { test: (ctx) => accepted.has(ctx.destinationPort), problems };
};

/** `paths`: Envoy path matcher (query stripped, normalized) or uri_template matcher for `{*}`/`{**}`. */
function pathValue(value: string): ValueTest | FieldProblem {
  if (!containsPathTemplate(value)) return istioValueTest(value);
  const problem = pathTemplateProblem(value);
  if (problem !== null)
    return { value, kind: "invalid-template", message: `invalid path template: ${problem}` };
  return regexMatcher(pathTemplateRegex(value));
}

/** The `<name>` of `[<name>]` (`model/util.go` extractNameInBrackets), or null. */
export function nameInBrackets(text: string): string | null {
  return text.startsWith("[") && text.endsWith("]") && text.length >= 2 ? text.slice(1, -1) : null;
}

/** `[a][b]` → ["a", "b"] (`extractNameInNestedBrackets`), falling back to the single-bracket form. */
export function namesInNestedBrackets(text: string): readonly string[] | null {
  const names: string[] = [];
  let at = 0;
  while (at < text.length) {
    if (text[at] !== "[") break;
    const end = text.indexOf("]", at + 1);
    const nested = text.indexOf("[", at + 1);
    if (end < 0 || (nested >= 0 && nested < end)) break;
    names.push(text.slice(at + 1, end));
    at = end + 1;
  }
  if (at === text.length && names.length > 0) return names;
  const single = nameInBrackets(text);
  return single === null ? null : [single];
}

/** `request.headers[<name>]`: Envoy header matcher; names are case-insensitive. */
function requestHeader(key: string): ValuesCompiler {
  const name = nameInBrackets(key.slice("request.headers".length));
  return stringValues(key, true, { header: (name ?? "").toLowerCase() }, (value) =>
    name === null
      ? { value, kind: "invalid-key", message: `expecting format [<NAME>] in ${key}` }
      : headerValueTest(value),
  );
}

/** A metadata value matcher over a string or a list of strings (`MetadataListValueMatcher`, extended JWT). */
function listOrString(test: StringPredicate): (node: unknown) => boolean {
  return (node) => {
    if (typeof node === "string") return test(node);
    if (Array.isArray(node)) return node.some((entry) => typeof entry === "string" && test(entry));
    return false;
  };
}

/** `request.auth.claims[...]`, `request.auth.audiences` (`aud`), `request.auth.presenter` (`azp`). */
function jwtClaim(label: string, path: readonly string[] | null): ValuesCompiler {
  return wholeList(label, true, (values) => {
    if (path === null)
      return {
        value: values.join(", "),
        kind: "invalid-key",
        message: `expecting format [<NAME>] in ${label}`,
      };
    const test = listOrString(anyStringOf(values));
    return (ctx) => test(ctx.claim(path));
  });
}

function anyStringOf(values: readonly string[]): StringPredicate {
  return anyOfValues(values.map(istioValueTest));
}

/** Matchers of `requestPrincipalGenerator` for one `<iss>/<sub>` value. */
function issuerSubject(value: string): { iss: StringPredicate; sub: StringPredicate } {
  const any: StringPredicate = (s) => s.length > 0;
  const cut = value.lastIndexOf("/");
  const iss = cut < 0 ? value : value.slice(0, cut);
  const sub = cut < 0 ? "" : value.slice(cut + 1);
  const exact =
    (x: string): StringPredicate =>
    (s) =>
      s === x;
  if (value === "*") return { iss: any, sub: any };
  if (value.startsWith("*")) {
    if (cut < 0) return { iss: any, sub: (s) => s.endsWith(value.slice(1)) };
    return { iss: iss === "*" ? any : (s) => s.endsWith(iss.slice(1)), sub: exact(sub) };
  }
  if (value.endsWith("*")) {
    if (cut < 0) return { iss: (s) => s.startsWith(value.slice(0, -1)), sub: any };
    return { iss: exact(iss), sub: sub === "*" ? any : (s) => s.startsWith(sub.slice(0, -1)) };
  }
  return { iss: exact(iss), sub: exact(sub) };
}

const ISS = ["iss"] as const;
const SUB = ["sub"] as const;

/** `requestPrincipals` / `request.auth.principal`: JWT `iss` and `sub` claims. */
function requestPrincipals(label: string): ValuesCompiler {
  return wholeList(label, true, (values) => {
    const pairs = values.map(issuerSubject);
    return (ctx) => {
      const iss = ctx.claim(ISS);
      const sub = ctx.claim(SUB);
      if (typeof iss !== "string" || typeof sub !== "string") return false;
      for (const pair of pairs) if (pair.iss(iss) && pair.sub(sub)) return true;
      return false;
    };
  });
}

/** `experimental.envoy.filters.<filter>[<key>]`: Envoy dynamic metadata; `[v]` matches inside a list. */
function envoyFilterMetadata(key: string): ValuesCompiler {
  const trimmed = key.slice("experimental.".length).replace(/\]$/, "");
  const open = trimmed.indexOf("[");
  const filter = open < 0 ? trimmed : trimmed.slice(0, open);
  const field = open < 0 ? null : trimmed.slice(open + 1);
  return wholeList(key, false, (values) => {
    if (field === null)
      return { value: values.join(", "), kind: "invalid-key", message: `invalid key: ${key}` };
    const tests = values.map((value) => {
      const inList = value.startsWith("[") && value.endsWith("]");
      const test = istioValueMatcher(inList ? value.slice(1, -1) : value);
      return (node: unknown) =>
        inList
          ? Array.isArray(node) && node.some((entry) => typeof entry === "string" && test(entry))
          : typeof node === "string" && test(node);
    });
    return (ctx) => {
      const node = ctx.filterMetadata(filter, field);
      return tests.some((t) => t(node));
    };
  });
}

/** The identity attributes (`principals`, `namespaces`, `serviceAccounts`, `trustDomains` and their `when` keys). */
function identityCompilers(policyNamespace: string) {
  return {
    principal: stringValues("principals", false, "principal", principalTest),
    namespace: stringValues("namespaces", false, "principal", namespaceTest),
    serviceAccount: stringValues("serviceAccounts", false, "principal", (value) =>
      serviceAccountTest(policyNamespace, value),
    ),
    trustDomain: stringValues("trustDomains", false, "principal", trustDomainTest),
  };
}

/** Attribute compilers that need the policy's namespace (`serviceAccounts` without a namespace). */
export interface AttributeScope {
  readonly policyNamespace: string;
}

/** `source` fields of a rule, by field name. */
export function sourceFieldCompilers(scope: AttributeScope): Readonly<Record<string, ValuesCompiler>> {
  const identity = identityCompilers(scope.policyNamespace);
  return {
    principals: identity.principal,
    namespaces: identity.namespace,
    serviceAccounts: identity.serviceAccount,
    trustDomains: identity.trustDomain,
    ipBlocks: addresses("source"),
    remoteIpBlocks: addresses("remote"),
    requestPrincipals: requestPrincipals("requestPrincipals"),
  };
}

/** `operation` fields of a rule, by field name. */
export const OPERATION_FIELD_COMPILERS: Readonly<Record<string, ValuesCompiler>> = {
  hosts: stringValues("hosts", true, "host", hostValueTest),
  ports,
  methods: stringValues("methods", true, "method", (value) => headerValueTest(value)),
  paths: stringValues("paths", true, "path", pathValue),
};

/** Where a `when` attribute lands in Envoy's policy: the permission (to) or principal (from) side. */
export type ConditionSide = "permission" | "principal";

/** The compiler of a `when` key, or null when istiod does not know the key (`model.go` New). */
export function conditionCompiler(
  key: string,
  scope: AttributeScope,
): { readonly side: ConditionSide; readonly compile: ValuesCompiler } | null {
  const identity = identityCompilers(scope.policyNamespace);
  switch (key) {
    case "destination.ip":
      return { side: "permission", compile: addresses("destination") };
    case "destination.port":
      return { side: "permission", compile: ports };
    case "connection.sni":
      return {
        side: "permission",
        compile: stringValues(key, false, "sni", istioValueTest),
      };
    case "source.ip":
      return { side: "principal", compile: addresses("source") };
    case "remote.ip":
      return { side: "principal", compile: addresses("remote") };
    case "source.namespace":
      return { side: "principal", compile: identity.namespace };
    case "source.trustDomain":
      return { side: "principal", compile: identity.trustDomain };
    case "source.serviceAccount":
      return { side: "principal", compile: identity.serviceAccount };
    case "source.principal":
      return { side: "principal", compile: identity.principal };
    case "request.auth.principal":
      return { side: "principal", compile: requestPrincipals(key) };
    case "request.auth.audiences":
      return { side: "principal", compile: jwtClaim(key, ["aud"]) };
    case "request.auth.presenter":
      return { side: "principal", compile: jwtClaim(key, ["azp"]) };
  }
  if (key.startsWith("experimental.envoy.filters."))
    return { side: "permission", compile: envoyFilterMetadata(key) };
  if (key.startsWith("request.headers")) return { side: "principal", compile: requestHeader(key) };
  if (key.startsWith("request.auth.claims")) {
    return {
      side: "principal",
      compile: jwtClaim(key, namesInNestedBrackets(key.slice("request.auth.claims".length))),
    };
  }
  return null;
}
