import { join } from "node:path";
import { createMesh, type KubeObject, loadMesh, type Mesh } from "@meshwright/core";
import { compile, type Trace } from "@meshwright/sim";
import { describe, expect, it } from "vitest";
import { meshesDirectory } from "./paths";

/**
 * Ambient waypoints in the simulator (istio-semantics §2.1, §2.9, §3.5 step 2) on the
 * `waypoint-demo` mesh, after Istio's ambient L7 docs: ztunnel → waypoint (HBONE, authority = the
 * service VIP:port) → destination ztunnel; L7 policy by targetRefs at the waypoint; routing at the
 * waypoint; the destination ztunnel sees the waypoint's identity.
 */

const loaded = loadMesh(join(meshesDirectory(), "waypoint-demo", "mesh.yaml"));
const DEMO = loaded.mesh!;

function workloadNamed(mesh: Mesh, prefix: string): string {
  return mesh.clusters[0]!.workloads.find((w) => w.name.startsWith(`${prefix}-`))!.id;
}

const CURL = workloadNamed(DEMO, "curl");
const PRODUCTPAGE = workloadNamed(DEMO, "productpage-v1");
const WAYPOINT = DEMO.clusters[0]!.workloads.find((w) => w.owner.kind === "Gateway")!;

/** The demo mesh with `objects` added (and objects `drop` matches removed), re-derived. */
function variant(objects: readonly KubeObject[], drop?: (o: KubeObject) => boolean): Mesh {
  const result = createMesh({
    ...DEMO,
    clusters: DEMO.clusters.map((c) => ({
      ...c,
      resources: [...c.resources.filter((o) => !drop?.(o)), ...objects],
    })),
  });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.mesh;
}

function path(trace: Trace): string[] {
  return trace.hops.map((h) => `${h.from.role}→${h.to.role}`);
}

function ztunnelPolicy(name: string, principals: readonly string[]): KubeObject {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: { name, namespace: "default" },
    spec: {
      selector: { matchLabels: { app: "reviews" } },
      action: "ALLOW",
      rules: [{ from: [{ source: { principals } }] }],
    },
  };
}

describe("waypoint-demo", () => {
  it("loads cleanly and derives one waypoint pod", () => {
    expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(WAYPOINT.identity).toBe("spiffe://cluster.local/ns/default/sa/waypoint");
  });
});

describe("ztunnel outbound step 2: a service bound to a waypoint goes through it (outbound.rs)", () => {
  const sim = compile(DEMO);
  const trace = sim.request({ from: CURL, to: "http://productpage:9080/" });

  it("hops app → ztunnel → waypoint → ztunnel → app", () => {
    expect(trace.outcome).toEqual({ ok: true });
    expect(path(trace)).toEqual(["app→ztunnel", "ztunnel→waypoint", "waypoint→ztunnel", "ztunnel→app"]);
    expect(trace.endpoint?.workload).toBe(PRODUCTPAGE);
  });

  it("HBONE to <waypoint IP>:15008 with :authority = the service VIP:port", () => {
    const vip = DEMO.clusters[0]!.services.find((s) => s.name === "productpage")!.clusterIps[0];
    const hop = trace.hops[1]!;
    expect(hop.protocol).toBe("HBONE");
    expect(hop.to.address).toBe(`${WAYPOINT.ips[0]}:15008`);
    expect(hop.authority).toEqual([`${vip}:9080`]);
    expect(hop.tls[0]?.clientExpects).toEqual([WAYPOINT.identity]);
  });

  it("the waypoint opens HBONE to the endpoint's ztunnel presenting its own identity", () => {
    const hop = trace.hops[2]!;
    expect(hop.protocol).toBe("HBONE");
    expect(hop.tls[0]?.client.presents).toBe(WAYPOINT.identity);
    expect(hop.to.address?.endsWith(":15008")).toBe(true);
  });
});

