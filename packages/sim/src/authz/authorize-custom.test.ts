import { describe, expect, it } from "vitest";
import { authorize } from "./authorize";
import { compileAuthorization } from "./compile";
import type { AuthzVerdict } from "./decision";
import type { ExtAuthzProvider } from "./options";
import type { AuthorizationPolicyObject } from "./policy-object";
import type { AuthzRequest } from "./request";
import { ap, req } from "./test-helpers";

/** A stub provider that records its calls and answers `verdict`. */
function stub(name: string, protocol: "http" | "grpc", verdict: AuthzVerdict) {
  const calls: AuthzRequest[] = [];
  const provider: ExtAuthzProvider = {
    name,
    protocol,
    check: (request) => {
      calls.push(request);
      return verdict;
    },
  };
  return { provider, calls };
}

const custom = (key: string, provider: string, paths: string[], extra: Record<string, unknown> = {}) =>
  ap(key, {
    action: "CUSTOM",
    provider: { name: provider },
    rules: [{ to: [{ operation: { paths } }] }],
    ...extra,
  });

const run = (
  policies: AuthorizationPolicyObject[],
  providers: ExtAuthzProvider[],
  request: AuthzRequest,
  multiple = false,
) =>
  authorize(
    compileAuthorization(policies, {
      enforcer: "sidecar",
      extAuthz: { providers, multipleProviders: multiple },
    }),
    request,
  );

describe("CUSTOM: the ext-authz provider is called only when a CUSTOM rule matches (istio-semantics §2.2)", () => {
  it("no match: the stub is not called and the request continues", () => {
    const s = stub("opa", "http", "DENY");
    const d = run([custom("foo/ext", "opa", ["/admin"])], [s.provider], req({ path: "/public" }));
    expect(d.decision).toBe("ALLOW");
    expect(s.calls).toEqual([]);
    expect(d.extAuthz).toEqual([]);
  });

  it("match + provider DENY: denied by the CUSTOM policy", () => {
    const s = stub("opa", "http", "DENY");
    const d = run([custom("foo/ext", "opa", ["/admin"])], [s.provider], req({ path: "/admin" }));
    expect(d.decision).toBe("DENY");
    expect(d.deciding).toEqual({ policy: "foo/ext", action: "CUSTOM", ruleIndex: 0, provider: "opa" });
    expect(d.extAuthz).toEqual([{ provider: "opa", policy: "foo/ext", ruleIndex: 0, verdict: "DENY" }]);
    expect(d.symptom).toMatch(/ext_authz/);
  });

  it("provider ALLOW cannot bypass DENY or ALLOW policies", () => {
    const s = stub("opa", "http", "ALLOW");
    const deny = ap("foo/deny", { action: "DENY", rules: [{ to: [{ operation: { paths: ["/admin"] } }] }] });
    expect(
      run([custom("foo/ext", "opa", ["/admin"]), deny], [s.provider], req({ path: "/admin" })).decision,
    ).toBe("DENY");
    const allowOther = ap("foo/allow", { rules: [{ to: [{ operation: { paths: ["/other"] } }] }] });
    expect(
      run([custom("foo/ext", "opa", ["/admin"]), allowOther], [s.provider], req({ path: "/admin" })).decision,
    ).toBe("DENY");
    expect(s.calls).toHaveLength(2);
  });

  it("CUSTOM rules run before JWT authentication: request.auth / requestPrincipals never match there", () => {
    const s = stub("opa", "http", "DENY");
    const policy = ap("foo/ext", {
      action: "CUSTOM",
      provider: { name: "opa" },
      rules: [{ from: [{ source: { requestPrincipals: ["*"] } }] }],
    });
    const request = req({ requestAuth: { principal: "iss/alice", claims: { iss: "iss", sub: "alice" } } });
    expect(run([policy], [s.provider], request).decision).toBe("ALLOW");
    expect(s.calls).toEqual([]);
  });
});

describe("CUSTOM provider problems become DENY rules (builder.go getBadCustomDenyRules)", () => {
  it("an unknown provider: the CUSTOM rules deny what they match", () => {
    const d = run([custom("foo/ext", "missing", ["/admin"])], [], req({ path: "/admin" }));
    expect(d.decision).toBe("DENY");
    expect(d.notes.map((n) => n.effect)).toEqual(["custom-as-deny"]);
    expect(run([custom("foo/ext", "missing", ["/admin"])], [], req({ path: "/ok" })).decision).toBe("ALLOW");
  });

  it("two providers on one workload without PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS (custom-bad-multiple-providers)", () => {
    const a = stub("default", "http", "ALLOW");
    const b = stub("another", "http", "ALLOW");
    const policies = [
      custom("foo/httpbin-1", "default", ["/httpbin1"]),
      custom("foo/httpbin-2", "another", ["/httpbin2"]),
    ];
    const d = run(policies, [a.provider, b.provider], req({ path: "/httpbin2" }));
    expect(d.decision).toBe("DENY");
    expect(a.calls.length + b.calls.length).toBe(0);
  });

  it("with the flag, each provider is called for its own rules", () => {
    const a = stub("default", "http", "ALLOW");
    const b = stub("another", "http", "DENY");
    const policies = [
      custom("foo/httpbin-1", "default", ["/httpbin1"]),
      custom("foo/httpbin-2", "another", ["/httpbin2"]),
    ];
    expect(run(policies, [a.provider, b.provider], req({ path: "/httpbin1" }), true).decision).toBe("ALLOW");
    expect(run(policies, [a.provider, b.provider], req({ path: "/httpbin2" }), true).decision).toBe("DENY");
    expect([a.calls.length, b.calls.length]).toEqual([1, 1]);
  });
});

describe("CUSTOM on TCP filter chains (tcp/custom-both-http-tcp, custom-only-http)", () => {
  const tcp = req({ protocol: "tcp" });

  it("an HTTP ext-authz provider is ignored on TCP", () => {
    const s = stub("http-ext", "http", "DENY");
    const d = run([custom("foo/ext", "http-ext", ["/httpbin1"])], [s.provider], tcp);
    expect(d.decision).toBe("ALLOW");
    expect(d.notes.map((n) => n.effect)).toEqual(["custom-ignored"]);
    expect(s.calls).toEqual([]);
  });

  it("a gRPC provider filters TCP, with HTTP fields dropped (broader): every connection is checked", () => {
    const s = stub("grpc-ext", "grpc", "DENY");
    const d = run([custom("foo/ext", "grpc-ext", ["/httpbin1"])], [s.provider], tcp);
    expect(d.decision).toBe("DENY");
    expect(s.calls).toHaveLength(1);
    expect(d.symptom).toMatch(/connection reset/);
  });
});

describe("a failing ext-authz stub", () => {
  it("counts as an unreachable provider: denied (failOpen=false), with MW6026", () => {
    const provider: ExtAuthzProvider = {
      name: "opa",
      protocol: "grpc",
      check: () => {
        throw new Error("connection refused");
      },
    };
    const d = run([custom("foo/ext", "opa", ["/admin"])], [provider], req({ path: "/admin" }));
    expect(d.decision).toBe("DENY");
    expect(d.diagnostics.map((x) => x.code)).toEqual(["MW6026"]);
  });
});
