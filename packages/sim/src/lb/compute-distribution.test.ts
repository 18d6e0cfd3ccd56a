import { describe, expect, it } from "vitest";
import { computeDistribution, type DistributionRequest } from "./compute-distribution";
import { sharesByCluster } from "./endpoint-share";
import type { LbEndpoint } from "./locality-groups";
import type { LbTrafficPolicy } from "./setting-types";
import { ep, proxyAt, shareWhere } from "./test-support";

/** helloworld across two clusters (seeds 001/004): v1 in cluster1 (region1), v2 in cluster2 (region2). */
const helloworld = [
  ep("cluster1/sample/helloworld-v1", {
    cluster: "cluster1",
    network: "network1",
    locality: "region1/zone1/",
  }),
  ep("cluster2/sample/helloworld-v2", {
    cluster: "cluster2",
    network: "network1",
    locality: "region2/zone1/",
  }),
];
const client = proxyAt({ cluster: "cluster1", network: "network1", locality: "region1/zone1/" });

function request<E extends LbEndpoint>(
  overrides: Partial<DistributionRequest<E>> & { endpoints: readonly E[] },
): DistributionRequest<E> {
  return {
    proxy: client,
    service: { trafficDistribution: "Any" },
    meshConfig: {},
    istioVersion: "1.31",
    ...overrides,
  };
}

