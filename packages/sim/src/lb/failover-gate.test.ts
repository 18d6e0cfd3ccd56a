import { describe, expect, it } from "vitest";
import { clusterLbFlags, envoyLbPolicy } from "./cluster-flags";
import { effectiveLbSetting } from "./effective-setting";
import { failoverEnabled } from "./failover-gate";
import { resolveLbFeatureFlags } from "./lb-features";
import type { LbTrafficPolicy } from "./setting-types";

function decide(policy: Record<string, unknown> | undefined, trafficDistribution = "Any" as const) {
  const destinationRulePolicy = policy as LbTrafficPolicy | undefined;
  const setting = effectiveLbSetting({
    destinationRulePolicy,
    trafficDistribution,
    meshConfig: {},
    istioVersion: "1.31",
  });
  return failoverEnabled({ setting, destinationRulePolicy });
}

describe("failoverEnabled: the outlier-detection gate (istio-semantics §1.4)", () => {
  it("failover needs outlierDetection: without it every locality stays at priority 0", () => {
    const d = decide({ loadBalancer: { localityLbSetting: { failover: [{ from: "r1", to: "r2" }] } } });
    expect(d).toMatchObject({ enabled: false, branch: "none" });
    expect(d.reason).toContain("no outlierDetection");
  });

  it("adding only outlierDetection turns on default locality failover (mesh default enabled: true)", () => {
    expect(decide({ outlierDetection: {} })).toMatchObject({ enabled: true, branch: "locality-failover" });
  });

  it("distribute applies regardless of outlierDetection", () => {
    const d = decide({
      loadBalancer: { localityLbSetting: { distribute: [{ from: "r1/*", to: { "r1/*": 100 } }] } },
    });
    expect(d).toMatchObject({ enabled: false, branch: "distribute" });
  });

  it("failoverPriority alone, and composed with failover", () => {
    const priority = { failoverPriority: ["topology.istio.io/cluster"] };
    expect(decide({ outlierDetection: {}, loadBalancer: { localityLbSetting: priority } }).branch).toBe(
      "failover-priority",
    );
    const both = { ...priority, failover: [{ from: "r1", to: "r2" }] };
    expect(decide({ outlierDetection: {}, loadBalancer: { localityLbSetting: both } }).branch).toBe(
      "failover-priority+failover",
    );
  });

  it("traffic distribution forces failover without outlierDetection (Force=true)", () => {
    expect(decide(undefined, "PreferClose" as "Any")).toMatchObject({
      enabled: true,
      branch: "failover-priority",
    });
  });

  it("locality LB disabled: nothing applies even with outlierDetection", () => {
    const d = decide({ outlierDetection: {}, loadBalancer: { localityLbSetting: { enabled: false } } });
    expect(d).toMatchObject({ enabled: false, branch: "none" });
  });

  it("zone-aware is forced, but waypoints leave EDS flat", () => {
    const destinationRulePolicy = { loadBalancer: { zoneAwareLbSetting: {} } } as unknown as LbTrafficPolicy;
    const setting = effectiveLbSetting({
      destinationRulePolicy,
      trafficDistribution: "Any",
      meshConfig: {},
      istioVersion: "1.31",
    });
    expect(failoverEnabled({ setting, destinationRulePolicy }).branch).toBe("zone-aware");
    expect(failoverEnabled({ setting, destinationRulePolicy, proxyKind: "waypoint" }).branch).toBe("none");
  });
});

