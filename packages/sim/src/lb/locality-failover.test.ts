import type { Locality } from "@meshwright/core";
import { describe, expect, it } from "vitest";
import { compactPriorities } from "./compaction";
import { applyLocalityFailover, failoverTier } from "./locality-failover";
import { localityTier } from "./locality-match";
import { ep, group } from "./test-support";

const proxy: Locality = { region: "region1", zone: "zone1", subzone: "subzone1" };
const failover = [{ from: "region1", to: "region2" }];

/** loadbalancer_test.go buildFakeCluster: seven groups, the first two in the proxy's own locality. */
const fakeCluster = [
  "region1/zone1/subzone1",
  "region1/zone1/subzone1",
  "region1/zone1/subzone2",
  "region1/zone1/subzone3",
  "region1/zone2/",
  "region2//",
  "region3//",
].map((locality, i) => group(locality, [ep(`e${i}`, { locality })]));

describe("applyLocalityFailover (util.LbPriority + failover rules, istio-semantics §1.5)", () => {
  it("Failover: all priorities — 0 same subzone, 1 same zone, 2 same region, 3 failover target, 4 other regions", () => {
    const out = applyLocalityFailover(fakeCluster, proxy, failover);
    expect(out.map((g) => g.priority)).toEqual([0, 0, 1, 1, 2, 3, 4]);
  });

  it("Failover: priorities with gaps are compacted (no empty priority reaches Envoy)", () => {
    const small = ["region1/zone1/subzone2", "region2/zone1/subzone2", "region2/zone1/subzone2"].map((l, i) =>
      group(l, [ep(`s${i}`, { locality: l })]),
    );
    expect(applyLocalityFailover(small, proxy, failover).map((g) => g.priority)).toEqual([0, 1, 1]);
  });

  it("Failover: priorities with some nil localities — no locality is a region mismatch, tier 4 when a rule exists", () => {
    const withEmpty = ["region1/zone1/subzone2", "", "region2/zone1/subzone2"].map((l, i) =>
      group(l, [ep(`n${i}`, { locality: l })]),
    );
    expect(applyLocalityFailover(withEmpty, proxy, failover).map((g) => g.priority)).toEqual([0, 2, 1]);
  });

  it("without a failover rule for the proxy's region, every other region shares tier 3", () => {
    expect(
      failoverTier(proxy, { region: "region3", zone: "", subzone: "" }, [{ from: "region9", to: "region3" }]),
    ).toBe(3);
    expect(applyLocalityFailover(fakeCluster, proxy, []).map((g) => g.priority)).toEqual([
      0, 0, 1, 1, 2, 3, 3,
    ]);
  });

  it("only the first rule whose from is the proxy's region counts", () => {
    const rules = [
      { from: "region1", to: "region3" },
      { from: "region1", to: "region2" },
    ];
    expect(failoverTier(proxy, { region: "region2", zone: "", subzone: "" }, rules)).toBe(4);
    expect(failoverTier(proxy, { region: "region3", zone: "", subzone: "" }, rules)).toBe(3);
  });

  it("the locality failover doc's raw tiers 0, 2, 3, 4 reach Envoy as 0, 1, 2, 3", () => {
    const doc = ["region1/zone1/subzone1", "region1/zone2/", "region2//", "region3//"].map((l, i) =>
      group(l, [ep(`d${i}`, { locality: l })]),
    );
    const raw = doc.map((g) => failoverTier(proxy, g.locality, failover));
    expect(raw).toEqual([0, 2, 3, 4]);
    expect(applyLocalityFailover(doc, proxy, failover).map((g) => g.priority)).toEqual([0, 1, 2, 3]);
  });

  it("empty zone equals empty zone (plain string comparison)", () => {
    expect(localityTier({ region: "r", zone: "", subzone: "" }, { region: "r", zone: "", subzone: "" })).toBe(
      0,
    );
  });

  it("composes with earlier priorities as previous × 5 + tier", () => {
    const ranked = [
      group("region1/zone1/subzone1", [ep("p")], { priority: 1 }),
      group("region3//", [ep("q")]),
    ];
    // raw: 1×5+0 = 5 and 0×5+4 = 4 → compacted 1, 0.
    expect(applyLocalityFailover(ranked, proxy, failover).map((g) => g.priority)).toEqual([1, 0]);
  });
});

describe("compactPriorities", () => {
  it("renumbers to 0..N-1 keeping order and ties", () => {
    expect(compactPriorities([10, 2, 13, 9, 3, 14, 2])).toEqual([3, 0, 4, 2, 1, 5, 0]);
    expect(compactPriorities([0, 1, 1])).toEqual([0, 1, 1]);
    expect(compactPriorities([])).toEqual([]);
  });
});
