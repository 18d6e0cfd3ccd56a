import { describe, expect, it } from "vitest";
import { effectivePeerAuthentication, inboundAccepts } from "./peer-authentication";
import { readPeerAuthentication } from "./read-peer-authentication";
import { pa } from "./test-helpers";

const workload = { namespace: "foo", labels: { app: "httpbin" } };
const effective = (policies: ReturnType<typeof pa>[], port?: number) =>
  effectivePeerAuthentication({ policies, ...workload, ...(port !== undefined ? { port } : {}) });

describe("effective PeerAuthentication (policy_applier.go ComposePeerAuthentication)", () => {
  it("reads a caller's own policy object again when it changed; a frozen (loaded) one is read once", () => {
    const policy = pa("foo/ns", { mtls: { mode: "STRICT" } });
    expect(effective([policy])).toMatchObject({ mode: "STRICT" });
    (policy.spec as { mtls: { mode: string } }).mtls.mode = "DISABLE";
    expect(effective([policy])).toMatchObject({ mode: "DISABLE" });
    const frozen = Object.freeze(pa("foo/ns", { mtls: { mode: "STRICT" } }));
    expect(readPeerAuthentication(frozen)).toBe(readPeerAuthentication(frozen));
  });

  it("nothing configured: PERMISSIVE by default", () => {
    expect(effective([])).toMatchObject({ mode: "PERMISSIVE", source: { scope: "default" } });
  });

  it("mesh → namespace → workload, the narrowest non-UNSET wins", () => {
    const policies = [
      pa("istio-system/mesh", { mtls: { mode: "STRICT" } }),
      pa("foo/ns", { mtls: { mode: "PERMISSIVE" } }),
      pa("foo/wl", { selector: { matchLabels: { app: "httpbin" } }, mtls: { mode: "DISABLE" } }),
    ];
    expect(effective(policies)).toMatchObject({
      mode: "DISABLE",
      source: { scope: "workload", policy: "foo/wl" },
    });
    expect(effective(policies.slice(0, 2))).toMatchObject({
      mode: "PERMISSIVE",
      source: { scope: "namespace" },
    });
    expect(effective(policies.slice(0, 1))).toMatchObject({ mode: "STRICT", source: { scope: "mesh" } });
  });

  it("UNSET inherits from the wider scope", () => {
    const policies = [
      pa("istio-system/mesh", { mtls: { mode: "STRICT" } }),
      pa("foo/ns", { mtls: { mode: "UNSET" } }),
      pa("foo/ns2", {}, "2030-01-01T00:00:00Z"),
    ];
    const result = effective(policies);
    expect(result.mode).toBe("STRICT");
    expect(result.layers.map((l) => [l.scope, l.mode])).toEqual([
      ["mesh", "STRICT"],
      ["namespace", "UNSET"],
    ]);
  });

  it("a root-namespace policy with a selector is ignored (rule 12)", () => {
    const policies = [
      pa("istio-system/selected", {
        selector: { matchLabels: { app: "httpbin" } },
        mtls: { mode: "STRICT" },
      }),
    ];
    expect(effective(policies).mode).toBe("PERMISSIVE");
  });

  it("a root-namespace policy with empty matchLabels is mesh-wide", () => {
    expect(
      effective([pa("istio-system/mesh", { selector: { matchLabels: {} }, mtls: { mode: "STRICT" } })]).mode,
    ).toBe("STRICT");
  });

  it("in each scope the oldest policy wins; ties go to the name", () => {
    const policies = [
      pa("foo/newer", { mtls: { mode: "STRICT" } }, "2024-02-01T00:00:00Z"),
      pa("foo/older", { mtls: { mode: "DISABLE" } }, "2024-01-01T00:00:00Z"),
    ];
    expect(effective(policies).source.policy).toBe("foo/older");
    const tie = [
      pa("foo/b", { mtls: { mode: "STRICT" } }, "2024-01-01T00:00:00Z"),
      pa("foo/a", { mtls: { mode: "DISABLE" } }, "2024-01-01T00:00:00Z"),
    ];
    expect(effective(tie).source.policy).toBe("foo/a");
  });

  it("selectors that do not match and other namespaces are not candidates", () => {
    const policies = [
      pa("foo/other", { selector: { matchLabels: { app: "other" } }, mtls: { mode: "STRICT" } }),
      pa("bar/ns", { mtls: { mode: "STRICT" } }),
    ];
    expect(effective(policies).mode).toBe("PERMISSIVE");
  });

  it("portLevelMtls applies to workload ports; UNSET entries inherit the workload-level mode (rule 9)", () => {
    const policies = [
      pa("foo/wl", {
        selector: { matchLabels: { app: "httpbin" } },
        mtls: { mode: "STRICT" },
        portLevelMtls: { "8080": { mode: "PERMISSIVE" }, "9090": { mode: "UNSET" } },
      }),
    ];
    expect(effective(policies, 8080)).toMatchObject({
      mode: "PERMISSIVE",
      source: { scope: "port", port: 8080 },
    });
    expect(effective(policies, 9090)).toMatchObject({ mode: "STRICT", source: { scope: "workload" } });
    expect(effective(policies, 80).mode).toBe("STRICT");
  });

  it("bad modes and port keys are reported, never thrown", () => {
    const result = effective([
      pa("foo/wl", {
        selector: { matchLabels: { app: "httpbin" } },
        mtls: { mode: "strict" },
        portLevelMtls: { http: { mode: "STRICT" } },
      }),
    ]);
    expect(result.mode).toBe("PERMISSIVE");
    expect(result.diagnostics.map((d) => d.code)).toEqual(["MW6030", "MW6031"]);
  });
});

describe("inboundAccepts (istio-semantics §2.8, §2.9)", () => {
  it("sidecar: STRICT refuses plaintext, DISABLE refuses mTLS, PERMISSIVE takes both", () => {
    expect(inboundAccepts({ mode: "STRICT", mtls: false }).accepted).toBe(false);
    expect(inboundAccepts({ mode: "STRICT", mtls: true }).accepted).toBe(true);
    expect(inboundAccepts({ mode: "DISABLE", mtls: true }).accepted).toBe(false);
    expect(inboundAccepts({ mode: "PERMISSIVE", mtls: false }).accepted).toBe(true);
  });

  it("ztunnel: DISABLE is unsupported and behaves as PERMISSIVE", () => {
    expect(inboundAccepts({ mode: "DISABLE", mtls: true, enforcer: "ztunnel" }).accepted).toBe(true);
    expect(inboundAccepts({ mode: "STRICT", mtls: false, enforcer: "ztunnel" }).symptom).toMatch(/reset/);
  });
});
