import { describe, expect, it } from "vitest";
import { effectiveLbSetting, PREFER_SAME_NODE_SETTING, PREFER_SAME_ZONE_SETTING } from "./effective-setting";
import type { LbTrafficPolicy } from "./setting-types";

const drLocality = (setting: Record<string, unknown>): LbTrafficPolicy =>
  ({ loadBalancer: { localityLbSetting: setting } }) as LbTrafficPolicy;
const drZoneAware = (setting: Record<string, unknown>): LbTrafficPolicy =>
  ({ loadBalancer: { zoneAwareLbSetting: setting } }) as unknown as LbTrafficPolicy;
const failover = [{ from: "r1", to: "r2" }];

describe("effectiveLbSetting (TestGetEffectiveLbSetting, istio-semantics §1.3)", () => {
  it("mesh locality only: the MeshConfig setting applies, not forced", () => {
    const s = effectiveLbSetting({
      trafficDistribution: "Any",
      meshConfig: { localityLbSetting: { enabled: true } },
      istioVersion: "1.31",
    });
    expect(s).toMatchObject({ kind: "locality", source: "mesh", forced: false });
  });

  it("an absent MeshConfig setting means istiod's default {enabled: true}", () => {
    const s = effectiveLbSetting({ trafficDistribution: "Any", meshConfig: {}, istioVersion: "1.30" });
    expect(s).toMatchObject({ kind: "locality", source: "mesh", forced: false });
    expect(s.reason).toContain("default");
  });

  it("dr locality wins over mesh locality, used whole (no field merge)", () => {
    const s = effectiveLbSetting({
      destinationRulePolicy: drLocality({ failover }),
      trafficDistribution: "Any",
      meshConfig: { localityLbSetting: { enabled: true, failoverPriority: ["topology.istio.io/network"] } },
      istioVersion: "1.31",
    });
    expect(s.kind).toBe("locality");
    expect(s.source).toBe("destination-rule");
    expect(s.kind === "locality" && s.setting.failoverPriority).toEqual([]);
    expect(s.kind === "locality" && s.setting.failover).toEqual(failover);
  });

  it("prefer same zone service over mesh locality: network/region/zone priority, forced", () => {
    for (const distribution of ["PreferClose", "PreferSameZone"] as const) {
      const s = effectiveLbSetting({
        trafficDistribution: distribution,
        meshConfig: { localityLbSetting: {} },
        istioVersion: "1.30",
      });
      expect(s).toMatchObject({ kind: "locality", source: "traffic-distribution", forced: true });
      expect(s.setting).toBe(PREFER_SAME_ZONE_SETTING);
    }
  });

  it("prefer same node service over mesh locality: five labels down to the hostname, forced", () => {
    const s = effectiveLbSetting({
      trafficDistribution: "PreferSameNode",
      meshConfig: {},
      istioVersion: "1.31",
    });
    expect(s.setting).toBe(PREFER_SAME_NODE_SETTING);
    expect(PREFER_SAME_NODE_SETTING.failoverPriority).toEqual([
      "topology.istio.io/network",
      "topology.kubernetes.io/region",
      "topology.kubernetes.io/zone",
      "topology.istio.io/subzone",
      "kubernetes.io/hostname",
    ]);
    expect(s.forced).toBe(true);
  });

  it("dr locality wins over service traffic distribution and is not forced", () => {
    const s = effectiveLbSetting({
      destinationRulePolicy: drLocality({ failover }),
      trafficDistribution: "PreferClose",
      meshConfig: {},
      istioVersion: "1.31",
    });
    expect(s).toMatchObject({ kind: "locality", source: "destination-rule", forced: false });
  });

  it("mesh locality disabled → off", () => {
    const s = effectiveLbSetting({
      trafficDistribution: "Any",
      meshConfig: { localityLbSetting: { enabled: false } },
      istioVersion: "1.31",
    });
    expect(s).toMatchObject({ kind: "off", source: "mesh", setting: null });
  });

  it("dr locality disabled overrides mesh locality enabled", () => {
    const s = effectiveLbSetting({
      destinationRulePolicy: drLocality({ enabled: false }),
      trafficDistribution: "PreferClose",
      meshConfig: { localityLbSetting: { enabled: true } },
      istioVersion: "1.31",
    });
    expect(s).toMatchObject({ kind: "off", source: "destination-rule" });
  });

  it("dr locality enabled overrides mesh locality disabled", () => {
    const s = effectiveLbSetting({
      destinationRulePolicy: drLocality({ enabled: true }),
      trafficDistribution: "Any",
      meshConfig: { localityLbSetting: { enabled: false } },
      istioVersion: "1.31",
    });
    expect(s).toMatchObject({ kind: "locality", source: "destination-rule" });
  });

  it("dr zone-aware wins over mesh locality and over service traffic distribution (1.31)", () => {
    const s = effectiveLbSetting({
      destinationRulePolicy: drZoneAware({ failover }),
      trafficDistribution: "PreferClose",
      meshConfig: { localityLbSetting: { enabled: true } },
      istioVersion: "1.31",
    });
    expect(s).toMatchObject({ kind: "zone-aware", source: "destination-rule", forced: true });
  });

  it("service traffic distribution wins over mesh zone-aware", () => {
    const s = effectiveLbSetting({
      trafficDistribution: "PreferSameZone",
      meshConfig: { zoneAwareLbSetting: {} },
      istioVersion: "1.31",
    });
    expect(s.source).toBe("traffic-distribution");
  });

  it("mesh zone-aware wins over mesh locality when both set", () => {
    const s = effectiveLbSetting({
      trafficDistribution: "Any",
      meshConfig: { localityLbSetting: {}, zoneAwareLbSetting: { failover } },
      istioVersion: "1.31",
    });
    expect(s).toMatchObject({ kind: "zone-aware", source: "mesh", forced: true });
  });

  it("mesh zone-aware disabled still wins over mesh locality enabled, with routing off and nothing forced", () => {
    const s = effectiveLbSetting({
      trafficDistribution: "Any",
      meshConfig: { localityLbSetting: { enabled: true }, zoneAwareLbSetting: { enabled: false } },
      istioVersion: "1.31",
    });
    expect(s).toMatchObject({ kind: "zone-aware", forced: false });
  });

  it("dr locality wins over mesh zone-aware", () => {
    const s = effectiveLbSetting({
      destinationRulePolicy: drLocality({ failover }),
      trafficDistribution: "Any",
      meshConfig: { zoneAwareLbSetting: {} },
      istioVersion: "1.31",
    });
    expect(s).toMatchObject({ kind: "locality", source: "destination-rule" });
  });

  it("1.30 has no zone-aware LB: the setting is ignored with an MW4510 warning", () => {
    const s = effectiveLbSetting({
      destinationRulePolicy: drZoneAware({ failover }),
      trafficDistribution: "Any",
      meshConfig: { zoneAwareLbSetting: {} },
      istioVersion: "1.30",
    });
    expect(s).toMatchObject({ kind: "locality", source: "mesh" });
    expect(s.diagnostics.map((d) => d.code)).toEqual(["MW4510", "MW4510"]);
  });

  it("malformed fields become MW4500 diagnostics, never exceptions", () => {
    const s = effectiveLbSetting({
      destinationRulePolicy: drLocality({ enabled: "yes", failoverPriority: "topology.istio.io/network" }),
      trafficDistribution: "Any",
      meshConfig: {},
      istioVersion: "1.31",
    });
    expect(s.kind).toBe("locality");
    expect(s.diagnostics.map((d) => d.code)).toEqual(["MW4500", "MW4500"]);
    expect(s.diagnostics[0]!.path).toBe("$.spec.trafficPolicy.loadBalancer.localityLbSetting.enabled");
  });
});
