import { describe, expect, it } from "vitest";
import { authorize } from "./authorize";
import { ap, pa, req } from "./test-helpers";

const workload = { namespace: "foo", labels: { app: "httpbin" } };

describe("authorize(input): the self-contained sim.authorize({ workload, request, ... })", () => {
  it("sidecar: STRICT PeerAuthentication refuses plaintext before any RBAC filter", () => {
    const resources = [
      pa("istio-system/mesh", { mtls: { mode: "STRICT" } }),
      ap("foo/allow-all", { rules: [{}] }),
    ];
    const d = authorize({ resources, workload, enforcer: "sidecar", request: req({ principal: null }) });
    expect(d.decision).toBe("DENY");
    expect(d.symptom).toMatch(/connection reset/);
    expect(d.peerAuthentication).toEqual({
      mode: "STRICT",
      source: { scope: "mesh", policy: "istio-system/mesh" },
    });
    expect(d.applied.map((a) => a.matched)).toEqual([false]);
  });

  it("sidecar: PERMISSIVE lets plaintext reach authorization, where identity rules fail", () => {
    const resources = [ap("foo/ns-only", { rules: [{ from: [{ source: { namespaces: ["foo"] } }] }] })];
    const d = authorize({ resources, workload, enforcer: "sidecar", request: req({ principal: null }) });
    expect(d.decision).toBe("DENY");
    expect(d.peerAuthentication?.mode).toBe("PERMISSIVE");
    expect(d.reason).toMatch(/no ALLOW policy matched/);
  });

  it("port-level PeerAuthentication uses the request's workload port", () => {
    const resources = [
      pa("foo/wl", {
        selector: { matchLabels: { app: "httpbin" } },
        mtls: { mode: "STRICT" },
        portLevelMtls: { "9090": { mode: "DISABLE" } },
      }),
    ];
    expect(
      authorize({ resources, workload, enforcer: "sidecar", request: req({ principal: null, port: 9090 }) })
        .decision,
    ).toBe("ALLOW");
    expect(
      authorize({ resources, workload, enforcer: "sidecar", request: req({ port: 9090 }) }).decision,
    ).toBe("DENY");
  });

  it("waypoint: only targetRef policies of the request's service apply, with sidecar (L7) semantics", () => {
    const resources = [
      ap("foo/by-service", {
        targetRefs: [{ kind: "Service", group: "", name: "httpbin" }],
        rules: [{ to: [{ operation: { methods: ["GET"] } }] }],
      }),
      ap("foo/by-selector", { action: "DENY", rules: [{}] }),
    ];
    const waypoint = { namespace: "foo", labels: { "gateway.networking.k8s.io/gateway-name": "waypoint" } };
    const services = [{ name: "httpbin", namespace: "foo", kind: "Service" as const }];
    const run = (method: string) =>
      authorize({
        resources,
        workload: waypoint,
        enforcer: "waypoint",
        waypoint: { services },
        request: req({ method }),
      });
    expect(run("GET").decision).toBe("ALLOW");
    expect(run("POST").decision).toBe("DENY");
    expect(run("GET").applied.map((a) => a.policy)).toEqual(["foo/by-service"]);
  });

  it("picks AuthorizationPolicies out of mixed resources and ignores other kinds", () => {
    const resources = [
      { apiVersion: "v1", kind: "Service", metadata: { name: "httpbin", namespace: "foo" } },
      ap("foo/deny", { action: "DENY", rules: [{}] }),
    ];
    expect(authorize({ resources, workload, enforcer: "sidecar", request: req() }).decision).toBe("DENY");
  });

  it("collects diagnostics from policies and the request", () => {
    const resources = [ap("foo/p", { rules: [{ to: [{ operation: { ports: ["http"] } }] }] })];
    const d = authorize({ resources, workload, enforcer: "sidecar", request: req({ sourceIp: "bogus" }) });
    expect(d.diagnostics.map((x) => x.code)).toEqual(["MW6003"]);
    const withIp = authorize({
      resources: [ap("foo/p", { rules: [{ from: [{ source: { ipBlocks: ["10.0.0.0/8"] } }] }] })],
      workload,
      enforcer: "sidecar",
      request: req({ sourceIp: "bogus" }),
    });
    expect(withIp.diagnostics.map((x) => x.code)).toEqual(["MW6020"]);
  });

  it("is pure: the inputs are not modified and the same input gives the same decision", () => {
    const resources = [
      ap("foo/p", { rules: [{ from: [{ source: { principals: ["cluster.local/ns/foo/sa/client"] } }] }] }),
    ];
    const snapshot = JSON.stringify(resources);
    const input = {
      resources,
      workload,
      enforcer: "sidecar" as const,
      request: req(),
      trustDomain: "td1",
      trustDomainAliases: ["cluster.local"],
    };
    const first = authorize(input);
    expect(JSON.stringify(authorize(input))).toBe(JSON.stringify(first));
    expect(JSON.stringify(resources)).toBe(snapshot);
  });
});
