import { describe, expect, it } from "vitest";
import { applyFailoverPriorities } from "./failover-priority";
import { ep, group } from "./test-support";
import { applyZoneAwareRegionalFailover } from "./zone-aware";

const proxy = { region: "region1", zone: "zone1", subzone: "subzone1" };
const fakeCluster = [
  "region1/zone1/subzone1",
  "region1/zone1/subzone1",
  "region1/zone1/subzone2",
  "region1/zone1/subzone3",
  "region1/zone2/",
  "region2//",
  "region3//",
].map((locality, i) => group(locality, [ep(`e${i}`, { locality })]));

describe("applyZoneAwareRegionalFailover (TestApplyZoneAwareLoadBalancer, istio-semantics §1.9)", () => {
  it("zone-aware without explicit failover still region-buckets", () => {
    expect(applyZoneAwareRegionalFailover(fakeCluster, proxy, []).map((g) => g.priority)).toEqual([
      0, 0, 0, 0, 0, 1, 1,
    ]);
  });

  it("zone-aware Failover keeps same-region endpoints at priority 0, the failover region next", () => {
    const out = applyZoneAwareRegionalFailover(fakeCluster, proxy, [{ from: "region1", to: "region2" }]);
    expect(out.map((g) => g.priority)).toEqual([0, 0, 0, 0, 0, 1, 2]);
  });

  it("zone-aware Failover with no matching rule compacts to two priorities", () => {
    const out = applyZoneAwareRegionalFailover(fakeCluster, proxy, [{ from: "region9", to: "region2" }]);
    expect(out.map((g) => g.priority)).toEqual([0, 0, 0, 0, 0, 1, 1]);
  });

  it("zone-aware FailoverPriority composes label priority × 3 + region bucket", () => {
    const groups = [
      group("region1/zone1/", [ep("a", { network: "n2" }), ep("b", { network: "n1" })]),
      group("region2/zone1/", [ep("c", { network: "n1" })]),
    ];
    const labelled = applyFailoverPriorities(
      groups,
      { "topology.istio.io/network": "n1" },
      ["topology.istio.io/network"],
      "1.30",
    );
    const out = applyZoneAwareRegionalFailover(labelled, proxy, []);
    // b: 0×3+0 = 0, a: 1×3+0 = 3, c: 0×3+2 = 2 → compacted b 0, c 1, a 2.
    expect(out.map((g) => [g.endpoints[0]!.workloadId, g.priority])).toEqual([
      ["b", 0],
      ["a", 2],
      ["c", 1],
    ]);
  });
});
