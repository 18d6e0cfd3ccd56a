import { createMesh, type KubeObject, loadMesh, type Mesh } from "@meshwright/core";
import { compile, compileWithPki, type Trace } from "@meshwright/sim";
import { describe, expect, it } from "vitest";
import { seedMeshPath } from "./paths";

/**
 * A waypoint in front of a service whose pods are on another network (istio-semantics §3.5 step 5,
 * §3.6): seed 000 with the waypoint `app-a/waypoint` deployed in both clusters (ambient multicluster
 * wants identical waypoints everywhere) and AKS's echo-service bound to it. EKS's shell reaches its
 * own network's waypoint, which applies L7 and then opens double HBONE through AKS's east-west
 * gateway (`x-istio-source: waypoint`), and the gateway hands the stream to an echo pod's ztunnel.
 */
const SEED = loadMesh(seedMeshPath("000")).mesh!;

const waypoint: KubeObject = {
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "Gateway",
  metadata: { name: "waypoint", namespace: "app-a", labels: { "istio.io/waypoint-for": "service" } },
  spec: {
    gatewayClassName: "istio-waypoint",
    listeners: [{ name: "mesh", port: 15008, protocol: "HBONE" }],
  },
};
const appA: KubeObject = {
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name: "app-a", labels: { "istio.io/dataplane-mode": "ambient" } },
};

/** Seed 000 with the waypoint in both clusters and AKS's echo-service labelled to use it. */
function withWaypoints(): Mesh {
  const result = createMesh({
    ...SEED,
    clusters: SEED.clusters.map((c) => ({
      ...c,
      resources: [
        ...c.resources.map((o) =>
          o.kind === "Service" && o.metadata.name === "echo-service" && o.metadata.namespace === "app-a"
            ? {
                ...o,
                metadata: {
                  ...o.metadata,
                  labels: { ...o.metadata.labels, "istio.io/use-waypoint": "waypoint" },
                },
              }
            : o,
        ),
        ...(c.resources.some((o) => o.kind === "Namespace" && o.metadata.name === "app-a") ? [] : [appA]),
        waypoint,
      ],
    })),
  });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.mesh;
}

const MESH = withWaypoints();
const request = { from: "eks-cluster/default/eks-shell", to: "http://echo-service.app-a:8080/" };
const path = (trace: Trace) => trace.hops.map((h) => `${h.from.role}→${h.to.role}`);

describe("a waypoint sends a remote network's share through its east-west gateway", () => {
  const trace = compile(MESH).request(request);

  it("ztunnel → the client network's waypoint → AKS's east-west gateway → an echo pod's ztunnel", () => {
    expect(trace.outcome).toEqual({ ok: true });
    expect(path(trace)).toEqual([
      "app→ztunnel",
      "ztunnel→waypoint",
      "waypoint→eastwest-gateway",
      "eastwest-gateway→ztunnel",
      "ztunnel→app",
    ]);
    expect(trace.hops[1]!.to.cluster).toBe("eks-cluster");
    expect(trace.endpoint).toMatchObject({
      cluster: "aks-cluster",
      via: "aks-cluster/istio-system/eastwest",
    });
  });

  it("the trace's distribution spreads the gateway's share evenly over AKS's ready echo pods, as the picks do", () => {
    const rows = trace.distribution?.rows ?? [];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.via === "aks-cluster/istio-system/eastwest")).toBe(true);
    expect(trace.distribution?.byCluster).toEqual({ "aks-cluster": 1 });
    const perPod = new Map<string, number>();
    for (const r of rows) perPod.set(r.workload, (perPod.get(r.workload) ?? 0) + r.share);
    expect([...perPod.values()]).toEqual([0.5, 0.5]);
    const sim = compile(MESH);
    const picked = new Set(
      Array.from(
        { length: 40 },
        (_, i) => sim.request({ ...request, requestKey: `${i}` }).endpoint?.workload,
      ),
    );
    expect([...picked].sort()).toEqual([...perPod.keys()].sort());
  });

  it("double HBONE with the service host:port on both CONNECTs and x-istio-source: waypoint", () => {
    const outer = trace.hops[2]!;
    expect(outer.protocol).toBe("double HBONE");
    expect(outer.authority).toEqual([
      "echo-service.app-a.svc.cluster.local:8080",
      "echo-service.app-a.svc.cluster.local:8080",
    ]);
    expect(outer.headers).toEqual({ "x-istio-source": "waypoint", "x-forwarded-network": "network1" });
    expect(outer.tls[0]?.clientExpects).toEqual(["spiffe://cluster.local/ns/istio-system/sa/eastwest"]);
    const inner = trace.hops[3]!;
    expect(inner.protocol).toBe("HBONE");
    expect(inner.to.address).toMatch(/:15008$/);
    expect(inner.decisions.map((d) => d.kind)).toContain("gateway-route");
  });

  it("the destination ztunnel sees the waypoint's identity, not the client's", () => {
    const wp = MESH.clusters[0]!.workloads.find(
      (w) => w.owner.kind === "Gateway" && w.namespace === "app-a",
    )!;
    expect(trace.hops[3]!.tls[0]).toMatchObject({
      client: { presents: wp.identity },
      server: { presents: "spiffe://cluster.local/ns/app-a/sa/default" },
    });
  });

  it("every TLS session checks out against the generated PKI", async () => {
    const sim = await compileWithPki(MESH);
    const checked = sim.request(request);
    expect(checked.outcome).toEqual({ ok: true });
    const sessions = checked.hops.flatMap((hop) => hop.tls);
    expect(sessions.length).toBeGreaterThanOrEqual(3);
    for (const session of sessions) {
      expect(session.verified?.ok).toBe(true);
      expect(session.verified?.detail).not.toMatch(/assumed valid/);
    }
  });

  it("the gateway down: the waypoint's tunnel fails at the gateway hop", () => {
    const failed = compile(MESH, { faults: [{ kind: "gateway-down", cluster: "aks-cluster" }] }).request(
      request,
    );
    expect(failed.outcome).toMatchObject({ ok: false, name: "GATEWAY_UNREACHABLE" });
    expect(path(failed).at(-1)).toBe("waypoint→eastwest-gateway");
  });

  it("a fault naming that gateway (gateway-down=aks-cluster/eastwest) fails it too", () => {
    const faults = [{ kind: "gateway-down" as const, cluster: "aks-cluster", gateway: "eastwest" }];
    const failed = compile(MESH, { faults }).request(request);
    expect(failed.outcome).toMatchObject({ ok: false, name: "GATEWAY_UNREACHABLE" });
    expect(path(failed).at(-1)).toBe("waypoint→eastwest-gateway");
  });
});
