import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { policiesForWorkload } from "./attachment";
import { authorize, authorizerFor } from "./authorize";
import { compileAuthorization } from "./compile";
import type {
  ActionStage,
  ChainPlan,
  CompiledAuthorization,
  CompiledPolicy,
  CompiledRule,
  PortRules,
  RuleIndex,
} from "./compiled";
import type { Enforcer } from "./decision";
import type { AuthorizationPolicyObject } from "./policy-object";
import type { AuthzRequest } from "./request";
import { ap, pa, req } from "./test-helpers";

// Invariants of issue 5 §8 over random policy sets and requests drawn from a small universe, so that
// rules and requests actually meet.
const NAMESPACES = ["foo", "bar", "baz"];
const PRINCIPALS = NAMESPACES.flatMap((ns) => [`cluster.local/ns/${ns}/sa/a`, `cluster.local/ns/${ns}/sa/b`]);
const values = <T>(pool: readonly T[]) =>
  fc.subarray([...pool], { minLength: 1, maxLength: Math.min(2, pool.length) });

const sourceArb = fc.record(
  {
    principals: values([...PRINCIPALS, "*", "cluster.local/ns/foo/*"]),
    notPrincipals: values(PRINCIPALS),
    namespaces: values([...NAMESPACES, "b*"]),
    notNamespaces: values(NAMESPACES),
    serviceAccounts: values(["foo/a", "b"]),
    ipBlocks: values(["10.0.0.0/24", "10.0.1.1", "192.168.0.0/16"]),
    notIpBlocks: values(["10.0.0.7"]),
    requestPrincipals: values(["iss/alice", "*"]),
    remoteIpBlocks: values(["203.0.113.0/24"]),
  },
  { requiredKeys: [] },
);
const operationArb = fc.record(
  {
    ports: values(["80", "8080", "9090"]),
    notPorts: values(["9090"]),
    methods: values(["GET", "POST"]),
    notMethods: values(["DELETE"]),
    paths: values(["/api/*", "/admin", "*"]),
    hosts: values(["*.local", "Example.com"]),
  },
  { requiredKeys: [] },
);
const conditionArb = fc.oneof(
  fc.record({ key: fc.constant("request.headers[x-a]"), values: values(["1", "*"]) }),
  fc.record({ key: fc.constant("source.ip"), values: values(["10.0.0.0/24"]) }),
  fc.record({ key: fc.constant("destination.port"), notValues: values(["80"]) }),
  fc.record({ key: fc.constant("source.namespace"), values: values(NAMESPACES) }),
  fc.record({ key: fc.constant("source.principal"), values: values(PRINCIPALS) }),
  fc.record({ key: fc.constant("no.such.key"), values: values(["x"]) }),
);
const ruleArb = fc.record(
  {
    from: fc.array(fc.record({ source: sourceArb }), { maxLength: 2 }),
    to: fc.array(fc.record({ operation: operationArb }), { maxLength: 2 }),
    when: fc.array(conditionArb, { maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const specArb = (actions: readonly string[]) =>
  fc.record(
    {
      action: fc.constantFrom(...actions),
      rules: fc.option(fc.array(ruleArb, { maxLength: 3 }), { nil: undefined }),
    },
    { requiredKeys: ["action"] },
  );
const policyArb = (actions: readonly string[], prefix: string) =>
  fc
    .tuple(specArb(actions), fc.boolean(), fc.constantFrom("foo", "istio-system"))
    .map(([spec, dryRun, ns]) => ({
      spec,
      dryRun,
      ns,
      prefix,
    }));
const policiesArb = (actions: readonly string[], prefix: string, maxLength = 4) =>
  fc
    .array(policyArb(actions, prefix), { maxLength })
    .map((list) =>
      list.map((p, i) =>
        ap(
          `${p.ns}/${p.prefix}${i}`,
          p.spec,
          p.dryRun ? { annotations: { "istio.io/dry-run": "true" } } : {},
        ),
      ),
    );

const requestArb: fc.Arbitrary<AuthzRequest> = fc
  .record({
    principal: fc.constantFrom<string | null>(null, ...PRINCIPALS),
    sourceIp: fc.constantFrom("10.0.0.7", "10.0.1.1", "192.168.3.4", "172.16.0.1"),
    port: fc.constantFrom(80, 8080, 9090),
    protocol: fc.constantFrom<"http" | "tcp">("http", "tcp"),
    method: fc.constantFrom("GET", "POST", "DELETE"),
    path: fc.constantFrom("/api/v1", "/admin", "/", "/api/../admin?x=1"),
    host: fc.constantFrom("a.local", "example.com", "EXAMPLE.COM"),
    header: fc.option(fc.constantFrom("1", "2"), { nil: undefined }),
    jwt: fc.boolean(),
  })
  .map((r) =>
    req({
      principal: r.principal,
      sourceIp: r.sourceIp,
      port: r.port,
      protocol: r.protocol,
      method: r.method,
      path: r.path,
      host: r.host,
      ...(r.header !== undefined ? { headers: { "X-A": r.header } } : {}),
      ...(r.jwt ? { requestAuth: { principal: "iss/alice" } } : {}),
    }),
  );
const enforcerArb = fc.constantFrom<Enforcer>("sidecar", "ztunnel", "waypoint");

const decide = (policies: AuthorizationPolicyObject[], request: AuthzRequest, enforcer: Enforcer) =>
  authorize(compileAuthorization(policies, { enforcer, trustDomain: "cluster.local" }), request);

/**
 * The same compiled policies with every rule of a port tried: the port lists rebuilt from the
 * stages' policies, with no principal or host index.
 */
function unindexed(compiled: CompiledAuthorization): CompiledAuthorization {
  const tried = (rules: readonly CompiledRule[]): PortRules => ({
    unkeyed: [...rules].sort((a, b) => a.rank - b.rank),
    byPrincipal: null,
    byHost: null,
  });
  const index = (policies: readonly CompiledPolicy[]): RuleIndex => {
    const rules = policies.flatMap((p) => p.rules);
    const ports = new Set(rules.flatMap((r) => [...(r.ports ?? [])]));
    return {
      byPort: new Map(
        [...ports].map((port) => [port, tried(rules.filter((r) => r.ports?.has(port) ?? true))]),
      ),
      other: tried(rules.filter((r) => r.ports === null)),
    };
  };
  const stage = <S extends ActionStage>(s: S): S => ({
    ...s,
    enforcedRules: index(s.enforced),
    shadowRules: index(s.shadow),
  });
  const plan = (p: ChainPlan): ChainPlan => ({
    ...p,
    custom: p.custom.map(stage),
    audit: stage(p.audit),
    deny: stage(p.deny),
    allow: stage(p.allow),
  });
  return { ...compiled, http: plan(compiled.http), tcp: plan(compiled.tcp) };
}

describe("authorization invariants (property tests, issue 5 §8)", () => {
  it("the principal and host index never changes a decision (every rule tried gives the same)", () => {
    fc.assert(
      fc.property(
        policiesArb(["ALLOW", "DENY", "AUDIT"], "p", 6),
        requestArb,
        fc.constantFrom<Enforcer>("sidecar", "waypoint", "gateway"),
        fc.constantFrom(undefined, ["other.domain"]),
        (policies, request, enforcer, trustDomainAliases) => {
          const compiled = compileAuthorization(policies, {
            enforcer,
            trustDomain: "cluster.local",
            ...(trustDomainAliases ? { trustDomainAliases } : {}),
          });
          expect(authorize(compiled, request)).toEqual(authorize(unindexed(compiled), request));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("adding a DENY policy never turns a denied request into an allowed one", () => {
    fc.assert(
      fc.property(
        policiesArb(["ALLOW", "DENY", "AUDIT"], "p"),
        policyArb(["DENY"], "added").map((p) => ap(`${p.ns}/added`, p.spec)),
        requestArb,
        enforcerArb,
        (policies, deny, request, enforcer) => {
          if (decide(policies, request, enforcer).decision === "DENY") {
            expect(decide([...policies, deny], request, enforcer).decision).toBe("DENY");
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("adding an ALLOW policy to a workload that had none never allows more", () => {
    fc.assert(
      fc.property(
        policiesArb(["DENY", "AUDIT"], "p"),
        policyArb(["ALLOW"], "added").map((p) => ap(`${p.ns}/added`, p.spec)),
        requestArb,
        enforcerArb,
        (policies, allow, request, enforcer) => {
          if (decide([...policies, allow], request, enforcer).decision === "ALLOW") {
            expect(decide(policies, request, enforcer).decision).toBe("ALLOW");
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the decision is deterministic and does not depend on the order policies are given in", () => {
    fc.assert(
      fc.property(
        policiesArb(["ALLOW", "DENY", "AUDIT"], "p", 5),
        requestArb,
        enforcerArb,
        fc.nat(),
        (policies, request, enforcer, seed) => {
          const first = decide(policies, request, enforcer);
          expect(decide(policies, request, enforcer)).toEqual(first);
          const rotated = [
            ...policies.slice(seed % (policies.length || 1)),
            ...policies.slice(0, seed % (policies.length || 1)),
          ];
          expect(decide(rotated.reverse(), request, enforcer)).toEqual(first);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a site's authorizer decides every request as authorize(input) does, PeerAuthentication included", () => {
    const modes = fc.constantFrom("STRICT", "PERMISSIVE", "DISABLE");
    fc.assert(
      fc.property(
        policiesArb(["ALLOW", "DENY", "AUDIT"], "p", 4),
        fc.array(requestArb, { minLength: 1, maxLength: 4 }),
        fc.constantFrom<Enforcer>("sidecar", "ztunnel"),
        modes,
        fc.constantFrom("http" as const, "tcp" as const),
        (policies, requests, enforcer, mode, protocol) => {
          const site = {
            resources: [...policies, pa("foo/default", { mtls: { mode } })],
            workload: { namespace: "foo", labels: { app: "a" } },
            enforcer,
            trustDomain: "cluster.local",
            protocol,
          };
          const decideFor = authorizerFor(site);
          for (const request of requests) {
            expect(decideFor(request)).toEqual(authorize({ ...site, request }));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a site attaches exactly the policies policiesForWorkload finds in the whole list (namespace index)", () => {
    const placed = fc.record({
      ns: fc.constantFrom("foo", "bar", "istio-system"),
      selector: fc.option(fc.constantFrom({ app: "a" }, { app: "b" }), { nil: undefined }),
      malformed: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(placed, { maxLength: 8 }),
        fc.constantFrom<Enforcer>("sidecar", "ztunnel"),
        fc.constantFrom("foo", "bar"),
        (list, enforcer, namespace) => {
          const resources = list.map((p, i) =>
            p.malformed
              ? { ...ap(`${p.ns}/bad${i}`, {}), spec: "not an object" as never }
              : ap(`${p.ns}/p${i}`, p.selector ? { selector: { matchLabels: p.selector } } : {}),
          );
          const workload = { namespace, labels: { app: "a" } };
          const decision = authorize({ resources, workload, enforcer, request: req() });
          const expected = policiesForWorkload({ policies: resources, workload, enforcer }).map(
            (p) => `${p.metadata.namespace}/${p.metadata.name}`,
          );
          expect(decision.applied.map((a) => a.policy).sort()).toEqual(expected.sort());
          const malformed = resources.filter((r) => r.spec === ("not an object" as never)).length;
          expect(decision.diagnostics.filter((d) => d.code === "MW6000").length).toBe(malformed);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a site's authorizer answers a malformed request with the malformed-request denial", () => {
    const decideFor = authorizerFor({
      resources: [],
      workload: { namespace: "foo", labels: {} },
      enforcer: "sidecar",
    });
    expect(decideFor({} as AuthzRequest)).toMatchObject({
      decision: "DENY",
      reason: expect.stringContaining("malformed"),
    });
  });

  it("dry-run policies never change the decision", () => {
    fc.assert(
      fc.property(
        policiesArb(["ALLOW", "DENY", "AUDIT"], "p"),
        requestArb,
        enforcerArb,
        (policies, request, enforcer) => {
          const enforced = policies.filter((p) => p.metadata.annotations?.["istio.io/dry-run"] !== "true");
          expect(decide(policies, request, enforcer).decision).toBe(
            decide(enforced, request, enforcer).decision,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("agrees with a reference model built from each policy evaluated alone (port index, ranking)", () => {
    const envoyName = (policy: string, rule: number) => {
      const [ns, name] = policy.split("/");
      return `ns[${ns}]-policy[${name}]-rule[${rule}]`;
    };
    const ztunnelName = (policy: string, rule: number) => `${policy}#${String(rule).padStart(6, "0")}`;
    fc.assert(
      fc.property(
        policiesArb(["ALLOW", "DENY", "AUDIT"], "p", 6),
        requestArb,
        enforcerArb,
        (all, request, enforcer) => {
          // ztunnel receives neither AUDIT nor (without the flag) dry-run policies.
          const policies =
            enforcer === "ztunnel"
              ? all.filter(
                  (p) =>
                    p.spec?.action !== "AUDIT" && p.metadata.annotations?.["istio.io/dry-run"] !== "true",
                )
              : all;
          const decision = decide(policies, request, enforcer);
          const alone = policies.map((p) => decide([p], request, enforcer).applied[0]!);
          expect([...decision.applied].sort((a, b) => (a.policy < b.policy ? -1 : 1))).toEqual(
            [...alone].sort((a, b) => (a.policy < b.policy ? -1 : 1)),
          );
          const enforced = alone.filter((a) => !a.dryRun);
          const order = enforcer === "ztunnel" ? ztunnelName : envoyName;
          const first = (action: string) =>
            enforced
              .filter((a) => a.action === action && a.matched)
              .sort((a, b) => (order(a.policy, a.ruleIndex!) < order(b.policy, b.ruleIndex!) ? -1 : 1))[0];
          const deny = first("DENY");
          const allow = first("ALLOW");
          const hasAllow = enforced.some((a) => a.action === "ALLOW");
          const expected = deny ? "DENY" : !hasAllow || allow ? "ALLOW" : "DENY";
          expect(decision.decision).toBe(expected);
          const decidingEntry = deny ?? (hasAllow ? allow : undefined);
          expect(decision.deciding?.policy).toBe(decidingEntry?.policy);
          expect(decision.deciding?.ruleIndex).toBe(decidingEntry?.ruleIndex);
        },
      ),
      { numRuns: 300 },
    );
  });
});
