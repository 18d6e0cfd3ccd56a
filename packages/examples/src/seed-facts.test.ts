import { isIPv4, isIPv6 } from "node:net";
import type { Cluster, Mesh } from "@meshwright/core";
import { describe, expect, it } from "vitest";
import { SEED_IDS, SEEDS } from "./catalogue";
import { loadSeed } from "./load-seed";
import type { SeedId } from "./seed";

function meshOf(id: SeedId, stage?: string): Mesh {
  const result = loadSeed(id, stage === undefined ? {} : { stage });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.mesh!;
}

function cluster(mesh: Mesh, name: string): Cluster {
  const found = mesh.clusters.find((c) => c.name === name);
  if (!found) throw new Error(`no cluster ${name}`);
  return found;
}

/** Workloads a `<cluster>/<namespace>/<name>` reference names: by workload name or controller name. */
function workloadsOf(mesh: Mesh, ref: string) {
  const [clusterName, namespace, name] = ref.split("/");
  return (mesh.clusters.find((c) => c.name === clusterName)?.workloads ?? []).filter(
    (w) => w.namespace === namespace && (w.name === name || w.owner.name === name),
  );
}

function resourceNames(c: Cluster, kind: string): string[] {
  return c.resources.filter((o) => o.kind === kind).map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
}

describe.each(SEED_IDS)("seed %s calls", (id) => {
  it.each(SEEDS[id].calls.map((call) => [call.id, call]))(
    "%s: the calling and the answering workloads exist in the mesh of its stage",
    (_id, call) => {
      const mesh = meshOf(id, call.stage);
      expect(workloadsOf(mesh, call.from).length).toBeGreaterThan(0);
      for (const ref of call.expected.servedBy ?? [])
        expect(workloadsOf(mesh, ref).length).toBeGreaterThan(0);
    },
  );
});

describe("seed 000: EKS + ECS + AKS, ambient, Solo", () => {
  const mesh = meshOf("000");
  const eks = cluster(mesh, "eks-cluster");

  it("ECS tasks are ambient workloads in their ECS cluster's namespace with SPIFFE id ns/<ecs ns>/sa/ecs-demo-sa-local", () => {
    const tasks = eks.workloads.filter((w) => w.kind === "EcsTask");
    expect(tasks.map((t) => `${t.namespace}/${t.owner.name}`).sort()).toEqual([
      "ecs-istio-multicloud-1/echo-service",
      "ecs-istio-multicloud-1/shell-task",
      "ecs-istio-multicloud-2/echo-service",
      "ecs-istio-multicloud-2/shell-task",
    ]);
    for (const task of tasks) {
      expect(task.dataplane).toBe("ambient");
      expect(task.identity).toBe(`spiffe://cluster.local/ns/${task.namespace}/sa/ecs-demo-sa-local`);
      expect(task.network).toBe("network1");
    }
  });

  it("ECS services are published as <service>.<ecs cluster>.ecs.local on their task ports", () => {
    const ecs = eks.services.filter((s) => s.origin === "ecs");
    expect(ecs.map((s) => `${s.hostname}:${s.ports.map((p) => p.port).join(",")}`).sort()).toEqual([
      "echo-service.ecs-istio-multicloud-1.ecs.local:8080",
      "echo-service.ecs-istio-multicloud-2.ecs.local:8080",
      "shell-task.ecs-istio-multicloud-1.ecs.local:80",
      "shell-task.ecs-istio-multicloud-2.ecs.local:80",
    ]);
  });

  it("Solo flavour: each cluster has one ambient east-west gateway on its own network, EKS by hostname, AKS by IP", () => {
    expect(mesh.flavour).toBe("solo");
    const gateways = mesh.clusters.map((c) =>
      c.gateways.map((g) => [c.name, g.kind, g.network, Object.keys(g.address ?? {})]),
    );
    expect(gateways).toEqual([
      [["eks-cluster", "ambient", "network1", ["hostname", "resolvesTo"]]],
      [["aks-cluster", "ambient", "network2", ["ip"]]],
    ]);
  });

  it("the AKS echo-service is global (solo.io/service-scope) and exists in AKS only", () => {
    const echo = cluster(mesh, "aks-cluster").services.find(
      (s) => s.hostname === "echo-service.app-a.svc.cluster.local",
    );
    expect(echo?.labels["solo.io/service-scope"]).toBe("global");
    expect(eks.services.some((s) => s.namespace === "app-a")).toBe(false);
  });

  it("Part 11's policies are not in the mesh file; the part-11-authorization stage adds both to AKS app-a only", () => {
    expect(resourceNames(cluster(mesh, "aks-cluster"), "AuthorizationPolicy")).toEqual([]);
    const staged = meshOf("000", "part-11-authorization");
    expect(resourceNames(cluster(staged, "aks-cluster"), "AuthorizationPolicy").sort()).toEqual([
      "app-a/allow-eks-default",
      "app-a/deny-all",
    ]);
    expect(resourceNames(cluster(staged, "eks-cluster"), "AuthorizationPolicy")).toEqual([]);
  });
});

