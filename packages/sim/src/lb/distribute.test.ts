import { describe, expect, it } from "vitest";
import { applyLocalityWeights } from "./distribute";
import { localityMatches, patternsOverlap } from "./locality-match";
import { normalizeLocalitySetting } from "./normalize-setting";
import { ep, group } from "./test-support";

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

function distribute(raw: unknown) {
  return normalizeLocalitySetting({ distribute: raw }, "$").setting.distribute;
}

describe("applyLocalityWeights (TestApplyLocalitySetting/Distribute, istio-semantics §1.7)", () => {
  it("distribution between subzones: weight split over the groups a key claims, unmatched localities emptied", () => {
    const rules = distribute([
      {
        from: "region1/zone1/subzone1",
        to: { "region1/zone1/subzone1": 80, "region1/zone1/subzone2": 15, "region1/zone1/subzone3": 5 },
      },
    ]);
    const out = applyLocalityWeights(fakeCluster, proxy, rules);
    expect(out.groups.slice(0, 4).map((g) => g.weight)).toEqual([40, 40, 15, 5]);
    expect(out.groups.map((g) => g.endpoints.length)).toEqual([1, 1, 1, 1, 0, 0, 0]);
    expect(out.removed).toEqual(["region1/zone2/", "region2//", "region3//"]);
    expect(out.groups.every((g) => g.priority === 0)).toBe(true);
  });

  it("only the first rule whose from matches the proxy is used", () => {
    const rules = distribute([
      { from: "region9/*", to: { "region3/*": 100 } },
      { from: "region1/*", to: { "region2/*": 100 } },
      { from: "region1/zone1/*", to: { "region3/*": 100 } },
    ]);
    const out = applyLocalityWeights(fakeCluster, proxy, rules);
    expect(out.rule?.from).toBe("region1/*");
    expect(out.groups.filter((g) => g.endpoints.length > 0).map((g) => g.localityKey)).toEqual(["region2//"]);
  });

  it("no matching from: weights unchanged", () => {
    const out = applyLocalityWeights(
      fakeCluster,
      proxy,
      distribute([{ from: "region2/*", to: { "*": 100 } }]),
    );
    expect(out.rule).toBeUndefined();
    expect(out.groups).toEqual(fakeCluster);
  });

  it("ceil rounding of weight × share / claimed total (unset group weight counts as 1)", () => {
    const groups = [
      group("r1/z1/", [ep("a"), ep("b")]),
      group("r1/z2/", [ep("c")]),
      group("r2/z1/", [ep("d")]),
    ];
    const out = applyLocalityWeights(
      groups,
      { region: "r1", zone: "z1", subzone: "" },
      distribute([{ from: "r1", to: { "r1/*": 50, r2: 50 } }]),
    );
    // r1/* claims weights 2 and 1 (total 3): ceil(2×50/3) = 34, ceil(1×50/3) = 17.
    expect(out.groups.map((g) => g.weight)).toEqual([34, 17, 50]);
  });

  it("overlapping to keys: istiod's order is random; meshwright lets the more specific claim first and warns", () => {
    const normalized = normalizeLocalitySetting(
      { distribute: [{ from: "*", to: { "r1/*": 60, "r1/z1/*": 40 } }] },
      "$.localityLbSetting",
    );
    expect(normalized.setting.distribute[0]!.to.map((t) => t.locality)).toEqual(["r1/z1/*", "r1/*"]);
    expect(normalized.diagnostics.map((d) => d.code)).toEqual(["MW4509"]);
    const groups = [group("r1/z1/", [ep("a")]), group("r1/z2/", [ep("b")])];
    const out = applyLocalityWeights(groups, proxy, normalized.setting.distribute);
    expect(out.groups.map((g) => g.weight)).toEqual([40, 60]);
  });

  it("LocalityMatch: * and omitted trailing segments match anything; the region is required", () => {
    const l = { region: "r1", zone: "z1", subzone: "s1" };
    expect(localityMatches(l, "r1")).toBe(true);
    expect(localityMatches(l, "r1/z1")).toBe(true);
    expect(localityMatches(l, "r1/*/s1")).toBe(true);
    expect(localityMatches(l, "*")).toBe(true);
    expect(localityMatches(l, "r1/z2")).toBe(false);
    expect(localityMatches(l, "r1/z1/s2")).toBe(false);
    expect(localityMatches({ region: "", zone: "", subzone: "" }, "")).toBe(true);
    expect(patternsOverlap("r1/*", "r1/z1/*")).toBe(true);
    expect(patternsOverlap("r1/z1", "r1/z2")).toBe(false);
    expect(patternsOverlap("*", "r2")).toBe(true);
  });
});
