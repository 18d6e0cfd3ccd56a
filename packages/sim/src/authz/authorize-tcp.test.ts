import { describe, expect, it } from "vitest";
import { authorize } from "./authorize";
import { compileAuthorization } from "./compile";
import { ap, req } from "./test-helpers";

// Mirrors pilot/pkg/security/authz/builder/testdata/tcp/*: HTTP-only attributes on a TCP filter chain
// (istio-semantics §2.5, rule 8).
const tcp = (ns: string, port: number) =>
  req({ protocol: "tcp", principal: `cluster.local/ns/${ns}/sa/x`, port });
const SAMPLES = [
  tcp("ns-1", 80),
  tcp("ns-1", 9999),
  tcp("ns-2", 8080),
  tcp("ns-3", 8080),
  tcp("ns-3", 80),
  tcp("ns-3", 1234),
];

const DENY_BOTH_HTTP_TCP = [
  { from: [{ source: { requestPrincipals: ["id-1"] } }], to: [{ operation: { methods: ["GET"] } }] },
  { to: [{ operation: { methods: ["GET"] } }] },
  { from: [{ source: { requestPrincipals: ["id-1"] } }] },
  { from: [{ source: { namespaces: ["ns-1"] } }], to: [{ operation: { methods: ["GET"] } }] },
  { from: [{ source: { requestPrincipals: ["id-1"] } }], to: [{ operation: { ports: ["80"] } }] },
  {
    from: [{ source: { requestPrincipals: ["id-1"] } }],
    to: [{ operation: { ports: ["8080"], methods: ["GET"] } }],
  },
  {
    from: [{ source: { namespaces: ["ns-2"], requestPrincipals: ["id-1"] } }],
    to: [{ operation: { ports: ["8080"], methods: ["GET"] } }],
  },
  { from: [{ source: { namespaces: ["ns-1"] } }], to: [{ operation: { ports: ["80"] } }] },
  { when: [{ key: "request.headers[:method]", values: ["GET"] }] },
  { when: [{ key: "destination.port", values: ["80"] }] },
];

/** Which SAMPLES each rule of deny-both-http-tcp-out.yaml denies. */
const EXPECTED_DENIED: boolean[][] = [
  [true, true, true, true, true, true], // rule[0]: every field dropped → any
  [true, true, true, true, true, true], // rule[1]
  [true, true, true, true, true, true], // rule[2]
  [true, true, false, false, false, false], // rule[3]: ns-1
  [true, false, false, false, true, false], // rule[4]: port 80
  [false, false, true, true, false, false], // rule[5]: port 8080
  [false, false, true, false, false, false], // rule[6]: 8080 and ns-2
  [true, false, false, false, false, false], // rule[7]: 80 and ns-1
  [true, true, true, true, true, true], // rule[8]: header condition dropped → any
  [true, false, false, false, true, false], // rule[9]: destination.port 80
];