describe("seed 001: EKS IPv4 + IPv6", () => {
  const mesh = meshOf("001");

  it("cluster1's pods and Services have IPv4 addresses, cluster2's IPv6 addresses", () => {
    for (const [name, isFamily] of [
      ["cluster1", isIPv4],
      ["cluster2", isIPv6],
    ] as const) {
      const c = cluster(mesh, name);
      expect(c.workloads.length).toBeGreaterThan(0);
      for (const w of c.workloads) expect(w.ips.length > 0 && w.ips.every((ip) => isFamily(ip))).toBe(true);
      for (const s of c.services) expect(s.clusterIps.every((ip) => isFamily(ip))).toBe(true);
    }
  });

  it("helloworld v1 runs in cluster1 and v2 in cluster2, behind one Service in both", () => {
    const versions = (name: string) =>
      cluster(mesh, name)
        .workloads.filter((w) => w.labels.app === "helloworld")
        .map((w) => w.labels.version);
    expect(versions("cluster1")).toEqual(["v1"]);
    expect(versions("cluster2")).toEqual(["v2"]);
    for (const c of mesh.clusters)
      expect(c.services.map((s) => s.hostname)).toContain("helloworld.sample.svc.cluster.local");
  });

  it("each cluster's classic gateway in istio-ingress exposes *.local; cluster1's NLB has IPv4 addresses only", () => {
    for (const c of mesh.clusters) {
      expect(c.gateways.map((g) => [g.namespace, g.kind, g.exposesServices, g.ports])).toEqual([
        ["istio-ingress", "classic", true, [15443]],
      ]);
    }
    const address = cluster(mesh, "cluster1").gateways[0]?.address;
    expect(address && "resolvesTo" in address && address.resolvesTo.every((ip) => isIPv4(ip))).toBe(true);
  });
});

describe("seed 002: two AKS clusters on one network", () => {
  const mesh = meshOf("002");

  it("has one network and no east-west gateway", () => {
    expect(mesh.networks.map((n) => n.name)).toEqual(["network1"]);
    for (const c of mesh.clusters) {
      expect(c.network).toBe("network1");
      expect(c.gateways).toEqual([]);
    }
  });

  it("echoserver pods run in cluster one only, its Service exists in both, and the revision label injects sidecars", () => {
    const echo = (name: string) => cluster(mesh, name).workloads.filter((w) => w.labels.run === "echoserver");
    expect(echo("aks-cluster-one")).toHaveLength(1);
    expect(echo("aks-cluster-two")).toHaveLength(0);
    for (const c of mesh.clusters) {
      expect(c.services.map((s) => s.hostname)).toContain("echoserver.echoserver.svc.cluster.local");
      for (const w of c.workloads) expect(w.dataplane).toBe("sidecar");
    }
  });
});

