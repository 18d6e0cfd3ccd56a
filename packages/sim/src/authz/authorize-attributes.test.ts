import { describe, expect, it } from "vitest";
import { authorize } from "./authorize";
import { compileAuthorization } from "./compile";
import type { CompileAuthorizationOptions } from "./options";
import { ap, type RequestOverrides, req } from "./test-helpers";

const decision = (
  spec: Record<string, unknown>,
  o: RequestOverrides = {},
  options: Partial<CompileAuthorizationOptions> = {},
) => authorize(compileAuthorization([ap("foo/p", spec)], { enforcer: "sidecar", ...options }), req(o));
const allows = (
  spec: Record<string, unknown>,
  o: RequestOverrides = {},
  options: Partial<CompileAuthorizationOptions> = {},
) => decision(spec, o, options).decision === "ALLOW";
const to = (operation: Record<string, string[]>) => ({ rules: [{ to: [{ operation }] }] });
const from = (source: Record<string, string[]>) => ({ rules: [{ from: [{ source }] }] });
const when = (key: string, values: string[], notValues?: string[]) => ({
  rules: [{ when: [{ key, values, ...(notValues ? { notValues } : {}) }] }],
});

describe("ports are workload ports (rule 9)", () => {
  it("ports / notPorts / destination.port compare the port the server-side proxy receives on", () => {
    expect(allows(to({ ports: ["8080"] }), { port: 8080 })).toBe(true);
    expect(allows(to({ ports: ["80"] }), { port: 8080 })).toBe(false);
    expect(allows(to({ notPorts: ["8080"] }), { port: 8080 })).toBe(false);
    expect(allows(when("destination.port", ["8080", "9090"]), { port: 9090 })).toBe(true);
  });
});

describe("methods are case-sensitive, hosts case-insensitive (rule 10)", () => {
  it("methods: exact header match on :method", () => {
    expect(allows(to({ methods: ["GET"] }), { method: "GET" })).toBe(true);
    expect(allows(to({ methods: ["GET"] }), { method: "get" })).toBe(false);
  });

  it("hosts: :authority ignoring case, with prefix / suffix forms", () => {
    expect(
      allows(to({ hosts: ["HTTPBIN.foo.svc.cluster.local"] }), { host: "httpbin.FOO.svc.cluster.local" }),
    ).toBe(true);
    expect(allows(to({ hosts: ["*.EXAMPLE.com"] }), { host: "api.example.COM" })).toBe(true);
    expect(allows(to({ notHosts: ["admin.*"] }), { host: "ADMIN.example.com" })).toBe(false);
  });
});

describe("paths: query stripped, normalized, templates (istio-semantics §2.4, §2.6)", () => {
  it("the query string is not part of the path", () => {
    expect(allows(to({ paths: ["/public"] }), { path: "/public?token=1" })).toBe(true);
  });

  it("a DENY on /admin is not bypassed by dot segments, encoded dots or backslashes", () => {
    const deny = { action: "DENY", rules: [{ to: [{ operation: { paths: ["/admin", "/admin/*"] } }] }] };
    for (const path of ["/public/../admin", "/public/%2E%2E/admin", "/x\\..\\admin/users", "/./admin"]) {
      expect(decision(deny, { path }).decision).toBe("DENY");
    }
  });

  it("`*` matches any non-empty path; suffix and prefix forms", () => {
    expect(allows(to({ paths: ["*"] }), { path: "/" })).toBe(true);
    expect(allows(to({ paths: ["*.png"] }), { path: "/img/a.png" })).toBe(true);
    expect(allows(to({ paths: ["/api/*"] }), { path: "/api" })).toBe(false);
  });

  it("{*} and {**} templates", () => {
    expect(allows(to({ paths: ["/store/{**}/cart"] }), { path: "/store//cart" })).toBe(true);
    expect(allows(to({ paths: ["/store/{**}/cart"] }), { path: "/store/cart" })).toBe(false);
    expect(allows(to({ paths: ["/users/{*}/profile"] }), { path: "/users/42/profile?x=1" })).toBe(true);
  });

  it("a path Envoy rejects (%00) never reaches authorization: 400", () => {
    const d = decision({ rules: [{}] }, { path: "/a%00" });
    expect(d.decision).toBe("DENY");
    expect(d.symptom).toBe("HTTP 400 Bad Request");
  });

  it("DECODE_AND_MERGE_SLASHES makes %2F a separator", () => {
    const deny = { action: "DENY", rules: [{ to: [{ operation: { paths: ["/admin/*"] } }] }] };
    expect(decision(deny, { path: "/admin%2Fusers" }).decision).toBe("ALLOW");
    expect(
      decision(deny, { path: "/admin%2Fusers" }, { pathNormalization: "DECODE_AND_MERGE_SLASHES" }).decision,
    ).toBe("DENY");
  });
});