describe("waypoint L7 authorization: only targetRefs policies, Envoy RBAC semantics (§2.1, §2.9)", () => {
  const sim = compile(DEMO);

  it("targetRefs Service policy allows curl's GET", () => {
    expect(sim.request({ from: CURL, to: "http://productpage:9080/" }).outcome.ok).toBe(true);
  });

  it("denies a method the rule does not allow with HTTP 403 RBAC: access denied, at the waypoint", () => {
    const trace = sim.request({ from: CURL, to: "http://productpage:9080/", method: "DELETE" });
    expect(trace.symptom).toBe("HTTP 403: RBAC: access denied");
    expect(trace.hops[trace.outcome.ok ? -1 : trace.outcome.hop!]!.to.role).toBe("waypoint");
  });

  it("denies another principal (productpage calling itself) at the waypoint", () => {
    const trace = sim.request({ from: PRODUCTPAGE, to: "http://productpage:9080/" });
    expect(trace.outcome.ok).toBe(false);
    expect(trace.outcome.ok ? undefined : trace.outcome.name).toBe("AUTHZ_DENIED_HTTP");
  });

  it("denies a path by a targetRefs DENY policy on paths", () => {
    const mesh = variant([
      {
        apiVersion: "security.istio.io/v1",
        kind: "AuthorizationPolicy",
        metadata: { name: "no-admin", namespace: "default" },
        spec: {
          targetRefs: [{ kind: "Service", group: "", name: "productpage" }],
          action: "DENY",
          rules: [{ to: [{ operation: { paths: ["/admin*"] } }] }],
        },
      },
    ]);
    const s = compile(mesh);
    expect(s.request({ from: CURL, to: "http://productpage:9080/admin/x" }).symptom).toBe(
      "HTTP 403: RBAC: access denied",
    );
    expect(s.request({ from: CURL, to: "http://productpage:9080/index.html" }).outcome.ok).toBe(true);
  });

  it("ignores selector policies at the waypoint (a selector DENY on the waypoint's labels has no effect)", () => {
    const mesh = variant([
      {
        apiVersion: "security.istio.io/v1",
        kind: "AuthorizationPolicy",
        metadata: { name: "deny-at-waypoint-by-selector", namespace: "default" },
        spec: {
          selector: { matchLabels: { "gateway.networking.k8s.io/gateway-name": "waypoint" } },
          action: "DENY",
          rules: [{}],
        },
      },
    ]);
    expect(compile(mesh).request({ from: CURL, to: "http://productpage:9080/" }).outcome.ok).toBe(true);
  });
});

describe("the destination ztunnel sees the waypoint as the source (§2.9)", () => {
  it("a ztunnel ALLOW naming only the original client's principal denies", () => {
    const mesh = variant([ztunnelPolicy("reviews-from-curl", ["cluster.local/ns/default/sa/curl"])]);
    const trace = compile(mesh).request({ from: CURL, to: "http://reviews:9080/" });
    expect(trace.outcome.ok ? undefined : trace.outcome.name).toBe("AUTHZ_DENIED_TCP");
    expect(path(trace).at(-1)).toBe("ztunnel→app");
  });

  it("allowing the waypoint's principal lets it through", () => {
    const mesh = variant([ztunnelPolicy("reviews-from-waypoint", ["cluster.local/ns/default/sa/waypoint"])]);
    expect(compile(mesh).request({ from: CURL, to: "http://reviews:9080/" }).outcome.ok).toBe(true);
  });
});

describe("routing at the waypoint: VirtualService weights (sidecar semantics)", () => {
  const sim = compile(DEMO, { seed: 7 });

  it("the trace's distribution is the 90/10 split over reviews v1/v2", () => {
    const trace = sim.request({ from: CURL, to: "http://reviews:9080/" });
    const share = (prefix: string) =>
      trace
        .distribution!.rows.filter((r) => r.workload.includes(`/${prefix}-`))
        .reduce((a, r) => a + r.share, 0);
    expect(trace.distribution?.balancer).toBe("envoy");
    expect(share("reviews-v1")).toBeCloseTo(0.9);
    expect(share("reviews-v2")).toBeCloseTo(0.1);
  });

  it("requests land on v1 about nine times in ten", () => {
    let v2 = 0;
    const n = 400;
    for (let i = 0; i < n; i++) {
      const t = sim.request({ from: CURL, to: "http://reviews:9080/", requestKey: String(i) });
      expect(t.outcome.ok).toBe(true);
      if (t.endpoint?.workload.includes("/reviews-v2-")) v2++;
    }
    expect(v2 / n).toBeGreaterThan(0.05);
    expect(v2 / n).toBeLessThan(0.15);
  });
});

