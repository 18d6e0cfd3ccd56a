import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { authorize } from "./authorize";
import { AUTHZ_CODES } from "./codes";
import { compileAuthorization } from "./compile";
import type { AuthorizationPolicyObject } from "./policy-object";
import { parseGoBool, readAuthorizationPolicy } from "./read-policy";
import { ap, req } from "./test-helpers";

describe("reading AuthorizationPolicies never throws", () => {
  it("malformed shapes make the policy ignored with MW6000 and a path", () => {
    for (const spec of [
      { rules: [{ from: "x" }] },
      { rules: [{ to: [{ operation: { ports: 8080 } }] }] },
      { selector: { matchLabels: { a: 1 } } },
    ]) {
      const result = readAuthorizationPolicy(ap("foo/p", spec));
      expect(result.policy).toBeNull();
      expect(result.diagnostics[0]).toMatchObject({ code: "MW6000", severity: "error" });
      expect(result.diagnostics[0]?.path).toMatch(/^foo\/p: \$\.spec/);
    }
  });

  it("an unknown action is ignored by istiod (MW6001)", () => {
    const compiled = compileAuthorization([ap("foo/p", { action: "REJECT", rules: [{}] })], {
      enforcer: "sidecar",
    });
    expect(compiled.policies).toEqual([]);
    expect(compiled.diagnostics.map((d) => d.code)).toEqual(["MW6001"]);
  });

  it("a CUSTOM policy without provider is flagged (MW6007)", () => {
    expect(
      readAuthorizationPolicy(ap("foo/p", { action: "CUSTOM", rules: [{}] })).diagnostics.map((d) => d.code),
    ).toEqual(["MW6007"]);
  });

  it("non-object input is handled", () => {
    const result = readAuthorizationPolicy({ metadata: {} } as unknown as AuthorizationPolicyObject);
    expect(result.policy).toBeNull();
  });

  it("validation-level findings: serviceAccounts with principals, bad templates, malformed header keys", () => {
    const compiled = compileAuthorization(
      [
        ap("foo/p", {
          action: "DENY",
          rules: [
            {
              from: [{ source: { serviceAccounts: ["a"], principals: ["b"] } }],
              to: [{ operation: { paths: ["/{**}/{*}"] } }],
              when: [{ key: "request.headers", values: ["x"] }],
            },
          ],
        }),
      ],
      { enforcer: "sidecar" },
    );
    expect(compiled.diagnostics.map((d) => d.code)).toEqual(["MW6005", "MW6006", "MW6008"]);
  });

  it("the dry-run annotation is read with Go's ParseBool", () => {
    expect(["1", "t", "TRUE", "True"].map(parseGoBool)).toEqual([true, true, true, true]);
    expect(["0", "F", "false"].map(parseGoBool)).toEqual([false, false, false]);
    expect(parseGoBool("yes")).toBeNull();
  });
});

describe("diagnostic catalogue", () => {
  it("codes are unique and inside MW6000–MW6499, each with a fix", () => {
    const codes = Object.values(AUTHZ_CODES).map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const info of Object.values(AUTHZ_CODES)) {
      const n = Number(info.code.slice(2));
      expect(n >= 6000 && n <= 6499).toBe(true);
      expect(info.fix.length).toBeGreaterThan(0);
    }
  });
});

describe("bad input is a diagnostic, never an exception", () => {
  it("a request without source or destination is denied with MW6025", () => {
    const compiled = compileAuthorization([ap("foo/p", { rules: [{}] })], { enforcer: "sidecar" });
    const d = authorize(compiled, { protocol: "http" } as never);
    expect(d.decision).toBe("DENY");
    expect(d.diagnostics.map((x) => x.code)).toEqual(["MW6025"]);
  });

  it("policies that are not a list compile to nothing with MW6027", () => {
    const compiled = compileAuthorization("nope" as never, { enforcer: "sidecar" });
    expect(compiled.policies).toEqual([]);
    expect(compiled.diagnostics.map((x) => x.code)).toEqual(["MW6027"]);
  });
});

describe("robustness (property): arbitrary input never throws", () => {
  it("compileAuthorization and authorize accept anything and answer with diagnostics", () => {
    const base = ap("foo/p", {
      rules: [{ from: [{ source: { ipBlocks: ["10.0.0.0/8"] } }], to: [{ operation: { paths: ["/a"] } }] }],
    });
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (spec, request) => {
        const compiled = compileAuthorization([base, ap("foo/q", { x: 1 }), { ...base, spec } as never], {
          enforcer: "sidecar",
        });
        const d = authorize(compiled, request as never);
        expect(["ALLOW", "DENY"]).toContain(d.decision);
      }),
      { numRuns: 300 },
    );
  });

  it("the self-contained authorize(input) accepts anything too", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (resources, request) => {
        const d = authorize({
          resources,
          workload: { namespace: "foo", labels: {} },
          enforcer: "ztunnel",
          request,
        } as never);
        expect(["ALLOW", "DENY"]).toContain(d.decision);
      }),
      { numRuns: 200 },
    );
    expect(authorize(42 as never).diagnostics.map((x) => x.code)).toEqual(["MW6025"]);
    const odd = [
      null,
      1,
      "x",
      { kind: "AuthorizationPolicy" },
      { apiVersion: "security.istio.io/v1", kind: "AuthorizationPolicy", metadata: null },
    ];
    const d = authorize({
      resources: odd,
      workload: { namespace: "foo", labels: {} },
      enforcer: "sidecar",
      request: req(),
    } as never);
    expect(d.decision).toBe("ALLOW");
    expect(d.diagnostics.map((x) => x.code)).toEqual(["MW6000"]);
  });
});
