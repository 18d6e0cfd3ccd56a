import { describe, expect, it } from "vitest";
import type { ClusterLbFlags } from "./cluster-flags";
import { zoneRoutingFractions } from "./envoy-zone-routing";
import { effectiveLocalityWeight, withinPriorityFractions } from "./host-selection";
import { endpoints, ep, group } from "./test-support";

const flags = (overrides: Partial<ClusterLbFlags> = {}): ClusterLbFlags => ({
  localityWeightedLbConfig: false,
  zoneAwareLbConfig: null,
  panicThreshold: 0,
  lbPolicy: "LEAST_REQUEST",
  ...overrides,
});

function localityShare(healthyOfTen: number): number {
  const x = group("r/x/", endpoints("x", 10, healthyOfTen), { weight: 1 });
  const y = group("r/y/", endpoints("y", 10, 10), { weight: 2 });
  const set = { groups: [x, y], healthy: [x, y].map((g) => g.endpoints.map((e) => e.health === "healthy")) };
  const within = withinPriorityFractions(set, {
    flags: flags({ localityWeightedLbConfig: true }),
    panic: false,
    isPriorityZero: true,
  });
  return within.fractions[0]!.reduce((a, b) => a + b, 0);
}

describe("withinPriorityFractions (Envoy hostSourceToUse, istio-semantics §1.8)", () => {
  // Envoy docs locality_weight: X weight 1, Y weight 2 fully healthy.
  it.each([
    [10, 0.3333],
    [7, 0.3289],
    [5, 0.2593],
    [0, 0],
  ])("locality weighted LB: X %i/10 healthy gets %f of the priority", (healthy, expected) => {
    expect(localityShare(healthy)).toBeCloseTo(expected, 3);
  });

  it("effective locality weight = weight × min(1, 1.4 × healthy / total)", () => {
    expect(effectiveLocalityWeight(2, 7, 10)).toBeCloseTo(1.96);
    expect(effectiveLocalityWeight(2, 0, 0)).toBe(0);
  });

  it("without LocalityWeightedLbConfig locality weights are ignored: healthy hosts by endpoint weight", () => {
    const a = group("r/a/", [ep("a1", { weight: 3 })], { weight: 100 });
    const b = group("r/b/", [ep("b1", { weight: 1 }), ep("b2", { weight: 1, health: "unhealthy" })], {
      weight: 1,
    });
    const set = { groups: [a, b], healthy: [[true], [true, false]] };
    const within = withinPriorityFractions(set, { flags: flags(), panic: false, isPriorityZero: true });
    expect(within.source).toBe("healthy-hosts");
    expect(within.fractions).toEqual([[0.75], [0.25, 0]]);
  });

  it("RANDOM ignores endpoint weights", () => {
    const a = group("r/a/", [ep("a1", { weight: 3 }), ep("a2", { weight: 1 })]);
    const set = { groups: [a], healthy: [[true, true]] };
    const within = withinPriorityFractions(set, {
      flags: flags({ lbPolicy: "RANDOM" }),
      panic: false,
      isPriorityZero: true,
    });
    expect(within.fractions).toEqual([[0.5, 0.5]]);
  });

  it("a priority in panic uses all its hosts, healthy or not, ignoring locality weights", () => {
    const a = group("r/a/", [ep("a1"), ep("a2", { health: "unhealthy" })], { weight: 9 });
    const b = group("r/b/", [ep("b1", { health: "unhealthy" })], { weight: 1 });
    const set = { groups: [a, b], healthy: [[true, false], [false]] };
    const within = withinPriorityFractions(set, {
      flags: flags({ localityWeightedLbConfig: true, panicThreshold: 50 }),
      panic: true,
      isPriorityZero: true,
    });
    expect(within.source).toBe("all-hosts");
    expect(within.fractions.flat().map((f) => Number(f.toFixed(4)))).toEqual([0.3333, 0.3333, 0.3333]);
  });
});

describe("zoneRoutingFractions (Envoy zone aware routing in priority 0)", () => {
  const local2 = { hostsPerLocality: { "r/z1/": 1, "r/z2/": 1 } };

  it("LocalityDirect: the proxy's locality holds at least its share of hosts, everything stays local", () => {
    const r = zoneRoutingFractions(
      [
        { localityKey: "r/z1/", healthy: 3 },
        { localityKey: "r/z2/", healthy: 3 },
      ],
      "r/z1/",
      local2,
      6,
    );
    expect(r).toMatchObject({ applies: true, fractions: [1, 0] });
  });

  it("LocalityResidual: upstream 33% vs local 50% keeps 66.66% local, the rest by residual capacity", () => {
    const r = zoneRoutingFractions(
      [
        { localityKey: "r/z1/", healthy: 2 },
        { localityKey: "r/z2/", healthy: 4 },
      ],
      "r/z1/",
      local2,
      6,
    );
    expect(r.applies).toBe(true);
    if (r.applies) {
      expect(r.fractions[0]).toBeCloseTo(0.6666, 4);
      expect(r.fractions[1]).toBeCloseTo(0.3334, 4);
    }
  });

  it("no zone routing for small clusters (min_cluster_size 6), without a local cluster, or with one local locality", () => {
    const upstream = [
      { localityKey: "r/z1/", healthy: 2 },
      { localityKey: "r/z2/", healthy: 3 },
    ];
    expect(zoneRoutingFractions(upstream, "r/z1/", local2, 6).applies).toBe(false);
    expect(zoneRoutingFractions(upstream, "r/z1/", undefined, 1).applies).toBe(false);
    expect(zoneRoutingFractions(upstream, "r/z1/", { hostsPerLocality: { "r/z1/": 4 } }, 1).applies).toBe(
      false,
    );
  });
});
