import { describe, expect, it } from "vitest";
import { authorize } from "./authorize";
import { compileAuthorization } from "./compile";
import type { AuthorizationPolicyObject } from "./policy-object";
import { ap, req } from "./test-helpers";

const decide = (policies: AuthorizationPolicyObject[], request = req()) =>
  authorize(compileAuthorization(policies, { enforcer: "sidecar" }), request);

describe("decision order CUSTOM → DENY → ALLOW (authorization_policy.proto, istio-semantics §2.2)", () => {
  it("no policy at all: allowed", () => {
    const d = decide([]);
    expect(d.decision).toBe("ALLOW");
    expect(d.reason).toMatch(/no ALLOW policy applies/);
    expect(d.deciding).toBeUndefined();
  });

  it("a matching DENY wins over a matching ALLOW (builder testdata deny-and-allow)", () => {
    const d = decide([
      ap("foo/allow-all", { rules: [{}] }),
      ap("foo/deny-get", { action: "DENY", rules: [{ to: [{ operation: { methods: ["GET"] } }] }] }),
    ]);
    expect(d.decision).toBe("DENY");
    expect(d.deciding).toEqual({ policy: "foo/deny-get", action: "DENY", ruleIndex: 0 });
    expect(d.symptom).toMatch(/403/);
  });

  it("with ALLOW policies present, any match allows and no match denies", () => {
    const policies = [
      ap("foo/a", { rules: [{ to: [{ operation: { paths: ["/a"] } }] }] }),
      ap("foo/b", { rules: [{ to: [{ operation: { paths: ["/b"] } }] }] }),
    ];
    expect(decide(policies, req({ path: "/b" })).deciding?.policy).toBe("foo/b");
    const denied = decide(policies, req({ path: "/c" }));
    expect(denied.decision).toBe("DENY");
    expect(denied.reason).toMatch(/no ALLOW policy matched \(2 ALLOW policies apply\)/);
  });

  it("AUDIT never decides; its matches are reported", () => {
    const d = decide([ap("foo/audit", { action: "AUDIT", rules: [{}] })]);
    expect(d.decision).toBe("ALLOW");
    expect(d.audit).toEqual([{ policy: "foo/audit", ruleIndex: 0 }]);
  });

  it("every applied policy is reported with whether (and by which rule) it matched", () => {
    const d = decide([
      ap("foo/allow", { rules: [{ to: [{ operation: { paths: ["/x"] } }] }, {}] }),
      ap("foo/deny", { action: "DENY", rules: [{ to: [{ operation: { paths: ["/admin"] } }] }] }),
    ]);
    expect(d.applied).toEqual([
      { policy: "foo/allow", action: "ALLOW", dryRun: false, matched: true, ruleIndex: 1 },
      { policy: "foo/deny", action: "DENY", dryRun: false, matched: false },
    ]);
  });

  it("the deciding rule is the first match in Envoy's policy-name order (rule[10] sorts before rule[2])", () => {
    const rules = Array.from({ length: 11 }, (_, i) =>
      i === 2 || i === 10 ? {} : { to: [{ operation: { paths: ["/never"] } }] },
    );
    expect(decide([ap("foo/many", { rules })]).deciding?.ruleIndex).toBe(10);
    const two = decide([ap("foo/zz", { rules: [{}] }), ap("foo/aa", { rules: [{}] })]);
    expect(two.deciding?.policy).toBe("foo/aa");
  });
});

describe("empty / missing semantics (istio-semantics §2.3, rule 7)", () => {
  it("ALLOW without rules denies everything it selects (allow-nothing; builder rbacPolicyMatchNever)", () => {
    expect(decide([ap("foo/allow-nothing", {})]).decision).toBe("DENY");
  });

  it("DENY without rules has no effect", () => {
    expect(decide([ap("foo/deny-nothing", { action: "DENY" })]).decision).toBe("ALLOW");
  });

  it("rules: [{}] matches everything: ALLOW allows all, DENY denies all", () => {
    expect(decide([ap("foo/allow-nothing", {}), ap("foo/allow-all", { rules: [{}] })]).decision).toBe(
      "ALLOW",
    );
    expect(decide([ap("foo/deny-all", { action: "DENY", rules: [{}] })]).decision).toBe("DENY");
  });

  it("an empty source or operation matches everything", () => {
    expect(
      decide([ap("foo/x", { rules: [{ from: [{ source: {} }], to: [{ operation: {} }] }] })]).decision,
    ).toBe("ALLOW");
  });
});

describe("rule structure: from OR, to OR, fields AND, values OR, when AND (model.go New)", () => {
  const policy = ap("foo/p", {
    rules: [
      {
        from: [{ source: { namespaces: ["foo"] } }, { source: { ipBlocks: ["192.168.0.0/16"] } }],
        to: [
          { operation: { methods: ["GET", "HEAD"], paths: ["/api/*"] } },
          { operation: { ports: ["9090"] } },
        ],
        when: [{ key: "request.headers[x-env]", values: ["prod"] }],
      },
    ],
  });
  const prod = { "x-env": "prod" };

  it("matches when one from, one to and every when hold", () => {
    expect(decide([policy], req({ path: "/api/v1", headers: prod })).decision).toBe("ALLOW");
    expect(
      decide([policy], req({ principal: null, sourceIp: "192.168.1.1", port: 9090, headers: prod })).decision,
    ).toBe("ALLOW");
  });

  it("fails when one field of the operation fails (AND) or the when fails", () => {
    expect(decide([policy], req({ method: "POST", path: "/api/v1", headers: prod })).decision).toBe("DENY");
    expect(decide([policy], req({ path: "/api/v1", headers: { "x-env": "dev" } })).decision).toBe("DENY");
  });

  it("X and notX must both hold", () => {
    const p = ap("foo/p", {
      rules: [{ to: [{ operation: { paths: ["/api/*"], notPaths: ["/api/admin"] } }] }],
    });
    expect(decide([p], req({ path: "/api/users" })).decision).toBe("ALLOW");
    expect(decide([p], req({ path: "/api/admin" })).decision).toBe("DENY");
  });

  it("a when condition's values and notValues must both hold", () => {
    const p = ap("foo/p", {
      rules: [{ when: [{ key: "request.headers[x-v]", values: ["v*"], notValues: ["v2"] }] }],
    });
    expect(decide([p], req({ headers: { "x-v": "v1" } })).decision).toBe("ALLOW");
    expect(decide([p], req({ headers: { "x-v": "v2" } })).decision).toBe("DENY");
  });
});
