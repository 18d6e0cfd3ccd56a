import { describe, expect, it } from "vitest";
import {
  applyFailoverPriorities,
  endpointFailoverPriority,
  parseFailoverPriority,
} from "./failover-priority";
import { applyLocalityFailover } from "./locality-failover";
import type { LocalityLbGroup } from "./locality-groups";
import { ep, group } from "./test-support";

const NETWORK = "topology.istio.io/network";
const CLUSTER = "topology.istio.io/cluster";
const labels = (network: string, cluster: string, extra: Record<string, string> = {}) => ({
  [NETWORK]: network,
  [CLUSTER]: cluster,
  ...extra,
});
const raw = { rawLabels: true };

/** loadbalancer_test.go buildWrappedLocalityLbEndpoints: three groups of two endpoints. */
const wrapped = [
  group("region1/zone1/subzone1", [
    ep("1.1.1.1", { ...raw, labels: labels("n1", "c1") }),
    ep("2.2.2.2", { ...raw, labels: labels("n2", "c2", { key: "value" }) }),
  ]),
  group("region2/zone2/subzone2", [
    ep("3.3.3.3", { ...raw, labels: labels("n1", "c3", { key: "value" }) }),
    ep("4.4.4.4", { ...raw, labels: labels("n2", "c4", { key: "value" }) }),
  ]),
  group("region3/zone3/subzone3", [
    ep("1.2.3.4", { ...raw, labels: labels("n1", "c1", { key: "value" }) }),
    ep("2.3.4.5", { ...raw, labels: labels("n2", "c2", { key: "value" }) }),
  ]),
];

const shape = (groups: readonly LocalityLbGroup[]) =>
  groups.map((g) => ({ ids: g.endpoints.map((e) => e.workloadId), weight: g.weight, priority: g.priority }));