describe("ipBlocks (direct peer) vs remoteIpBlocks (X-Forwarded-For)", () => {
  it("ipBlocks compare the direct peer, remoteIpBlocks the client", () => {
    expect(allows(from({ ipBlocks: ["10.0.0.0/24"] }), { sourceIp: "10.0.0.9", remoteIp: "1.2.3.4" })).toBe(
      true,
    );
    expect(
      allows(from({ remoteIpBlocks: ["10.0.0.0/24"] }), { sourceIp: "10.0.0.9", remoteIp: "1.2.3.4" }),
    ).toBe(false);
    expect(allows(from({ remoteIpBlocks: ["1.2.3.4"] }), { sourceIp: "10.0.0.9", remoteIp: "1.2.3.4" })).toBe(
      true,
    );
    expect(allows(from({ notIpBlocks: ["10.0.0.9"] }), { sourceIp: "10.0.0.9" })).toBe(false);
  });

  it("without remoteIp, a sidecar takes the rightmost X-Forwarded-For entry", () => {
    const headers = { "X-Forwarded-For": "203.0.113.7, 198.51.100.2" };
    expect(allows(from({ remoteIpBlocks: ["198.51.100.2"] }), { headers })).toBe(true);
    expect(allows(when("remote.ip", ["203.0.113.7"]), { headers })).toBe(false);
  });

  it("a gateway trusts numTrustedProxies hops", () => {
    const headers = { "x-forwarded-for": "203.0.113.7, 198.51.100.2" };
    const spec = from({ remoteIpBlocks: ["198.51.100.2"] });
    const d = authorize(
      compileAuthorization([ap("foo/p", spec)], { enforcer: "gateway", numTrustedProxies: 1 }),
      req({ headers }),
    );
    expect(d.decision).toBe("ALLOW");
  });

  it("IPv6 blocks, and source.ip / destination.ip conditions", () => {
    expect(allows(from({ ipBlocks: ["fd00::/8"] }), { sourceIp: "fd12::1" })).toBe(true);
    expect(allows(when("source.ip", ["10.0.0.0/8"], ["10.0.0.1"]), { sourceIp: "10.0.0.1" })).toBe(false);
    expect(allows(when("destination.ip", ["10.0.1.0/24"]), { destinationIp: "10.0.1.9" })).toBe(true);
  });

  it("an unparseable request address matches no block and is reported", () => {
    const d = decision(from({ ipBlocks: ["0.0.0.0/0"] }), { sourceIp: "not-an-ip" });
    expect(d.decision).toBe("DENY");
    expect(d.diagnostics.map((x) => x.code)).toEqual(["MW6020"]);
  });
});

describe("request.headers, connection.sni, experimental metadata", () => {
  it("header names are case-insensitive; duplicates are merged with ','", () => {
    expect(allows(when("request.headers[X-User]", ["alice"]), { headers: { "x-user": "alice" } })).toBe(true);
    expect(
      allows(when("request.headers[x-user]", ["alice,bob"]), { headers: { "X-User": ["alice", "bob"] } }),
    ).toBe(true);
  });

  it("a missing header fails values and satisfies notValues; `*` needs presence", () => {
    expect(allows(when("request.headers[x-user]", ["*"]), {})).toBe(false);
    expect(allows(when("request.headers[x-user]", ["*"]), { headers: { "x-user": "" } })).toBe(true);
    expect(allows({ rules: [{ when: [{ key: "request.headers[x-user]", notValues: ["*"] }] }] }, {})).toBe(
      true,
    );
  });

  it("pseudo-headers are readable as request.headers", () => {
    expect(allows(when("request.headers[:method]", ["GET"]), { method: "GET" })).toBe(true);
  });

  it("connection.sni matches the requested server name", () => {
    const sni = "outbound_.8080_._.httpbin.foo.svc.cluster.local";
    expect(allows(when("connection.sni", ["*.httpbin.foo.svc.cluster.local"]), { sni })).toBe(true);
    expect(allows(when("connection.sni", ["*"]), {})).toBe(false);
  });

  it("experimental.envoy.filters.<filter>[<key>] reads dynamic metadata, [v] inside lists", () => {
    const filterMetadata = { "envoy.filters.http.custom": { tier: "gold", tags: ["a", "b"] } };
    expect(allows(when("experimental.envoy.filters.http.custom[tier]", ["gold"]), { filterMetadata })).toBe(
      true,
    );
    expect(allows(when("experimental.envoy.filters.http.custom[tags]", ["[b]"]), { filterMetadata })).toBe(
      true,
    );
    expect(allows(when("experimental.envoy.filters.http.custom[tier]", ["silver"]), { filterMetadata })).toBe(
      false,
    );
  });
});