describe("computeDistribution (per proxy, service and port)", () => {
  it("helloworld without a DestinationRule: failover gate closed, v1 and v2 about equally", () => {
    const d = computeDistribution(request({ endpoints: helloworld }));
    expect(d.dataplane).toBe("envoy");
    expect(d.outcome).toBe("ok");
    expect(d.groups.map((g) => g.priority)).toEqual([0, 0]);
    expect(sharesByCluster(d.shares)).toEqual({ cluster1: 0.5, cluster2: 0.5 });
    const gate = d.explanation.find((s) => s.rule === "failover-gate");
    expect(gate?.message).toContain("failover disabled: DestinationRule has no outlierDetection");
    expect(gate?.message).toContain("all localities priority 0");
  });

  it("adding outlierDetection alone keeps every request in the client's region while it is healthy", () => {
    const d = computeDistribution(
      request({
        endpoints: helloworld,
        destinationRulePolicy: { outlierDetection: { consecutive5xxErrors: 1 } } as LbTrafficPolicy,
      }),
    );
    expect(d.groups.map((g) => [g.localityKey, g.priority])).toEqual([
      ["region1/zone1/", 0],
      ["region2/zone1/", 1],
    ]);
    expect(sharesByCluster(d.shares)).toEqual({ cluster1: 1, cluster2: 0 });
    expect(d.clusterFlags?.panicThreshold).toBe(0);
  });

  it("…and fails over when the local endpoint is ejected", () => {
    const d = computeDistribution(
      request({
        endpoints: helloworld,
        destinationRulePolicy: { outlierDetection: {} } as LbTrafficPolicy,
        ejected: new Set(["cluster1/sample/helloworld-v1"]),
      }),
    );
    expect(d.priorityLoads).toEqual([0, 100]);
    expect(sharesByCluster(d.shares)).toEqual({ cluster1: 0, cluster2: 1 });
  });

  it("everything down with panic disabled: no healthy upstream and an empty share list", () => {
    const d = computeDistribution(
      request({
        endpoints: helloworld,
        destinationRulePolicy: { outlierDetection: {} } as LbTrafficPolicy,
        ejected: new Set(helloworld.map((e) => e.workloadId)),
      }),
    );
    expect(d.outcome).toBe("no-healthy-upstream");
    expect(d.shares).toEqual([]);
    expect(d.explanation.at(-1)?.message).toContain("no healthy upstream");
  });

  it("gateway pseudo-endpoints keep the remote locality but carry only network/cluster labels, so PreferClose ranks them last", () => {
    const local = ep("local", { cluster: "cluster1", network: "network1", locality: "region1/zone1/" });
    const gateway: LbEndpoint = {
      address: "203.0.113.10",
      cluster: "cluster2",
      network: "network2",
      locality: { region: "region1", zone: "zone1", subzone: "" },
      labels: { "topology.istio.io/network": "network2", "topology.istio.io/cluster": "cluster2" },
      weight: 2,
      health: "healthy",
    };
    const d = computeDistribution(
      request({ endpoints: [local, gateway], service: { trafficDistribution: "PreferClose" } }),
    );
    expect(d.groups).toHaveLength(2);
    expect(d.groups.map((g) => [g.endpoints[0]!.address, g.priority])).toEqual([
      ["local", 0],
      ["203.0.113.10", 1],
    ]);
    expect(shareWhere(d.shares, (e) => e === gateway)).toBe(0);
  });

  it("PreferClose network-first: 1.31 prefers another network's same-region endpoints, 1.30 lumps other networks together", () => {
    const endpoints = [
      ep("same-net-far", { network: "n1", cluster: "c1", locality: "r2/z1/", health: "unhealthy" }),
      ep("other-net-near", { network: "n2", cluster: "c2", locality: "r1/z1/" }),
      ep("other-net-far", { network: "n2", cluster: "c3", locality: "r2/z1/" }),
    ];
    const proxy = proxyAt({ network: "n1", cluster: "c1", locality: "r1/z1/" });
    const v131 = computeDistribution(
      request({ proxy, endpoints, service: { trafficDistribution: "PreferClose" } }),
    );
    expect(sharesByCluster(v131.shares)).toEqual({ c1: 0, c2: 1, c3: 0 });
    const v130 = computeDistribution(
      request({ proxy, endpoints, istioVersion: "1.30", service: { trafficDistribution: "PreferClose" } }),
    );
    expect(sharesByCluster(v130.shares)).toEqual({ c1: 0, c2: 0.5, c3: 0.5 });
    expect(v130.explanation.find((s) => s.rule === "failover-priority")?.message).toContain("1.30");
  });

  it("distribute works without outlierDetection and sends nothing to unlisted localities", () => {
    const d = computeDistribution(
      request({
        endpoints: helloworld,
        destinationRulePolicy: {
          loadBalancer: {
            localityLbSetting: {
              distribute: [{ from: "region1/*", to: { "region1/*": 80, "region3/*": 20 } }],
            },
          },
        } as LbTrafficPolicy,
      }),
    );
    expect(d.clusterFlags?.localityWeightedLbConfig).toBe(true);
    // region2's group is sent without endpoints, so cluster2 does not even appear.
    expect(d.groups.map((g) => g.endpoints.length)).toEqual([1, 0]);
    expect(sharesByCluster(d.shares)).toEqual({ cluster1: 1 });
    expect(d.explanation.find((s) => s.rule === "distribute")?.message).toContain(
      "unmatched localities get 0 traffic",
    );
  });

  it("zone-aware (1.31): region buckets in EDS, Envoy zone routing inside priority 0 from the local cluster", () => {
    const endpoints = [
      ...[0, 1].map((i) => ep(`z1-${i}`, { locality: "r1/z1/" })),
      ...[0, 1, 2, 3].map((i) => ep(`z2-${i}`, { locality: "r1/z2/" })),
      ep("far", { locality: "r2/z1/" }),
    ];
    const d = computeDistribution(
      request({
        proxy: proxyAt({ locality: "r1/z1/" }),
        endpoints,
        destinationRulePolicy: { loadBalancer: { zoneAwareLbSetting: {} } } as unknown as LbTrafficPolicy,
        localCluster: { hostsPerLocality: { "r1/z1/": 1, "r1/z2/": 1 } },
      }),
    );
    expect(d.groups.map((g) => g.priority)).toEqual([0, 0, 1]);
    expect(d.clusterFlags?.zoneAwareLbConfig).toEqual({ routingEnabled: true, minClusterSize: 6 });
    // 6 healthy hosts in P0 ≥ min_cluster_size: z1 holds 33.33% of upstream vs 50% of the local cluster.
    expect(shareWhere(d.shares, (e) => e.locality.zone === "z1")).toBeCloseTo(0.6666, 4);
    expect(shareWhere(d.shares, (e) => e.workloadId === "far")).toBe(0);
  });

  it("loadBalancer PASSTHROUGH: ORIGINAL_DST, no EDS, the dialled address is used", () => {
    const d = computeDistribution(
      request({
        endpoints: helloworld,
        destinationRulePolicy: { loadBalancer: { simple: "PASSTHROUGH" } } as LbTrafficPolicy,
      }),
    );
    expect(d.outcome).toBe("passthrough");
    expect(d.shares).toEqual([]);
  });

  it("ztunnel clients: WDS load balancing, DestinationRule ignored", () => {
    const d = computeDistribution(
      request({
        proxy: proxyAt({
          kind: "ztunnel",
          cluster: "cluster1",
          network: "network1",
          locality: "region1/zone1/",
        }),
        endpoints: helloworld,
        service: { trafficDistribution: "PreferClose" },
        destinationRulePolicy: { outlierDetection: {} } as LbTrafficPolicy,
      }),
    );
    expect(d.dataplane).toBe("ztunnel");
    expect(d.loadBalancing?.mode).toBe("FAILOVER");
    expect(sharesByCluster(d.shares)).toEqual({ cluster1: 1, cluster2: 0 });
    expect(d.explanation[0]!.message).toContain("DestinationRule ignored");
  });

  it("explain: false gives the same answer with no explanation", () => {
    const on = computeDistribution(request({ endpoints: helloworld }));
    const off = computeDistribution(request({ endpoints: helloworld, explain: false }));
    expect(off.explanation).toEqual([]);
    expect(off.shares).toEqual(on.shares);
  });

  it("every explanation step names its Istio / Envoy / ztunnel source", () => {
    const d = computeDistribution(
      request({ endpoints: helloworld, destinationRulePolicy: { outlierDetection: {} } as LbTrafficPolicy }),
    );
    expect(d.explanation.map((s) => s.rule)).toEqual([
      "grouping",
      "effective-setting",
      "failover-gate",
      "locality-failover",
      "cluster-config",
      "priority-load",
      "host-selection",
    ]);
    for (const step of d.explanation) expect(step.source).toMatch(/^(istio|envoy|ztunnel) /);
  });
});