describe("applyFailoverPriorities (TestApplyLocalitySetting/FailoverPriority, istio-semantics §1.6)", () => {
  it("match none label: nothing matches, every group stays whole at priority 0", () => {
    const out = applyFailoverPriorities(wrapped, labels("test", "test"), [NETWORK, CLUSTER], "1.31");
    expect(shape(out)).toEqual([
      { ids: ["1.1.1.1", "2.2.2.2"], weight: 2, priority: 0 },
      { ids: ["3.3.3.3", "4.4.4.4"], weight: 2, priority: 0 },
      { ids: ["1.2.3.4", "2.3.4.5"], weight: 2, priority: 0 },
    ]);
  });

  it("match network label: groups split per endpoint, same-network endpoints first", () => {
    for (const version of ["1.30", "1.31"] as const) {
      const out = applyFailoverPriorities(wrapped, labels("n1", "test"), [NETWORK, CLUSTER], version);
      expect(shape(out)).toEqual([
        { ids: ["1.1.1.1"], weight: 1, priority: 0 },
        { ids: ["2.2.2.2"], weight: 1, priority: 1 },
        { ids: ["3.3.3.3"], weight: 1, priority: 0 },
        { ids: ["4.4.4.4"], weight: 1, priority: 1 },
        { ids: ["1.2.3.4"], weight: 1, priority: 0 },
        { ids: ["2.3.4.5"], weight: 1, priority: 1 },
      ]);
    }
  });

  it("not match the first n label, 1.31: network is preferred, not required — cluster still ranks other-network endpoints", () => {
    const out = applyFailoverPriorities(wrapped, labels("test", "c1"), [NETWORK, CLUSTER], "1.31");
    expect(shape(out).map(({ weight, priority }) => [weight, priority])).toEqual([
      [1, 0],
      [1, 1],
      [2, 1],
      [1, 0],
      [1, 1],
    ]);
  });

  it("not match the first n label, 1.30: a network mismatch ends the walk, so every endpoint shares one tier", () => {
    const out = applyFailoverPriorities(wrapped, labels("test", "c1"), [NETWORK, CLUSTER], "1.30");
    expect(shape(out).map(({ weight, priority }) => [weight, priority])).toEqual([
      [2, 0],
      [2, 0],
      [2, 0],
    ]);
  });

  it("match all labels: the first mismatch at index j gives N − j", () => {
    const out = applyFailoverPriorities(
      wrapped,
      labels("n2", "c2", { key: "value" }),
      ["key", NETWORK, CLUSTER],
      "1.31",
    );
    expect(shape(out)).toEqual([
      { ids: ["2.2.2.2"], weight: 1, priority: 0 },
      { ids: ["1.1.1.1"], weight: 1, priority: 3 },
      { ids: ["4.4.4.4"], weight: 1, priority: 1 },
      { ids: ["3.3.3.3"], weight: 1, priority: 2 },
      { ids: ["2.3.4.5"], weight: 1, priority: 0 },
      { ids: ["1.2.3.4"], weight: 1, priority: 2 },
    ]);
  });

  it("priority assignment as per the overridden value: key=value ignores the proxy's own label", () => {
    const out = applyFailoverPriorities(wrapped, labels("n2", "test"), [`${NETWORK}=n1`], "1.31");
    expect(out.map((g) => [g.endpoints[0]!.workloadId, g.priority])).toEqual([
      ["1.1.1.1", 0],
      ["2.2.2.2", 1],
      ["3.3.3.3", 0],
      ["4.4.4.4", 1],
      ["1.2.3.4", 0],
      ["2.3.4.5", 1],
    ]);
  });

  it("no endpoints with overridden value: all at the one (compacted) tier", () => {
    const out = applyFailoverPriorities(wrapped, labels("n1", "test"), [`${NETWORK}=n3`], "1.31");
    expect(shape(out).map((g) => g.priority)).toEqual([0, 0, 0]);
  });

  it("the override form network=value does not trigger network-preferred (exact string check on entry[0])", () => {
    expect(parseFailoverPriority([`${NETWORK}=n1`, CLUSTER], "1.31").networkPreferred).toBe(false);
    expect(parseFailoverPriority([NETWORK, CLUSTER], "1.31").networkPreferred).toBe(true);
    expect(parseFailoverPriority([NETWORK, CLUSTER], "1.30").networkPreferred).toBe(false);
  });

  it("a proxy without labels leaves the groups untouched", () => {
    expect(applyFailoverPriorities(wrapped, {}, [NETWORK], "1.31")).toEqual(wrapped);
  });

  it("FailoverPriority including locality: 1.31 orders N+R+Z, N+R, N, R+Z, R, none", () => {
    const proxyLabels = { [NETWORK]: "n1", region: "region2", zone: "zone2" };
    const e = (id: string, network: string, locality: string) => {
      const [region = "", zone = ""] = locality.split("/");
      return group(locality, [ep(id, { ...raw, labels: { [NETWORK]: network, region, zone } })]);
    };
    const groups = [
      e("1.1.1.1", "n1", "region1/zone1/subzone1"),
      e("2.2.2.2", "n2", "region1/zone2/subzone2"),
      e("3.3.3.3", "n1", "region2/zone2/subzone2"),
      e("4.4.4.4", "n2", "region3/zone3/subzone3"),
      e("5.5.5.5", "n2", "region2/zone2/subzone2"),
      e("6.6.6.6", "n1", "region3/zone3/subzone3"),
    ];
    const out = applyFailoverPriorities(groups, proxyLabels, [NETWORK, "region", "zone"], "1.31");
    expect(out.map((g) => g.priority)).toEqual([1, 3, 0, 3, 2, 1]);
    // 1.30: every other-network endpoint collapses into the lowest tier.
    const old = applyFailoverPriorities(groups, proxyLabels, [NETWORK, "region", "zone"], "1.30");
    expect(old.map((g) => g.priority)).toEqual([1, 2, 0, 2, 2, 1]);
  });

  it("FailoverPriority with Failover: label priority × 5 + locality tier, compacted", () => {
    const e = (id: string, locality: string, network: string, cluster: string) =>
      group(locality, [ep(id, { ...raw, labels: labels(network, cluster) })]);
    const groups = [
      e("1.1.1.1", "region1/zone1/subzone1", "n1", "c1"),
      e("2.2.2.2", "region1/zone2/subzone2", "n2", "c2"),
      e("3.3.3.3", "region2/zone2/subzone2", "n1", "c3"),
      e("4.4.4.4", "region3/zone3/subzone3", "n2", "c4"),
      e("5.5.5.5", "region2/zone2/subzone2", "n2", "c2"),
      e("6.6.6.6", "region3/zone3/subzone3", "n1", "c6"),
    ];
    const labelled = applyFailoverPriorities(groups, labels("n2", "c2"), [NETWORK, CLUSTER], "1.31");
    const out = applyLocalityFailover(labelled, { region: "region1", zone: "zone1", subzone: "subzone1" }, [
      { from: "region1", to: "region2" },
    ]);
    expect(out.map((g) => g.priority)).toEqual([3, 0, 4, 2, 1, 5]);
  });

  it("endpointFailoverPriority: missing labels compare as empty strings on both sides", () => {
    const parsed = parseFailoverPriority(["app", "version"], "1.31");
    expect(endpointFailoverPriority({ app: "a" }, { app: "a" }, parsed)).toBe(0);
    expect(endpointFailoverPriority({ app: "a" }, { app: "a", version: "v1" }, parsed)).toBe(1);
    expect(endpointFailoverPriority({}, { app: "a" }, parsed)).toBe(2);
  });
});
