import { createMesh, type Mesh } from "@meshwright/core";
import { compile, type DistributionSummary, type Trace } from "@meshwright/sim";
import { describe, expect, it } from "vitest";
import { SEED_IDS, SEEDS } from "./catalogue";
import { loadSeed } from "./load-seed";
import type { SeedCall } from "./seed";

/**
 * The seed scenarios run through the simulator and asserted against what each seed says happens
 * (the catalogue's expected results), plus the variations the issue names.
 */

function meshOf(id: string, stage?: string): Mesh {
  const result = loadSeed(id, stage ? { stage } : {});
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.mesh!;
}

/** Workloads that receive traffic, as `<cluster>/<namespace>/<owner>` (the catalogue's form). */
function servedOwners(mesh: Mesh, distribution: DistributionSummary | undefined): string[] {
  const owners = new Set<string>();
  for (const row of distribution?.rows ?? []) {
    if (row.share <= 0) continue;
    const w = mesh.clusters.flatMap((c) => c.workloads).find((x) => x.id === row.workload);
    if (w) owners.add(`${w.cluster}/${w.namespace}/${w.owner.name}`);
  }
  return [...owners].sort();
}

const SIMULATED_SEEDS = SEED_IDS.filter((id) => SEEDS[id].calls.length > 0);

describe.each(SIMULATED_SEEDS)("seed %s as the guide runs it", (id) => {
  const calls: readonly SeedCall[] = SEEDS[id].calls;
  it.each(calls.map((c) => [c.id, c] as const))("%s", (_name, call) => {
    const mesh = meshOf(id, call.stage);
    const sim = compile(mesh);
    const trace = sim.request({ from: call.from, to: call.url });
    const expected = call.simulated ?? call.expected;
    if (expected.outcome === "success") {
      expect(trace.outcome, JSON.stringify(trace.outcome)).toEqual({ ok: true });
      expect(servedOwners(mesh, trace.distribution)).toEqual([...(expected.servedBy ?? [])].sort());
    } else {
      expect(trace.outcome.ok).toBe(false);
      expect(trace.symptom.toLowerCase()).toContain(expected.symptom!.toLowerCase());
    }
  });
});

describe("seed 000 (EKS + ECS + AKS ambient, Solo flavour)", () => {
  const mesh = meshOf("000");
  const sim = compile(mesh);

  it("EKS → AKS crosses networks through nested HBONE: outer CONNECT to the AKS gateway, inner to the pod", () => {
    const trace = sim.request({
      from: "eks-cluster/default/eks-shell",
      to: "echo-service.app-a.svc.cluster.local:8080",
    });
    const tunnel = trace.hops.find((h) => h.protocol === "double HBONE")!;
    expect(tunnel.to.address).toBe("198.51.100.20:15008");
    expect(tunnel.authority).toEqual([
      "echo-service.app-a.svc.cluster.local:8080",
      "echo-service.app-a.svc.cluster.local:8080",
    ]);
    expect(tunnel.headers).toMatchObject({ "x-forwarded-network": "network1" });
    expect(trace.endpoint).toMatchObject({
      cluster: "aks-cluster",
      via: "aks-cluster/istio-system/eastwest",
    });
  });

  it("AKS → ECS reaches the EKS network through the EKS gateway's resolved NLB hostname", () => {
    const trace = sim.request({
      from: "aks-cluster/app-a/shell",
      to: "echo-service.ecs-istio-multicloud-1.ecs.local:8080",
    });
    expect(trace.outcome.ok).toBe(true);
    const tunnel = trace.hops.find((h) => h.protocol === "double HBONE")!;
    expect(["203.0.113.31:15008", "203.0.113.32:15008"]).toContain(tunnel.to.address);
  });

  it("ECS → ECS stays on network1: plain HBONE between ztunnels, no gateway", () => {
    const trace = sim.request({
      from: "eks-cluster/ecs-istio-multicloud-1/shell-task",
      to: "echo-service.ecs-istio-multicloud-2.ecs.local:8080",
    });
    expect(trace.hops.map((h) => h.protocol)).not.toContain("double HBONE");
    expect(trace.hops.some((h) => h.protocol === "HBONE" && h.to.address.endsWith(":15008"))).toBe(true);
  });

  it("without the global-service label the AKS service stays LOCAL: EKS cannot resolve it", () => {
    const unlabelled = createMesh({
      ...mesh,
      clusters: mesh.clusters.map((c) =>
        c.name !== "aks-cluster"
          ? c
          : {
              ...c,
              resources: c.resources.map((o) =>
                o.kind === "Service" && o.metadata.name === "echo-service"
                  ? { ...o, metadata: { ...o.metadata, labels: { app: "echo-service" } } }
                  : o,
              ),
            },
      ),
    }).mesh;
    const trace = compile(unlabelled).request({
      from: "eks-cluster/default/eks-shell",
      to: "echo-service.app-a.svc.cluster.local:8080",
    });
    expect(trace.outcome.ok).toBe(false);
    expect(trace.symptom).toBe("curl: (6) Could not resolve host: echo-service.app-a.svc.cluster.local");
  });
});

