import { describe, expect, it } from "vitest";
import { addressForProxy, mergeServices } from "./namespace-sameness";
import { service } from "./test-support";

const c1 = service("helloworld", "sample", { cluster: "cluster1", clusterIps: ["172.16.0.10"] });
const c2 = service("helloworld", "sample", {
  cluster: "cluster2",
  clusterIps: ["172.17.0.20"],
  annotations: { "alpha.istio.io/kubernetes-serviceaccounts": "helloworld" },
});

describe("aggregate/controller.go Services + mergeService (istio-semantics §4.1)", () => {
  it("same hostname in two clusters is one service: first registry supplies ports and default address", () => {
    const { services, diagnostics } = mergeServices([[c1], [c2]]);
    expect(services).toHaveLength(1);
    expect(services[0]).toMatchObject({
      hostname: "helloworld.sample.svc.cluster.local",
      primary: c1,
      defaultAddress: "172.16.0.10",
      clusterVips: { cluster1: ["172.16.0.10"], cluster2: ["172.17.0.20"] },
      clusters: ["cluster1", "cluster2"],
      serviceAccounts: ["spiffe://cluster.local/ns/sample/sa/helloworld"],
    });
    expect(diagnostics).toEqual([]);
  });

  it("registry order decides the primary", () => {
    expect(mergeServices([[c2], [c1]]).services[0]).toMatchObject({
      primary: c2,
      defaultAddress: "172.17.0.20",
    });
  });

  it("later clusters add service accounts without duplicates (canonical ones as written)", () => {
    const c3 = service("helloworld", "sample", {
      cluster: "cluster3",
      annotations: {
        "alpha.istio.io/canonical-serviceaccounts": "spiffe://td3/ns/sample/sa/hw",
        "alpha.istio.io/kubernetes-serviceaccounts": "helloworld",
      },
    });
    const { services } = mergeServices([[c1], [c2], [c3]], { trustDomain: "cluster.local" });
    expect(services[0]!.serviceAccounts).toEqual([
      "spiffe://cluster.local/ns/sample/sa/helloworld",
      "spiffe://td3/ns/sample/sa/hw",
    ]);
  });

  it("different ports in a later cluster: the first cluster's ports win, MW4640 warns", () => {
    const other = service("helloworld", "sample", {
      cluster: "cluster2",
      ports: [{ name: "http", port: 8080, targetPort: 5000, protocol: "TCP" }],
    });
    const { services, diagnostics } = mergeServices([[c1], [other]]);
    expect(services[0]!.ports).toEqual(c1.ports);
    expect(diagnostics.map((d) => [d.code, d.cluster])).toEqual([["MW4640", "cluster2"]]);
  });

  it("headless Services default to 0.0.0.0; non-Kubernetes (ECS) services are not merged", () => {
    const headless = service("db", "sample", { clusterIps: [], headless: true });
    const ecsA = service("echo", "ecs-1", { origin: "ecs", cluster: "eks" });
    const ecsB = service("echo", "ecs-1", { origin: "ecs", cluster: "eks2" });
    const { services } = mergeServices([[headless, ecsA], [ecsB]]);
    expect(services.map((s) => [s.hostname, s.defaultAddress, s.clusters])).toEqual([
      ["db.sample.svc.cluster.local", "0.0.0.0", ["cluster1"]],
      ["echo.ecs-1.svc.cluster.local", "172.16.0.10", ["eks"]],
      ["echo.ecs-1.svc.cluster.local", "172.16.0.10", ["eks2"]],
    ]);
  });
});

describe("model/service.go GetAddressForProxy", () => {
  const merged = mergeServices([[c1], [c2]]).services[0]!;
  it("a proxy uses its own cluster's ClusterIP", () => {
    expect(addressForProxy(merged, "cluster2")).toEqual({
      address: "172.17.0.20",
      source: "own-cluster-vip",
    });
  });
  it("a proxy in a cluster without the Service gets the default (first registry's) address", () => {
    expect(addressForProxy(merged, "cluster3")).toEqual({
      address: "172.16.0.10",
      source: "default-address",
    });
  });
  it("own VIPs of another IP family are skipped", () => {
    const dual = mergeServices([
      [service("hw", "s", { cluster: "v6", clusterIps: ["fd01:1::10", "172.18.0.1"] })],
    ]).services[0]!;
    expect(addressForProxy(dual, "v6", ["IPv4"]).address).toBe("172.18.0.1");
    expect(addressForProxy(dual, "v6", ["IPv6"]).address).toBe("fd01:1::10");
    expect(addressForProxy(dual, "v6").address).toBe("fd01:1::10");
  });
});
