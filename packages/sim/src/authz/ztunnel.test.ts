import { describe, expect, it } from "vitest";
import { authorize } from "./authorize";
import { compileAuthorization } from "./compile";
import type { AuthorizationPolicyObject } from "./policy-object";
import { ap, type RequestOverrides, req } from "./test-helpers";

const ztunnel = (policies: AuthorizationPolicyObject[]) =>
  compileAuthorization(policies, { enforcer: "ztunnel" });
const decide = (policies: AuthorizationPolicyObject[], o: RequestOverrides = {}) =>
  authorize(ztunnel(policies), req(o));
const ns = (namespace: string) => ({ principal: `cluster.local/ns/${namespace}/sa/x` });

describe("ztunnel sends and evaluates ALLOW and DENY only (istio-semantics §2.9)", () => {
  it("CUSTOM and AUDIT policies are not sent (UnsupportedValue)", () => {
    const d = decide([
      ap("foo/custom", { action: "CUSTOM", provider: { name: "x" }, rules: [{}] }),
      ap("foo/audit", { action: "AUDIT", rules: [{}] }),
    ]);
    expect(d.decision).toBe("ALLOW");
    expect(d.applied).toEqual([]);
    expect(d.notes.map((n) => [n.policy, n.effect])).toEqual([
      ["foo/audit", "policy-not-sent"],
      ["foo/custom", "policy-not-sent"],
    ]);
  });

  it("order: DENY, then no ALLOW → allow, then any ALLOW → allow, else deny", () => {
    const allow = ap("foo/allow", { rules: [{ from: [{ source: { namespaces: ["a"] } }] }] });
    const deny = ap("foo/deny", {
      action: "DENY",
      rules: [{ from: [{ source: { principals: ["cluster.local/ns/a/sa/bad"] } }] }],
    });
    expect(decide([allow, deny], ns("a")).decision).toBe("ALLOW");
    expect(decide([allow, deny], { principal: "cluster.local/ns/a/sa/bad" }).decision).toBe("DENY");
    expect(decide([allow, deny], ns("b")).decision).toBe("DENY");
    expect(decide([deny], ns("b")).decision).toBe("ALLOW");
    expect(decide([allow], ns("b")).symptom).toMatch(/ztunnel/);
  });

  it("empty semantics match the sidecar: no rules allows nothing; rules [{}] matches all", () => {
    expect(decide([ap("foo/allow-nothing", {})]).decision).toBe("DENY");
    expect(decide([ap("foo/deny-nothing", { action: "DENY" })]).decision).toBe("ALLOW");
    expect(decide([ap("foo/deny-all", { action: "DENY", rules: [{}] })]).decision).toBe("DENY");
  });
});

describe("L7 attributes at ztunnel: the opposite of the sidecar TCP rule (rule 8)", () => {
  it("an ALLOW rule with any L7 field is dropped whole (more restrictive)", () => {
    const allow = ap("foo/allow", {
      rules: [
        {
          from: [{ source: { namespaces: ["a"] } }],
          to: [{ operation: { ports: ["8080"], methods: ["GET"] } }],
        },
      ],
    });
    const d = decide([allow], { ...ns("a"), port: 8080 });
    expect(d.decision).toBe("DENY");
    expect(d.notes).toEqual([expect.objectContaining({ effect: "rule-dropped", fields: ["methods"] })]);
  });

  // Mirrors pilot/pkg/serviceregistry/ambient/testdata/deny-groups-in.yaml rule by rule.
  const denyRule = (rule: Record<string, unknown>) => [
    ap("foo/groups-deny", { action: "DENY", rules: [rule] }),
  ];

  it("mixed L4 + L7 in `from` keeps the L4 part (broader)", () => {
    const policies = denyRule({
      from: [
        {
          source: {
            principals: ["cluster.local/ns/from-mix-ns/sa/x"],
            requestPrincipals: ["r"],
            namespaces: ["from-mix-ns"],
          },
        },
      ],
      to: [{ operation: { ports: ["80"] } }],
    });
    expect(decide(policies, { ...ns("from-mix-ns"), port: 80 }).decision).toBe("DENY");
    expect(decide(policies, { ...ns("from-mix-ns"), port: 80 }).notes[0]?.effect).toBe("values-dropped");
  });

  it("mixed L4 + L7 in `to` keeps the ports", () => {
    const policies = denyRule({
      from: [{ source: { namespaces: ["to-mix-ns"] } }],
      to: [{ operation: { ports: ["80"], methods: ["GET"] } }],
    });
    expect(decide(policies, { ...ns("to-mix-ns"), port: 80, method: "POST" }).decision).toBe("DENY");
  });

  it("a DENY rule made only of L7 fields is a no-op", () => {
    const policies = denyRule({
      from: [{ source: { requestPrincipals: ["l7-principal"] } }],
      to: [{ operation: { paths: ["/l7-foo"], methods: ["l7-method"] } }],
    });
    const d = decide(policies);
    expect(d.decision).toBe("ALLOW");
    expect(d.notes.map((n) => n.effect)).toEqual(["rule-no-op"]);
  });

  it("an L4 + L7 `when` pair never matches: the L7 clause is an empty match", () => {
    const policies = denyRule({
      when: [
        { key: "source.namespace", values: ["when-l4-l7-ns"] },
        { key: "connection.sni", values: ["when-l4-l7-sni"] },
      ],
    });
    expect(decide(policies, ns("when-l4-l7-ns")).decision).toBe("ALLOW");
  });

  it("an L4-only `when` with values and notValues is enforced", () => {
    const policies = denyRule({
      when: [
        { key: "source.namespace", values: ["when-l4-ns"] },
        { key: "source.ip", values: ["10.10.10.10"], notValues: ["20.20.20.20"] },
      ],
    });
    expect(decide(policies, { ...ns("when-l4-ns"), sourceIp: "10.10.10.10" }).decision).toBe("DENY");
    expect(decide(policies, { ...ns("when-l4-ns"), sourceIp: "10.10.10.11" }).decision).toBe("ALLOW");
  });

  it("source.serviceAccount is not an L4 `when` key for ztunnel", () => {
    const allow = ap("foo/a", {
      rules: [{ when: [{ key: "source.serviceAccount", values: ["foo/client"] }] }],
    });
    expect(decide([allow]).decision).toBe("DENY");
  });
});

