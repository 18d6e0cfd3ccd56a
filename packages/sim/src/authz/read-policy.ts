/**
 * Reads an AuthorizationPolicy as the user wrote it into one plain, fully-defaulted shape, so the
 * attachment, the sidecar compiler and the ztunnel converter never re-check the YAML. Shape errors the
 * API server's schema would reject make the policy ignored (MW6000) instead of crashing.
 */
import { type Diagnostic, memoizeWeak } from "@meshwright/core";
import { authzDiagnostic } from "./codes";
import {
  type AuthorizationPolicyObject,
  type AuthzAction,
  DRY_RUN_ANNOTATION,
  policyKeyOf,
} from "./policy-object";

/** `rules[].from[].source`, every list defaulted to empty. */
export interface SourceFields {
  readonly principals: readonly string[];
  readonly notPrincipals: readonly string[];
  readonly requestPrincipals: readonly string[];
  readonly notRequestPrincipals: readonly string[];
  readonly namespaces: readonly string[];
  readonly notNamespaces: readonly string[];
  readonly serviceAccounts: readonly string[];
  readonly notServiceAccounts: readonly string[];
  readonly trustDomains: readonly string[];
  readonly notTrustDomains: readonly string[];
  readonly ipBlocks: readonly string[];
  readonly notIpBlocks: readonly string[];
  readonly remoteIpBlocks: readonly string[];
  readonly notRemoteIpBlocks: readonly string[];
}

/** `rules[].to[].operation`, every list defaulted to empty. */
export interface OperationFields {
  readonly hosts: readonly string[];
  readonly notHosts: readonly string[];
  readonly ports: readonly string[];
  readonly notPorts: readonly string[];
  readonly methods: readonly string[];
  readonly notMethods: readonly string[];
  readonly paths: readonly string[];
  readonly notPaths: readonly string[];
}

/** `rules[].when[]`. */
export interface ConditionFields {
  readonly key: string;
  readonly values: readonly string[];
  readonly notValues: readonly string[];
}

/** One rule; `from`/`to` empty means "absent" (Istio treats both the same: `len(r.From) == 0`). */
export interface RuleFields {
  readonly from: readonly SourceFields[];
  readonly to: readonly OperationFields[];
  readonly when: readonly ConditionFields[];
}