describe("seed 001 (EKS, IPv4 + IPv6 clusters, classic east-west gateways)", () => {
  const mesh = meshOf("001");

  it("from cluster-1, helloworld reaches v1 (direct) and v2 (through cluster-2's gateway) about equally", () => {
    const d = compile(mesh).distribution("cluster1/sample/curl", "helloworld.sample", 5000);
    expect(d.byCluster.cluster1).toBeCloseTo(0.5, 5);
    expect(d.byCluster.cluster2).toBeCloseTo(0.5, 5);
    expect(d.rows.filter((r) => r.cluster === "cluster2").every((r) => r.via !== undefined)).toBe(true);
  });

  it("from IPv6-only cluster-2, Istio ≥1.30 drops cluster-1's IPv4-only gateway (ep_filters.go IP family), so only v2 answers", () => {
    const table = compile(mesh).endpoints("cluster2/sample/curl", "helloworld.sample", 5000);
    expect(table.rows.every((r) => r.cluster === "cluster2")).toBe(true);
    expect(table.explanation.join("\n")).toMatch(/IP famil/i);
  });

  it("with a dual-stack gateway address in cluster-1, both clusters split v1/v2 equally", () => {
    const dual = createMesh({
      ...mesh,
      clusters: mesh.clusters.map((c) =>
        c.name !== "cluster1"
          ? c
          : {
              ...c,
              eastWestGateways: c.gateways.map((g) =>
                g.address && "hostname" in g.address
                  ? {
                      ...g,
                      address: { ...g.address, resolvesTo: [...g.address.resolvesTo, "2001:db8:1::10"] },
                    }
                  : g,
              ),
            },
      ),
    }).mesh;
    for (const from of ["cluster1/sample/curl", "cluster2/sample/curl"]) {
      const d = compile(dual).distribution(from, "helloworld.sample", 5000);
      expect(d.byCluster.cluster1, from).toBeCloseTo(0.5, 5);
      expect(d.byCluster.cluster2, from).toBeCloseTo(0.5, 5);
    }
  });
});

describe("seed 004 (AKS, cluster-local routing, split Bookinfo)", () => {
  it("before step 11 helloworld alternates v1/v2 from both clusters", () => {
    const sim = compile(meshOf("004", "before-cluster-local-routing"));
    for (const from of ["cluster1/sample/sleep", "cluster2/sample/sleep"]) {
      const d = sim.distribution(from, "helloworld.sample", 5000);
      expect(d.byCluster.cluster1).toBeCloseTo(0.5, 5);
      expect(d.byCluster.cluster2).toBeCloseTo(0.5, 5);
    }
  });

  it("with the cluster-local DestinationRule + VirtualService in cluster1 only: cluster1 always v1, cluster2 still both", () => {
    const sim = compile(meshOf("004"));
    expect(sim.distribution("cluster1/sample/sleep", "helloworld.sample", 5000).byCluster).toEqual({
      cluster1: 1,
    });
    const d2 = sim.distribution("cluster2/sample/sleep", "helloworld.sample", 5000);
    expect(d2.byCluster.cluster1).toBeCloseTo(0.5, 5);
    const trace = sim.request({ from: "cluster1/sample/sleep", to: "helloworld.sample:5000/hello" });
    expect(
      trace.hops[0]!.decisions.some((d) => d.kind === "route" && d.decision.includes("cluster-1-local")),
    ).toBe(true);
  });

  it("productpage reaches reviews in cluster2 because cluster1 declares the reviews Service", () => {
    const trace = compile(meshOf("004")).request({
      from: "cluster1/bookinfo/productpage-v1",
      to: "reviews:9080/reviews/0",
    });
    expect(trace.outcome.ok).toBe(true);
    expect(trace.endpoint?.cluster).toBe("cluster2");
  });

  it("without cluster1's reviews Service the lookup fails before Istio routes (NXDOMAIN)", () => {
    const mesh = meshOf("004");
    const withoutService = createMesh({
      ...mesh,
      clusters: mesh.clusters.map((c) =>
        c.name !== "cluster1"
          ? c
          : {
              ...c,
              resources: c.resources.filter((o) => !(o.kind === "Service" && o.metadata.name === "reviews")),
            },
      ),
    }).mesh;
    const trace: Trace = compile(withoutService).request({
      from: "cluster1/bookinfo/productpage-v1",
      to: "reviews:9080/reviews/0",
    });
    expect(trace.outcome).toMatchObject({ ok: false, name: "DNS_NXDOMAIN" });
    expect(trace.symptom).toBe("curl: (6) Could not resolve host: reviews");
  });
});