describe("binding (waypoints.go)", () => {
  const label = (value: string) => (o: KubeObject) =>
    o.kind === "Service" && o.metadata.name === "productpage"
      ? {
          ...o,
          metadata: { ...o.metadata, labels: { ...o.metadata.labels, "istio.io/use-waypoint": value } },
        }
      : o;

  function relabelled(value: string): Mesh {
    const base = DEMO.clusters[0]!.resources;
    const service = base.find((o) => o.kind === "Service" && o.metadata.name === "productpage")!;
    return variant([label(value)(service)], (o) => o === service);
  }

  it("istio.io/use-waypoint: none on the Service opts out: direct, and the L7 policy is not enforced", () => {
    const trace = compile(relabelled("none")).request({
      from: CURL,
      to: "http://productpage:9080/",
      method: "DELETE",
    });
    expect(trace.outcome).toEqual({ ok: true });
    expect(path(trace)).toEqual(["app→ztunnel", "ztunnel→ztunnel", "ztunnel→app"]);
    expect(trace.hops[0]!.decisions.find((d) => d.kind === "waypoint")?.reason).toContain("opts out");
  });

  it("a service in an unbound namespace skips the waypoint", () => {
    const mesh = variant([], (o) => o.kind === "Namespace" && o.metadata.name === "default");
    const withAmbientOnly = createMesh({
      ...mesh,
      clusters: mesh.clusters.map((c) => ({
        ...c,
        resources: [
          ...c.resources,
          {
            apiVersion: "v1",
            kind: "Namespace",
            metadata: { name: "default", labels: { "istio.io/dataplane-mode": "ambient" } },
          },
        ],
      })),
    }).mesh;
    const trace = compile(withAmbientOnly).request({ from: CURL, to: "http://reviews:9080/" });
    expect(trace.outcome.ok).toBe(true);
    expect(path(trace)).not.toContain("ztunnel→waypoint");
  });

  it("a label naming no waypoint Gateway binds nothing: direct", () => {
    const trace = compile(relabelled("missing")).request({ from: CURL, to: "http://productpage:9080/" });
    expect(path(trace)).not.toContain("ztunnel→waypoint");
    expect(trace.hops[0]!.decisions.find((d) => d.kind === "waypoint")?.reason).toContain(
      "knows no waypoint",
    );
  });

  it("a waypoint-for: workload waypoint takes no service traffic", () => {
    const mesh = variant(
      [
        {
          apiVersion: "gateway.networking.k8s.io/v1",
          kind: "Gateway",
          metadata: {
            name: "waypoint",
            namespace: "default",
            labels: { "istio.io/waypoint-for": "workload" },
          },
          spec: {
            gatewayClassName: "istio-waypoint",
            listeners: [{ name: "mesh", port: 15008, protocol: "HBONE" }],
          },
        },
      ],
      (o) => o.kind === "Gateway",
    );
    expect(path(compile(mesh).request({ from: CURL, to: "http://reviews:9080/" }))).not.toContain(
      "ztunnel→waypoint",
    );
  });

  it("a waypoint that does not answer fails with WAYPOINT_UNAVAILABLE (no silent bypass)", () => {
    const sim = compile(DEMO, { faults: [{ kind: "unhealthy", workloads: [WAYPOINT.id] }] });
    const trace = sim.request({ from: CURL, to: "http://reviews:9080/" });
    expect(trace.outcome.ok ? undefined : trace.outcome.name).toBe("WAYPOINT_UNAVAILABLE");
  });
});