/** A policy target reference (`targetRef` or `targetRefs[]`). */
export interface TargetRefFields {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

/** An AuthorizationPolicy, read. */
export interface ReadPolicy {
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  readonly creationTimestamp: string;
  /** null when the action is unknown (the policy is then ignored, MW6001). */
  readonly action: AuthzAction | null;
  readonly provider: string | null;
  readonly dryRun: boolean;
  /** null = no selector; `{}` = a selector without labels. */
  readonly selector: Readonly<Record<string, string>> | null;
  /** `targetRefs`, or the legacy single `targetRef` (`policyattachment.go` GetTargetRefs). */
  readonly targetRefs: readonly TargetRefFields[];
  /** Rules in order; a `null` entry is a rule istiod skips (`skipped nil rule`). */
  readonly rules: readonly (RuleFields | null)[];
  /** The object as given, for callers that report it. */
  readonly object: AuthorizationPolicyObject;
}

/** The result of reading: the policy (null when it must be ignored) and what was wrong with it. */
export interface ReadPolicyResult {
  readonly policy: ReadPolicy | null;
  readonly diagnostics: readonly Diagnostic[];
}

const SOURCE_FIELDS = [
  "principals",
  "notPrincipals",
  "requestPrincipals",
  "notRequestPrincipals",
  "namespaces",
  "notNamespaces",
  "serviceAccounts",
  "notServiceAccounts",
  "trustDomains",
  "notTrustDomains",
  "ipBlocks",
  "notIpBlocks",
  "remoteIpBlocks",
  "notRemoteIpBlocks",
] as const satisfies readonly (keyof SourceFields)[];

const OPERATION_FIELDS = [
  "hosts",
  "notHosts",
  "ports",
  "notPorts",
  "methods",
  "notMethods",
  "paths",
  "notPaths",
] as const satisfies readonly (keyof OperationFields)[];

const ACTIONS: ReadonlySet<string> = new Set(["ALLOW", "DENY", "AUDIT", "CUSTOM"]);

/** Go's strconv.ParseBool, which istiod uses for the dry-run annotation (`builder.go` isDryRun). */
export function parseGoBool(text: string): boolean | null {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

class ShapeError extends Error {
  constructor(
    readonly path: string,
    readonly expectedShape: string,
  ) {
    super(`${path}: expected ${expectedShape}`);
  }
}

function stringList(holder: Record<string, unknown>, field: string, path: string): readonly string[] {
  const value = holder[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw new ShapeError(`${path}.${field}`, "a list of strings");
  }
  return value as string[];
}

function objectList(holder: Record<string, unknown>, field: string, path: string): readonly unknown[] {
  const value = holder[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ShapeError(`${path}.${field}`, "a list");
  return value;
}

function optionalRecord(value: unknown, path: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new ShapeError(path, "an object");
  return value;
}

function readFields<K extends string>(
  fields: readonly K[],
  holder: Record<string, unknown>,
  path: string,
): Record<K, readonly string[]> {
  const out = {} as Record<K, readonly string[]>;
  for (const field of fields) out[field] = stringList(holder, field, path);
  return out;
}

function readRule(value: unknown, path: string): RuleFields | null {
  if (value === null || value === undefined) return null;
  const rule = optionalRecord(value, path);
  const from = objectList(rule, "from", path).map((entry, i) => {
    const at = `${path}.from[${i}]`;
    return readFields(
      SOURCE_FIELDS,
      optionalRecord(optionalRecord(entry, at).source, `${at}.source`),
      `${at}.source`,
    );
  });
  const to = objectList(rule, "to", path).map((entry, i) => {
    const at = `${path}.to[${i}]`;
    return readFields(
      OPERATION_FIELDS,
      optionalRecord(optionalRecord(entry, at).operation, `${at}.operation`),
      `${at}.operation`,
    );
  });
  const when = objectList(rule, "when", path).map((entry, i) => {
    const at = `${path}.when[${i}]`;
    const condition = optionalRecord(entry, at);
    if (typeof condition.key !== "string") throw new ShapeError(`${at}.key`, "a string");
    return {
      key: condition.key,
      values: stringList(condition, "values", at),
      notValues: stringList(condition, "notValues", at),
    };
  });
  return { from, to, when };
}

function readTargetRefs(spec: Record<string, unknown>): readonly TargetRefFields[] {
  const many = objectList(spec, "targetRefs", "$.spec");
  const refs = many.length > 0 ? many : spec.targetRef !== undefined ? [spec.targetRef] : [];
  return refs.map((ref, i) => {
    const at = many.length > 0 ? `$.spec.targetRefs[${i}]` : "$.spec.targetRef";
    const r = optionalRecord(ref, at);
    if (typeof r.kind !== "string" || typeof r.name !== "string") {
      throw new ShapeError(at, "an object with string kind and name");
    }
    return {
      group: typeof r.group === "string" ? r.group : "",
      kind: r.kind,
      name: r.name,
      namespace: typeof r.namespace === "string" ? r.namespace : "",
    };
  });
}

function readSelector(spec: Record<string, unknown>): Readonly<Record<string, string>> | null {
  if (spec.selector === undefined || spec.selector === null) return null;
  const selector = optionalRecord(spec.selector, "$.spec.selector");
  const labels = optionalRecord(selector.matchLabels, "$.spec.selector.matchLabels");
  if (Object.values(labels).some((v) => typeof v !== "string")) {
    throw new ShapeError("$.spec.selector.matchLabels", "a map of strings");
  }
  return labels as Record<string, string>;
}

function readDryRun(
  annotations: Readonly<Record<string, string>> | undefined,
  key: string,
  out: Diagnostic[],
) {
  const raw = annotations?.[DRY_RUN_ANNOTATION];
  if (raw === undefined) return false;
  const parsed = parseGoBool(raw);
  if (parsed === null) {
    out.push(
      authzDiagnostic("invalidDryRun", {
        path: `${key}: $.metadata.annotations["${DRY_RUN_ANNOTATION}"]`,
        expected: '"true" or "false"',
        found: JSON.stringify(raw),
      }),
    );
    return false;
  }
  return parsed;
}

/** What each policy object read to: objects are immutable data, and every request reads the same ones. */
const readOnce = memoizeWeak(readPolicy);

/** Reads one AuthorizationPolicy; never throws. */
export function readAuthorizationPolicy(object: AuthorizationPolicyObject): ReadPolicyResult {
  return typeof object === "object" && object !== null ? readOnce(object) : readPolicy(object);
}

function readPolicy(object: AuthorizationPolicyObject): ReadPolicyResult {
  const diagnostics: Diagnostic[] = [];
  const name = typeof object?.metadata?.name === "string" ? object.metadata.name : "";
  const namespace = typeof object?.metadata?.namespace === "string" ? object.metadata.namespace : "default";
  const key = policyKeyOf(namespace, name);
  try {
    if (name === "") throw new ShapeError("$.metadata.name", "a non-empty string");
    const spec = optionalRecord(object.spec as unknown, "$.spec");
    const rawAction = spec.action ?? "ALLOW";
    const action =
      typeof rawAction === "string" && ACTIONS.has(rawAction) ? (rawAction as AuthzAction) : null;
    if (action === null) {
      diagnostics.push(
        authzDiagnostic("unknownAction", {
          path: `${key}: $.spec.action`,
          expected: "ALLOW, DENY, AUDIT or CUSTOM",
          found: JSON.stringify(rawAction),
        }),
      );
    }
    const provider = optionalRecord(spec.provider, "$.spec.provider").name;
    const rules = objectList(spec, "rules", "$.spec").map((rule, i) => readRule(rule, `$.spec.rules[${i}]`));
    const policy: ReadPolicy = {
      key,
      name,
      namespace,
      creationTimestamp:
        typeof object.metadata.creationTimestamp === "string" ? object.metadata.creationTimestamp : "",
      action,
      provider: typeof provider === "string" && provider !== "" ? provider : null,
      dryRun: readDryRun(object.metadata.annotations, key, diagnostics),
      selector: readSelector(spec),
      targetRefs: readTargetRefs(spec),
      rules,
      object,
    };
    if (action === "CUSTOM" && policy.provider === null) {
      diagnostics.push(authzDiagnostic("customWithoutProvider", { path: `${key}: $.spec.provider.name` }));
    }
    return { policy, diagnostics };
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    diagnostics.push(
      authzDiagnostic("policyMalformed", {
        message: `AuthorizationPolicy ${key} is malformed and ignored: ${error.message}`,
        path: `${key}: ${error.path}`,
        expected: error.expectedShape,
      }),
    );
    return { policy: null, diagnostics };
  }
}