describe("seed 002 (two AKS clusters on one peered network)", () => {
  it("echoserver from cluster two reaches cluster one's pod directly, with no east-west gateway in the path", () => {
    const trace = compile(meshOf("002")).request({
      from: "aks-cluster-two/echoserver/curlclient",
      to: "echoserver:8080",
    });
    expect(trace.outcome.ok).toBe(true);
    expect(trace.endpoint?.cluster).toBe("aks-cluster-one");
    expect(trace.hops.some((h) => h.to.role === "eastwest-gateway")).toBe(false);
    expect(trace.hops.some((h) => h.protocol === "mTLS")).toBe(true);
  });
});

describe("seed 003 (EKS + AKS with Admiral): `.global` ServiceEntries through the east-west gateways", () => {
  const mesh = meshOf("003");
  const sim = compile(mesh);
  const call = (requestKey: string) =>
    sim.request({ from: "eks/webapp-eks/frontend", to: "http://stage.backend.global", requestKey });
  const keys = Array.from({ length: 64 }, (_, i) => `${i}`);

  it("the remote endpoint is the AKS gateway: SNI passthrough, then kube-proxy to a backend-aks pod, mTLS end to end", () => {
    const trace = keys.map(call).find((t) => t.endpoint?.cluster === "aks")!;
    const gateway = trace.hops.find((h) => h.to.role === "eastwest-gateway")!;
    expect(gateway).toMatchObject({ protocol: "mTLS", sni: "outbound_.80_._.stage.backend.global" });
    expect(gateway.to.address).toBe("198.51.100.30:15443");
    const landing = trace.hops[trace.hops.indexOf(gateway) + 1]!;
    expect(landing.decisions?.map((d) => d.kind)).toEqual(["passthrough", "kube-proxy"]);
    expect(landing.to.id).toMatch(/^aks\/webapp-aks\/backend-aks-/);
  });

  it("the local endpoint is a hostname Envoy resolves through kube-dns: kube-proxy picks a backend-eks pod", () => {
    const trace = keys.map(call).find((t) => t.endpoint?.cluster === "eks")!;
    expect(trace.hops[1]!.decisions?.[0]?.decision).toMatch(/^kube-proxy DNAT 10\.100\.\d+\.\d+:9898 → /);
    expect(trace.hops[1]!.protocol).toBe("mTLS");
  });

  it("each gateway's entry lists the other gateway too: a share bounces back, and past 4 gateways it is not followed", () => {
    const d = sim.distribution("eks/webapp-eks/frontend", "stage.backend.global", 80);
    // 50 % local; 50 % to AKS, where half is local and half returns to EKS, and so on.
    expect(d.byCluster.eks).toBeCloseTo(0.5 + 0.125 + 0.03125, 10);
    expect(d.byCluster.aks).toBeCloseTo(0.25 + 0.0625, 10);
    const unfollowed = 1 - d.rows.reduce((sum, r) => sum + r.share, 0);
    expect(unfollowed).toBeCloseTo(0.5 ** 5, 10);
    const looped = keys.map(call).find((t) => !t.outcome.ok)!;
    expect(looped.outcome).toMatchObject({ ok: false, code: "MW5013", name: "GATEWAY_CHAIN_NOT_SIMULATED" });
    expect(looped.hops.filter((h) => h.to.role === "eastwest-gateway")).toHaveLength(4);
  });

  it("as the seed prints the entries (no tlsMode label), the gateways pass nothing: their SNI clusters keep only mTLS endpoints", () => {
    const unlabelled = createMesh({
      ...mesh,
      clusters: mesh.clusters.map((c) => ({
        ...c,
        resources: c.resources.map((o) =>
          o.kind === "ServiceEntry"
            ? {
                ...o,
                spec: {
                  ...(o.spec as Record<string, unknown>),
                  endpoints: ((o.spec as { endpoints: Record<string, unknown>[] }).endpoints ?? []).map(
                    ({ labels: _labels, ...endpoint }) => endpoint,
                  ),
                },
              }
            : o,
        ),
      })),
    }).mesh;
    const printed = compile(unlabelled);
    const trace = keys
      .map((requestKey) =>
        printed.request({ from: "eks/webapp-eks/frontend", to: "http://stage.backend.global", requestKey }),
      )
      .find((t) => t.hops.some((h) => h.to.role === "eastwest-gateway"))!;
    expect(trace.outcome).toMatchObject({ ok: false, name: "NO_HEALTHY_UPSTREAM" });
  });
});
