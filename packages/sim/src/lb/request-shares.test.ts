import { describe, expect, it } from "vitest";
import type { ClusterLbFlags } from "./cluster-flags";
import { sharesByCluster, sharesByLocality } from "./endpoint-share";
import { requestShares } from "./request-shares";
import { endpoints, ep, group, shareWhere } from "./test-support";

const flags = (overrides: Partial<ClusterLbFlags> = {}): ClusterLbFlags => ({
  localityWeightedLbConfig: false,
  zoneAwareLbConfig: null,
  panicThreshold: 0,
  lbPolicy: "LEAST_REQUEST",
  ...overrides,
});

describe("requestShares (Envoy runtime, istio-semantics §1.8)", () => {
  it("all priority 0 (failover gate closed): requests spread over every locality by endpoint weight", () => {
    const groups = [
      group("r1/z1/", [ep("a", { cluster: "c1" }), ep("b", { cluster: "c1" })]),
      group("r2/z1/", [ep("c", { cluster: "c2" }), ep("d", { cluster: "c2" })]),
    ];
    const r = requestShares(groups, flags());
    expect(r.outcome).toBe("ok");
    expect(sharesByCluster(r.shares)).toEqual({ c1: 0.5, c2: 0.5 });
    expect(sharesByLocality(r.shares)).toEqual({ "r1/z1/": 0.5, "r2/z1/": 0.5 });
  });

  it("partial health: priority 0 with 2 of 4 healthy keeps 70%, the next priority takes 30%", () => {
    const groups = [
      group("r1/z1/", endpoints("p0-", 4, 2), { priority: 0 }),
      group("r1/z2/", endpoints("p1-", 2, 2), { priority: 1 }),
    ];
    const r = requestShares(groups, flags());
    expect(r.priorityLoads.loads).toEqual([70, 30]);
    expect(shareWhere(r.shares, (e) => e.workloadId === "p0-0")).toBeCloseTo(0.35);
    expect(shareWhere(r.shares, (e) => e.workloadId === "p0-3")).toBe(0);
    expect(r.shares.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1, 12);
  });

  it("outlier-ejected endpoints count as unhealthy hosts", () => {
    const groups = [group("r1/z1/", [ep("a"), ep("b")]), group("r2//", [ep("c")], { priority: 1 })];
    const r = requestShares(groups, flags(), { ejected: new Set(["a"]) });
    expect(r.priorityLoads.loads).toEqual([70, 30]);
    expect(shareWhere(r.shares, (e) => e.workloadId === "b")).toBeCloseTo(0.7);
  });

  it("nothing healthy, panic disabled (outlierDetection default): 503 no healthy upstream, no shares", () => {
    const groups = [group("r1//", endpoints("x", 2, 0))];
    const r = requestShares(groups, flags());
    expect(r.outcome).toBe("no-healthy-upstream");
    expect(r.shares).toEqual([]);
  });

  it("nothing healthy with Envoy's 50% panic threshold: requests go to unhealthy hosts (panic)", () => {
    const groups = [
      group("r1//", endpoints("x", 2, 0)),
      group("r2//", endpoints("y", 2, 0), { priority: 1 }),
    ];
    const r = requestShares(groups, flags({ panicThreshold: 50 }));
    expect(r.outcome).toBe("panic");
    expect(r.shares.map((s) => s.share)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it("a priority below the panic threshold sends its load to all its hosts", () => {
    const groups = [
      group("r1//", endpoints("x", 3, 1)),
      group("r2//", endpoints("y", 1, 1), { priority: 1 }),
    ];
    const r = requestShares(groups, flags({ panicThreshold: 50 }));
    expect(r.priorityLoads.loads).toEqual([46, 54]);
    expect(r.outcome).toBe("panic");
    expect(shareWhere(r.shares, (e) => e.workloadId === "x2")).toBeCloseTo(0.46 / 3);
  });

  it("no endpoints at all", () => {
    expect(requestShares([], flags()).outcome).toBe("no-endpoints");
    expect(requestShares([group("r//", [])], flags()).outcome).toBe("no-endpoints");
  });

  it("removing an unhealthy endpoint of a cluster can raise that cluster's share (Envoy priority health)", () => {
    // P0 = {c1 unhealthy, c2, d1, d2 unhealthy}: health 70 → c2 gets 35%. Without c1: health 93 → 46.5%.
    const p0 = [
      ep("c1", { cluster: "c", health: "unhealthy" }),
      ep("c2", { cluster: "c" }),
      ep("d1", { cluster: "d" }),
      ep("d2", { cluster: "d", health: "unhealthy" }),
    ];
    const p1 = group("r2//", [ep("e1", { cluster: "e" })], { priority: 1 });
    const before = sharesByCluster(requestShares([group("r1//", p0), p1], flags()).shares);
    const after = sharesByCluster(requestShares([group("r1//", p0.slice(1)), p1], flags()).shares);
    expect(before.c).toBeCloseTo(0.35);
    expect(after.c).toBeCloseTo(0.465);
  });

  it("with locality weights, a cluster leaving a shared locality can lower another cluster's share (the group weight counts unhealthy endpoints)", () => {
    // Locality r2 = {c2/w0 unhealthy, c1/w1}: weight 2 × min(1, 1.4 × 1/2) = 1.4 vs r3 = {c3/w2}: 1.
    const r2 = [ep("w0", { cluster: "c2", health: "unhealthy" }), ep("w1", { cluster: "c1" })];
    const r3 = group("r3//", [ep("w2", { cluster: "c3" })]);
    const weighted = flags({ localityWeightedLbConfig: true });
    const before = sharesByCluster(requestShares([group("r2//", r2), r3], weighted).shares);
    const after = sharesByCluster(requestShares([group("r2//", r2.slice(1)), r3], weighted).shares);
    expect(before.c1).toBeCloseTo(1.4 / 2.4);
    expect(after.c1).toBeCloseTo(0.5);
  });
});