describe("ztunnel matchers (rbac.rs)", () => {
  it("principals compare the identity without spiffe://: exact, prefix, suffix, presence", () => {
    const allow = (principals: string[]) => [
      ap("foo/a", { rules: [{ from: [{ source: { principals } }] }] }),
    ];
    expect(decide(allow(["cluster.local/ns/foo/sa/client"])).decision).toBe("ALLOW");
    expect(decide(allow(["cluster.local/ns/foo/*"])).decision).toBe("ALLOW");
    expect(decide(allow(["*/sa/client"])).decision).toBe("ALLOW");
    expect(decide(allow(["*"]), { principal: null }).decision).toBe("DENY");
  });

  it("namespaces compare the identity's namespace; `ns-*` is a prefix (no inner wildcard)", () => {
    const allow = (namespaces: string[]) => [
      ap("foo/a", { rules: [{ from: [{ source: { namespaces } }] }] }),
    ];
    expect(decide(allow(["team-*"]), ns("team-a")).decision).toBe("ALLOW");
    expect(decide(allow(["a*c"]), ns("abc")).decision).toBe("DENY");
    expect(decide(allow(["*"]), ns("x")).decision).toBe("ALLOW");
  });

  it("serviceAccounts: ns/sa or sa in the policy's namespace, exact", () => {
    const allow = (serviceAccounts: string[]) => [
      ap("cfg/a", { rules: [{ from: [{ source: { serviceAccounts } }] }] }),
    ];
    expect(decide(allow(["foo/client"])).decision).toBe("ALLOW");
    expect(decide(allow(["client"]), { principal: "cluster.local/ns/cfg/sa/client" }).decision).toBe("ALLOW");
    expect(decide(allow(["client"])).decision).toBe("DENY");
  });

  it("plaintext: positive identity fields fail, their not forms pass", () => {
    const allowNotNs = [ap("foo/a", { rules: [{ from: [{ source: { notNamespaces: ["foo"] } }] }] })];
    expect(decide(allowNotNs, { principal: null }).decision).toBe("ALLOW");
    const allowNs = [ap("foo/a", { rules: [{ from: [{ source: { namespaces: ["foo"] } }] }] })];
    expect(decide(allowNs, { principal: null }).decision).toBe("DENY");
  });

  it("trustDomains are not converted: a source using only them never matches", () => {
    const d = decide([ap("foo/a", { rules: [{ from: [{ source: { trustDomains: ["cluster.local"] } }] }] })]);
    expect(d.decision).toBe("DENY");
    expect(d.notes.map((n) => n.effect)).toEqual(["attributes-ignored"]);
  });

  it("no trust-domain alias rewrite at ztunnel: cluster.local stays literal", () => {
    const allow = [
      ap("foo/a", { rules: [{ from: [{ source: { principals: ["cluster.local/ns/foo/sa/client"] } }] }] }),
    ];
    const compiled = compileAuthorization(allow, { enforcer: "ztunnel", trustDomain: "td1" });
    expect(authorize(compiled, req({ principal: "td1/ns/foo/sa/client" })).decision).toBe("DENY");
  });

  it("invalid ports and IPs are silently skipped; an empty operation is an empty match", () => {
    const allow = [ap("foo/a", { rules: [{ to: [{ operation: { ports: ["http", "8080"] } }] }] })];
    expect(decide(allow, { port: 8080 }).decision).toBe("ALLOW");
    expect(decide([ap("foo/a", { rules: [{ to: [{ operation: {} }] }] })]).decision).toBe("DENY");
  });

  it("destination.ip and destination.port conditions", () => {
    const allow = [
      ap("foo/a", {
        rules: [
          {
            when: [
              { key: "destination.ip", values: ["10.0.1.0/24"] },
              { key: "destination.port", notValues: ["9090"] },
            ],
          },
        ],
      }),
    ];
    expect(decide(allow, { destinationIp: "10.0.1.5", port: 8080 }).decision).toBe("ALLOW");
    expect(decide(allow, { destinationIp: "10.0.1.5", port: 9090 }).decision).toBe("DENY");
  });
});
