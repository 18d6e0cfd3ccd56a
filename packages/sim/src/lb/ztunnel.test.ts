import { describe, expect, it } from "vitest";
import { ep, proxyAt } from "./test-support";
import { ztunnelCandidates } from "./ztunnel-candidates";
import { type WdsLoadBalancing, ztunnelLoadBalancing } from "./ztunnel-load-balancing";
import { ztunnelRank } from "./ztunnel-rank";
import { ztunnelShares } from "./ztunnel-shares";

const failover: WdsLoadBalancing = {
  routingPreference: ["NETWORK", "REGION", "ZONE"],
  mode: "FAILOVER",
  healthPolicy: "ONLY_HEALTHY",
};
const strict: WdsLoadBalancing = { ...failover, mode: "STRICT" };

/** ztunnel src/state.rs load_balance test: five workloads (one address-less) and an unknown endpoint. */
const workloads = [
  ep("wl_no_locality", { network: "network", locality: "" }),
  ep("wl_match", { network: "network", locality: "reg/zone/" }),
  ep("wl_almost", { network: "network", locality: "reg/not-zone/" }),
  ep("wl_other", { network: "other", locality: "reg/zone/" }),
  ep("wl_empty_ip", { network: "network", locality: "reg/zone/", address: "" }),
];

const client = (network: string, locality: string) => proxyAt({ kind: "ztunnel", network, locality });
const kept = (lb: WdsLoadBalancing, c: ReturnType<typeof client>, version: "1.30" | "1.31" = "1.31") =>
  ztunnelCandidates({ client: c, endpoints: workloads, loadBalancing: lb, istioVersion: version })
    .kept.map((k) => k.endpoint.workloadId)
    .sort();

describe("ztunnelCandidates (ztunnel ProxyState::load_balance, istio-semantics §1.10)", () => {
  it("strict no match should not select: NoHealthyUpstream", () => {
    const r = ztunnelCandidates({
      client: client("", ""),
      endpoints: workloads,
      loadBalancing: strict,
      istioVersion: "1.31",
    });
    expect(r.outcome).toBe("no-healthy-upstream");
    expect(r.kept).toEqual([]);
  });

  it("strict match", () => {
    expect(kept(strict, client("network", "reg/zone/"))).toEqual(["wl_match"]);
  });

  it("strict keeps requiring the network in 1.31 (it checks the unadjusted rank)", () => {
    expect(kept(strict, client("other", "reg/zone/"))).toEqual(["wl_other"]);
    expect(kept(strict, client("nowhere", "reg/zone/"))).toEqual([]);
  });

  it("failover no match can select any endpoint", () => {
    expect(kept(failover, client("no-match", "no-match/no-match/"))).toEqual([
      "wl_almost",
      "wl_match",
      "wl_no_locality",
      "wl_other",
    ]);
  });

  it("failover matches network+region+zone", () => {
    expect(kept(failover, client("network", "reg/zone/"))).toEqual(["wl_match"]);
  });

  it("failover matches network+region", () => {
    expect(kept(failover, client("network", "reg//"))).toEqual(["wl_almost", "wl_match"]);
  });

  it("failover matches network", () => {
    expect(kept(failover, client("network", "no-match/no-match/"))).toEqual([
      "wl_almost",
      "wl_match",
      "wl_no_locality",
    ]);
  });

  it("failover matches region+zone: 1.31 network preferred, not required", () => {
    expect(kept(failover, client("no-match", "reg/zone/"))).toEqual(["wl_match", "wl_other"]);
  });

  it("failover matches region+zone: 1.30 stops at the network mismatch, so everything ties", () => {
    expect(kept(failover, client("no-match", "reg/zone/"), "1.30")).toEqual([
      "wl_almost",
      "wl_match",
      "wl_no_locality",
      "wl_other",
    ]);
  });

  it("failover never selects missing ip (same network, or a remote network without gateway)", () => {
    const r = ztunnelCandidates({
      client: client("x", ""),
      endpoints: workloads,
      loadBalancing: failover,
      istioVersion: "1.31",
    });
    expect(r.excluded.map((x) => x.endpoint.workloadId)).toEqual(["wl_empty_ip"]);
    const viaGateway = ztunnelCandidates({
      client: client("x", ""),
      endpoints: workloads,
      loadBalancing: null,
      istioVersion: "1.31",
      networksWithGateway: new Set(["network"]),
    });
    expect(viaGateway.kept.map((k) => k.endpoint.workloadId)).toContain("wl_empty_ip");
  });

  it("unhealthy endpoints are left out unless the health policy is ALLOW_ALL", () => {
    const eps = [ep("a", { health: "unhealthy" }), ep("b")];
    const only = ztunnelCandidates({
      client: client("n1", ""),
      endpoints: eps,
      loadBalancing: null,
      istioVersion: "1.31",
    });
    expect(only.kept.map((k) => k.endpoint.workloadId)).toEqual(["b"]);
    const all = ztunnelCandidates({
      client: client("n1", ""),
      endpoints: eps,
      loadBalancing: { routingPreference: [], mode: "UNSPECIFIED_MODE", healthPolicy: "ALLOW_ALL" },
      istioVersion: "1.31",
    });
    expect(all.kept.map((k) => k.endpoint.workloadId)).toEqual(["a", "b"]);
  });

  it("NODE and CLUSTER scopes compare the node name and the cluster id", () => {
    const c = proxyAt({ kind: "ztunnel", cluster: "c1", node: "node-a" });
    expect(ztunnelRank(c, ep("x", { cluster: "c1", node: "node-a" }), ["CLUSTER", "NODE"], "1.31").rank).toBe(
      2,
    );
    expect(ztunnelRank(c, ep("y", { cluster: "c1", node: "node-b" }), ["CLUSTER", "NODE"], "1.31").rank).toBe(
      1,
    );
  });
});

