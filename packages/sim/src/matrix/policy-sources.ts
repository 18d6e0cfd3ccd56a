import type { KubeObject } from "@meshwright/core";

/**
 * The values an AuthorizationPolicy compares with attributes of the *source* of a request
 * (istio-semantics §2.2): peer principals and namespaces, and source / remote addresses. Request
 * principals (JWT) and every destination or request attribute are left out: they do not depend on
 * who sends.
 */
export interface PolicySourceValues {
  /** `principals` / `notPrincipals` and `when` `source.principal` values. */
  readonly principals: readonly string[];
  /** `namespaces` / `notNamespaces` and `when` `source.namespace` values. */
  readonly namespaces: readonly string[];
  /** `ipBlocks`, `remoteIpBlocks` (and their `not`s) and `when` `source.ip` / `remote.ip` values. */
  readonly addresses: readonly string[];
}

const SOURCE_FIELDS = {
  principals: ["principals", "notPrincipals"],
  namespaces: ["namespaces", "notNamespaces"],
  addresses: ["ipBlocks", "notIpBlocks", "remoteIpBlocks", "notRemoteIpBlocks"],
} as const;

const WHEN_KEYS: Readonly<Record<string, keyof PolicySourceValues>> = {
  "source.principal": "principals",
  "source.namespace": "namespaces",
  "source.ip": "addresses",
  "remote.ip": "addresses",
};

const record = (value: unknown): Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

/** The source values of one AuthorizationPolicy (any malformed part is skipped, never thrown on). */
export function policySourceValues(policy: KubeObject): PolicySourceValues {
  const out = { principals: [] as string[], namespaces: [] as string[], addresses: [] as string[] };
  const rules = record(policy).spec === undefined ? [] : record(record(policy).spec).rules;
  for (const rule of Array.isArray(rules) ? rules : []) {
    const from = record(rule).from;
    for (const entry of Array.isArray(from) ? from : []) {
      const source = record(record(entry).source);
      for (const [bucket, fields] of Object.entries(SOURCE_FIELDS)) {
        for (const name of fields) out[bucket as keyof typeof out].push(...strings(source[name]));
      }
    }
    const when = record(rule).when;
    for (const condition of Array.isArray(when) ? when : []) {
      const c = record(condition);
      const bucket = typeof c.key === "string" ? WHEN_KEYS[c.key] : undefined;
      if (bucket) out[bucket].push(...strings(c.values), ...strings(c.notValues));
    }
  }
  return out;
}
