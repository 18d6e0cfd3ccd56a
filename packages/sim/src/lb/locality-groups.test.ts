import { localityString } from "@meshwright/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareLocalities, endpointWeight, localityLbGroups } from "./locality-groups";
import { ep } from "./test-support";

describe("localityLbGroups (endpoint_builder.go generate, istio-semantics §1.2 step 2)", () => {
  it("one group per locality string, groups sorted by it, endpoints in input order, priority 0", () => {
    const groups = localityLbGroups([
      ep("a", { locality: "r2/z1/s1" }),
      ep("b", { locality: "r1/z2/" }),
      ep("c", { locality: "r2/z1/s1" }),
      ep("d", { locality: "r1/z10/" }),
    ]);
    expect(groups.map((g) => g.localityKey)).toEqual(["r1/z10/", "r1/z2/", "r2/z1/s1"]);
    expect(groups[2]!.endpoints.map((e) => e.workloadId)).toEqual(["a", "c"]);
    expect(groups.every((g) => g.priority === 0)).toBe(true);
  });

  it("group weight is the sum of endpoint weights, an unset or zero weight counting 1 (GetLoadBalancingWeight)", () => {
    const [group] = localityLbGroups([
      ep("a", { locality: "r1", weight: 3 }),
      ep("b", { locality: "r1", weight: 0 }),
      ep("c", { locality: "r1", weight: 6 }),
    ]);
    expect(group!.weight).toBe(10);
    expect(endpointWeight(ep("x", { weight: 0 }))).toBe(1);
  });

  it("an endpoint without locality forms the '//' group (ConvertLocality of empty labels)", () => {
    const groups = localityLbGroups([ep("a"), ep("b", { locality: "r1/z1/s1" })]);
    expect(groups.map((g) => g.localityKey)).toEqual(["//", "r1/z1/s1"]);
  });

  it("no endpoints, no groups", () => {
    expect(localityLbGroups([])).toEqual([]);
  });

  it("equals grouping by the locality string, whatever the endpoints' order (property)", () => {
    const localities = fc.constantFrom("r1/z1/", "r1/z2/", "r2/z1/s1", "r10/z1/", "");
    fc.assert(
      fc.property(
        fc.array(fc.record({ locality: localities, weight: fc.nat(3) }), { maxLength: 30 }),
        fc.boolean(),
        (drawn, inRuns) => {
          const list = drawn.map((d, i) => ep(`w${i}`, d));
          // An EDS view's groups, flattened, come in runs of one locality: try both shapes.
          const endpoints = inRuns
            ? [...list].sort((a, b) => compareLocalities(a.locality, b.locality))
            : list;
          const expected = new Map<string, { endpoints: string[]; weight: number }>();
          for (const e of endpoints) {
            const key = localityString(e.locality);
            const group = expected.get(key) ?? { endpoints: [], weight: 0 };
            group.endpoints.push(e.workloadId!);
            group.weight += endpointWeight(e);
            expected.set(key, group);
          }
          const keys = [...expected.keys()].sort();
          expect(
            localityLbGroups(endpoints).map((g) => ({
              key: g.localityKey,
              endpoints: g.endpoints.map((e) => e.workloadId),
              weight: g.weight,
            })),
          ).toEqual(keys.map((key) => ({ key, ...expected.get(key)! })));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("compareLocalities orders exactly like the locality strings (sort.Strings), prefixes and separators included", () => {
    const part = fc.string({ unit: fc.constantFrom("a", "b", "-", ".", "0", "~"), maxLength: 3 });
    const locality = fc.record({ region: part, zone: part, subzone: part });
    fc.assert(
      fc.property(locality, locality, (a, b) => {
        const x = localityString(a);
        const y = localityString(b);
        expect(Math.sign(compareLocalities(a, b))).toBe(x < y ? -1 : x > y ? 1 : 0);
      }),
      { numRuns: 500 },
    );
  });
});