describe("clusterLbFlags (LocalityLBSettings.ApplyToCluster, applyOutlierDetection, applyLoadBalancer)", () => {
  function flags(
    policy: Record<string, unknown> | undefined,
    istioVersion: "1.30" | "1.31",
    trafficDistribution: "Any" | "PreferClose" = "Any",
    features = {},
  ) {
    const destinationRulePolicy = policy as LbTrafficPolicy | undefined;
    const setting = effectiveLbSetting({
      destinationRulePolicy,
      trafficDistribution,
      meshConfig: {},
      istioVersion,
    });
    const failover = failoverEnabled({ setting, destinationRulePolicy });
    return clusterLbFlags({
      setting,
      failover,
      features: resolveLbFeatureFlags(istioVersion, features),
      destinationRulePolicy,
      trafficDistribution,
      istioVersion,
    }).flags;
  }

  it("LocalityWeightedLbConfig only with distribute, or failover/failoverPriority while failover is enabled", () => {
    expect(flags({ outlierDetection: {} }, "1.31").localityWeightedLbConfig).toBe(false);
    const withRules = { localityLbSetting: { failover: [{ from: "r1", to: "r2" }] } };
    expect(flags({ loadBalancer: withRules }, "1.31").localityWeightedLbConfig).toBe(false);
    expect(flags({ loadBalancer: withRules, outlierDetection: {} }, "1.31").localityWeightedLbConfig).toBe(
      true,
    );
    const distribute = { localityLbSetting: { distribute: [{ from: "*", to: { "*": 100 } }] } };
    expect(flags({ loadBalancer: distribute }, "1.31").localityWeightedLbConfig).toBe(true);
    expect(flags(undefined, "1.31", "PreferClose").localityWeightedLbConfig).toBe(true);
  });

  it("ENABLE_LOCALITY_WEIGHTED_LB_CONFIG sets it on every cluster", () => {
    expect(
      flags(undefined, "1.30", "Any", { enableLocalityWeightedLbConfig: true }).localityWeightedLbConfig,
    ).toBe(true);
  });

  it("outlierDetection disables panic mode: healthy_panic_threshold = minHealthPercent, default 0", () => {
    expect(flags({ outlierDetection: {} }, "1.30").panicThreshold).toBe(0);
    expect(flags({ outlierDetection: { minHealthPercent: 30 } }, "1.30").panicThreshold).toBe(30);
    expect(flags({ outlierDetection: { minHealthPercent: 30 } }, "1.31").panicThreshold).toBe(30);
  });

  it("1.30 without outlierDetection: Envoy's default panic threshold 50%", () => {
    expect(flags(undefined, "1.30").panicThreshold).toBe(50);
  });

  it("1.31 sends unhealthy endpoints by default (PILOT_AUTO_SEND_UNHEALTHY_ENDPOINTS), so panic is disabled", () => {
    expect(flags(undefined, "1.31").panicThreshold).toBe(0);
    expect(flags(undefined, "1.31", "Any", { autoSendUnhealthyEndpoints: false }).panicThreshold).toBe(50);
  });

  it("traffic distribution forces unhealthy endpoints, so panic is disabled even with minHealthPercent", () => {
    expect(flags(undefined, "1.30", "PreferClose").panicThreshold).toBe(0);
    expect(flags({ outlierDetection: { minHealthPercent: 30 } }, "1.31", "PreferClose").panicThreshold).toBe(
      0,
    );
  });

  it("zone-aware clusters get ZoneAwareLbConfig (routing 0% when disabled) instead of locality weights", () => {
    const on = flags({ loadBalancer: { zoneAwareLbSetting: { minClusterSize: 3 } } }, "1.31");
    expect(on.zoneAwareLbConfig).toEqual({ routingEnabled: true, minClusterSize: 3 });
    expect(on.localityWeightedLbConfig).toBe(false);
    const off = flags({ loadBalancer: { zoneAwareLbSetting: { enabled: false } } }, "1.31");
    expect(off.zoneAwareLbConfig).toEqual({ routingEnabled: false, minClusterSize: 6 });
  });

  it("lb_policy: LEAST_REQUEST by default (defaultLBAlgorithm), LEAST_CONN is LEAST_REQUEST, PASSTHROUGH is ORIGINAL_DST", () => {
    const of = (lb: Record<string, unknown>) => envoyLbPolicy({ loadBalancer: lb } as LbTrafficPolicy);
    expect(envoyLbPolicy(undefined)).toBe("LEAST_REQUEST");
    expect(of({ simple: "LEAST_CONN" })).toBe("LEAST_REQUEST");
    expect(of({ simple: "ROUND_ROBIN" })).toBe("ROUND_ROBIN");
    expect(of({ simple: "RANDOM" })).toBe("RANDOM");
    expect(of({ simple: "PASSTHROUGH" })).toBe("CLUSTER_PROVIDED");
    expect(of({ consistentHash: { httpHeaderName: "x" } })).toBe("RING_HASH");
    expect(of({ consistentHash: { maglev: {} } })).toBe("MAGLEV");
  });
});