describe("sidecar TCP chain: DENY keeps the rule without its HTTP fields (broader; tcp/deny-both-http-tcp)", () => {
  it.each(DENY_BOTH_HTTP_TCP.map((rule, i) => [i, rule] as const))("rule[%i]", (i, rule) => {
    const compiled = compileAuthorization([ap("foo/httpbin-deny", { action: "DENY", rules: [rule] })], {
      enforcer: "sidecar",
      protocol: "tcp",
    });
    expect(SAMPLES.map((r) => authorize(compiled, r).decision === "DENY")).toEqual(EXPECTED_DENIED[i]);
  });

  it("a rule with methods + ports denies all TCP to the port (the HTTP part is dropped) and says so", () => {
    const compiled = compileAuthorization(
      [
        ap("foo/d", {
          action: "DENY",
          rules: [{ to: [{ operation: { methods: ["POST"], ports: ["8080"] } }] }],
        }),
      ],
      { enforcer: "sidecar" },
    );
    const d = authorize(compiled, tcp("ns-3", 8080));
    expect(d.decision).toBe("DENY");
    expect(d.symptom).toMatch(/connection reset/);
    expect(d.notes).toEqual([
      expect.objectContaining({
        effect: "values-dropped",
        fields: ["to[0].operation.methods"],
        ruleIndex: 0,
      }),
    ]);
    // The same policy on HTTP only denies POST.
    expect(authorize(compiled, req({ port: 8080, method: "GET" })).decision).toBe("ALLOW");
  });

  it("AUDIT also keeps its rules broader (tcp/audit-both-http-tcp)", () => {
    const compiled = compileAuthorization(
      [
        ap("foo/a", {
          action: "AUDIT",
          rules: [{ to: [{ operation: { methods: ["GET"], ports: ["80"] } }] }],
        }),
      ],
      { enforcer: "sidecar", protocol: "tcp" },
    );
    expect(authorize(compiled, tcp("ns-3", 80)).audit).toEqual([{ policy: "foo/a", ruleIndex: 0 }]);
  });
});

describe("sidecar TCP chain: ALLOW drops the whole rule (tcp/allow-only-http, tcp/allow-both-http-tcp)", () => {
  it("every rule using HTTP fields is dropped: only rule[3] (ns-1 on port 80) can allow", () => {
    const compiled = compileAuthorization(
      [
        ap("foo/httpbin", {
          rules: [
            {
              from: [{ source: { requestPrincipals: ["id-1"] } }],
              to: [{ operation: { methods: ["GET"] } }],
            },
            {
              from: [{ source: { namespaces: ["ns-1"] } }],
              to: [{ operation: { ports: ["8080"], methods: ["GET"] } }],
            },
            {
              from: [{ source: { namespaces: ["ns-2"], requestPrincipals: ["id-2"] } }],
              to: [{ operation: { ports: ["9090"] } }],
            },
            { from: [{ source: { namespaces: ["ns-1"] } }], to: [{ operation: { ports: ["80"] } }] },
          ],
        }),
      ],
      { enforcer: "sidecar", protocol: "tcp" },
    );
    expect(authorize(compiled, tcp("ns-1", 80)).deciding?.ruleIndex).toBe(3);
    expect(authorize(compiled, tcp("ns-1", 8080)).decision).toBe("DENY");
    expect(authorize(compiled, tcp("ns-2", 9090)).decision).toBe("DENY");
    expect(authorize(compiled, tcp("ns-1", 80)).notes.map((n) => [n.ruleIndex, n.effect])).toEqual([
      [0, "rule-dropped"],
      [1, "rule-dropped"],
      [2, "rule-dropped"],
    ]);
  });

  it("when every ALLOW rule is dropped the ALLOW filter has no policies: all TCP is denied", () => {
    const compiled = compileAuthorization(
      [
        ap("foo/httpbin", {
          rules: [
            {
              from: [{ source: { requestPrincipals: ["id-1"] } }],
              to: [{ operation: { methods: ["GET"] } }],
            },
            { from: [{ source: { namespaces: ["ns-1"] } }], to: [{ operation: { hosts: ["example.com"] } }] },
          ],
        }),
      ],
      { enforcer: "sidecar" },
    );
    for (const r of SAMPLES) expect(authorize(compiled, r).decision).toBe("DENY");
    expect(
      authorize(compiled, req({ principal: "cluster.local/ns/ns-1/sa/x", host: "example.com" })).decision,
    ).toBe("ALLOW");
  });

  it("the filter chain kind, not the request, decides: a TCP port sees HTTP traffic as bytes", () => {
    const compiled = compileAuthorization(
      [ap("foo/p", { rules: [{ to: [{ operation: { methods: ["GET"] } }] }] })],
      {
        enforcer: "sidecar",
        protocol: "tcp",
      },
    );
    expect(authorize(compiled, req({ method: "GET" })).decision).toBe("DENY");
  });
});