describe("seed 003: EKS + AKS with Admiral", () => {
  const mesh = meshOf("003");

  it("Admiral's ServiceEntries point remote endpoints at the other cluster's declared east-west gateway on 15443", () => {
    const gatewayAddress = (name: string) => {
      const address = cluster(mesh, name).gateways[0]?.address;
      return address === undefined ? undefined : "ip" in address ? address.ip : address.hostname;
    };
    for (const [local, remote] of [
      ["eks", "aks"],
      ["aks", "eks"],
    ] as const) {
      const entry = cluster(mesh, local).resources.find(
        (o) => o.kind === "ServiceEntry" && o.metadata.name === "stage.backend.global-se",
      );
      expect(entry).toBeDefined();
      const spec = entry?.spec as { endpoints: { address: string; ports: { http: number } }[] };
      const endpoints = spec.endpoints;
      expect(endpoints).toContainEqual(
        expect.objectContaining({ address: gatewayAddress(remote), ports: { http: 15443 } }),
      );
      expect(endpoints).toContainEqual(
        expect.objectContaining({ address: `backend.webapp-${local}.svc.cluster.local` }),
      );
    }
  });

  it("backend runs in both clusters as identity backend with env stage; frontend only in EKS", () => {
    for (const c of mesh.clusters) {
      const backend = c.workloads.filter((w) => w.labels.identity === "backend");
      expect(backend).toHaveLength(1);
      expect(backend[0]?.annotations["admiral.io/env"]).toBe("stage");
    }
    expect(cluster(mesh, "eks").workloads.some((w) => w.labels.app === "frontend")).toBe(true);
    expect(cluster(mesh, "aks").workloads.some((w) => w.labels.app === "frontend")).toBe(false);
  });

  it("sidecars capture DNS and auto-allocate addresses (ISTIO_META_DNS_CAPTURE / _AUTO_ALLOCATE)", () => {
    expect(mesh.meshConfig.dnsCapture).toBe(true);
    expect(mesh.meshConfig.dnsAutoAllocate).toBe(true);
  });
});

describe("seed 004: two AKS clusters, multi-network, Bookinfo split", () => {
  const mesh = meshOf("004");

  it("reviews pods run only in cluster2, while both clusters have the reviews Service", () => {
    const reviews = (name: string) =>
      cluster(mesh, name)
        .workloads.filter((w) => w.labels.app === "reviews")
        .map((w) => w.labels.version)
        .sort();
    expect(reviews("cluster1")).toEqual([]);
    expect(reviews("cluster2")).toEqual(["v1", "v2", "v3"]);
    for (const c of mesh.clusters)
      expect(c.services.map((s) => s.hostname)).toContain("reviews.bookinfo.svc.cluster.local");
  });

  it("the cluster-local DestinationRule and VirtualService are in cluster1 only; the step 10 stage drops them", () => {
    const local = ["sample/helloworld-cluster-local-vs"];
    expect(resourceNames(cluster(mesh, "cluster1"), "VirtualService")).toEqual(expect.arrayContaining(local));
    expect(resourceNames(cluster(mesh, "cluster1"), "DestinationRule")).toEqual([
      "sample/helloworld-per-cluster-dr",
    ]);
    expect(resourceNames(cluster(mesh, "cluster2"), "DestinationRule")).toEqual([]);
    const before = meshOf("004", "before-cluster-local-routing");
    expect(resourceNames(cluster(before, "cluster1"), "DestinationRule")).toEqual([]);
    expect(resourceNames(cluster(before, "cluster1"), "VirtualService")).not.toEqual(
      expect.arrayContaining(local),
    );
  });

  it("each cluster has one classic east-west gateway with the four istioctl ports, exposing *.local", () => {
    for (const c of mesh.clusters) {
      expect(c.gateways.map((g) => [g.name, g.kind, g.network, g.ports, g.exposesServices])).toEqual([
        ["istio-eastwestgateway", "classic", c.network, [15021, 15443, 15012, 15017], true],
      ]);
    }
  });
});