describe("ztunnelShares (weighted random by capacity)", () => {
  it("the kept tier takes every connection, in proportion to capacity; other tiers get 0", () => {
    const eps = [
      ep("local", { network: "n1", locality: "r/z/" }),
      ep("remote-coalesced", { network: "n2", locality: "r/z/", address: "", weight: 3 }),
      ep("remote-2", { network: "n2", locality: "r/z/", weight: 1 }),
    ];
    const r = ztunnelCandidates({
      client: client("n1", "r/z/"),
      endpoints: eps,
      loadBalancing: null,
      istioVersion: "1.31",
      networksWithGateway: new Set(["n2"]),
    });
    expect(ztunnelShares(r).map((s) => s.share)).toEqual([0.2, 0.6, 0.2]);
    const ranked = ztunnelCandidates({
      client: client("n1", "r/z/"),
      endpoints: eps,
      loadBalancing: failover,
      istioVersion: "1.31",
      networksWithGateway: new Set(["n2"]),
    });
    expect(ztunnelShares(ranked).map((s) => [s.endpoint.workloadId, s.share, s.priority])).toEqual([
      ["local", 1, 0],
      // ranks 5 (network + region + zone, network bonus 2) vs 2 (region + zone): distance 3.
      ["remote-coalesced", 0, 3],
      ["remote-2", 0, 3],
    ]);
  });
});

describe("ztunnelLoadBalancing (ambient services.go constructService)", () => {
  it("internalTrafficPolicy Local → [NODE] STRICT", () => {
    expect(
      ztunnelLoadBalancing({ internalTrafficPolicy: "Local", trafficDistribution: "PreferClose" }),
    ).toEqual({
      routingPreference: ["NODE"],
      mode: "STRICT",
      healthPolicy: "ONLY_HEALTHY",
    });
  });

  it("PreferClose / PreferSameZone → [NETWORK, REGION, ZONE] FAILOVER; PreferSameNode adds SUBZONE, NODE", () => {
    expect(ztunnelLoadBalancing({ trafficDistribution: "PreferClose" })).toEqual(failover);
    expect(ztunnelLoadBalancing({ trafficDistribution: "PreferSameZone" })).toEqual(failover);
    expect(ztunnelLoadBalancing({ trafficDistribution: "PreferSameNode" })?.routingPreference).toEqual([
      "NETWORK",
      "REGION",
      "ZONE",
      "SUBZONE",
      "NODE",
    ]);
  });

  it("no preference → unset (standard mode)", () => {
    expect(ztunnelLoadBalancing({ trafficDistribution: "Any" })).toBeNull();
  });

  it("publishNotReadyAddresses → health policy ALLOW_ALL", () => {
    expect(ztunnelLoadBalancing({ trafficDistribution: "Any", publishNotReadyAddresses: true })).toEqual({
      routingPreference: [],
      mode: "UNSPECIFIED_MODE",
      healthPolicy: "ALLOW_ALL",
    });
    expect(
      ztunnelLoadBalancing({ trafficDistribution: "PreferClose", publishNotReadyAddresses: true })?.mode,
    ).toBe("FAILOVER");
  });

  it("ServiceEntry resolution NONE → PASSTHROUGH", () => {
    expect(
      ztunnelLoadBalancing({ kind: "ServiceEntry", resolution: "NONE", trafficDistribution: "PreferClose" })
        ?.mode,
    ).toBe("PASSTHROUGH");
    const se = ztunnelCandidates({
      client: client("n1", ""),
      endpoints: [ep("a")],
      loadBalancing: ztunnelLoadBalancing({
        kind: "ServiceEntry",
        resolution: "NONE",
        trafficDistribution: "Any",
      }),
      istioVersion: "1.31",
    });
    expect(se.outcome).toBe("passthrough");
  });
});