describe("request.auth.* and requestPrincipals (RequestAuthentication results)", () => {
  const requestAuth = {
    principal: "https://issuer.example.com/alice",
    claims: {
      iss: "https://issuer.example.com",
      sub: "alice",
      groups: ["dev", "ops"],
      org: { team: "blue" },
    },
    audiences: ["api"],
    presenter: "web-app",
  };

  it("requestPrincipals match <iss>/<sub> with the wildcard forms", () => {
    expect(allows(from({ requestPrincipals: ["https://issuer.example.com/alice"] }), { requestAuth })).toBe(
      true,
    );
    expect(allows(from({ requestPrincipals: ["https://issuer.example.com/*"] }), { requestAuth })).toBe(true);
    expect(allows(from({ requestPrincipals: ["*/alice"] }), { requestAuth })).toBe(true);
    expect(allows(from({ requestPrincipals: ["*"] }), {})).toBe(false);
    expect(allows(from({ notRequestPrincipals: ["*"] }), {})).toBe(true);
  });

  it("claims (nested, lists), audiences and presenter", () => {
    expect(allows(when("request.auth.claims[groups]", ["ops"]), { requestAuth })).toBe(true);
    expect(allows(when("request.auth.claims[org][team]", ["blue"]), { requestAuth })).toBe(true);
    expect(allows(when("request.auth.audiences", ["api"]), { requestAuth })).toBe(true);
    expect(allows(when("request.auth.presenter", ["web-*"]), { requestAuth })).toBe(true);
    expect(allows(when("request.auth.principal", ["*/bob"]), { requestAuth })).toBe(false);
  });
});

describe("unknown when key: the rule is skipped (builder.go: authzmodel.New error → continue)", () => {
  it("a DENY policy becomes less strict, with a note and a diagnostic", () => {
    const d = decision({ action: "DENY", rules: [{ when: [{ key: "source.unknown", values: ["x"] }] }] });
    expect(d.decision).toBe("ALLOW");
    expect(d.notes.map((n) => n.effect)).toEqual(["rule-skipped"]);
    const compiled = compileAuthorization(
      [ap("foo/p", { rules: [{ when: [{ key: "nope", values: ["x"] }] }] })],
      { enforcer: "sidecar" },
    );
    expect(compiled.diagnostics.map((x) => x.code)).toEqual(["MW6004"]);
  });

  it("an ALLOW policy whose only rule is skipped allows nothing", () => {
    expect(allows({ rules: [{ when: [{ key: "request.unknown", values: ["x"] }] }] })).toBe(false);
  });
});

describe("invalid values: dropped from DENY, the whole ALLOW rule dropped (checkError)", () => {
  it("an invalid port drops the ALLOW rule and is diagnosed", () => {
    const compiled = compileAuthorization([ap("foo/p", to({ ports: ["80", "http"] }))], {
      enforcer: "sidecar",
    });
    expect(compiled.diagnostics.map((x) => x.code)).toEqual(["MW6003"]);
    expect(authorize(compiled, req({ port: 80 })).decision).toBe("DENY");
  });

  it("an invalid CIDR only removes that value from a DENY rule", () => {
    const d = decision(
      { action: "DENY", rules: [{ from: [{ source: { ipBlocks: ["10.0.0.1", "300.0.0.1"] } }] }] },
      { sourceIp: "10.0.0.1" },
    );
    expect(d.decision).toBe("DENY");
    expect(d.notes[0]?.effect).toBe("values-dropped");
  });
});
