import type { ProxyKind } from "../model/proxy";
import type { EffectiveLbSetting } from "./effective-setting";
import type { FailoverDecision } from "./failover-gate";
import type { LbFeatureFlags } from "./lb-features";
import { type PanicThreshold, panicThreshold } from "./panic-threshold";
import { loadBalancerFields } from "./policy-fields";
import type { UnhealthyEndpointsInput } from "./unhealthy-endpoints";

/** Envoy's cluster `lb_policy` as istiod sets it. */
export type EnvoyLbPolicy =
  | "LEAST_REQUEST"
  | "ROUND_ROBIN"
  | "RANDOM"
  | "RING_HASH"
  | "MAGLEV"
  | "CLUSTER_PROVIDED";

/** Envoy's default `ZoneAwareLbConfig.min_cluster_size`. */
export const ENVOY_DEFAULT_MIN_CLUSTER_SIZE = 6;

/** `common_lb_config.zone_aware_lb_config` as istiod writes it for zone-aware settings (1.31). */
export interface ZoneAwareLbConfig {
  /** false = `routing_enabled: 0%` (zone-aware setting with `enabled: false`). */
  readonly routingEnabled: boolean;
  readonly minClusterSize: number;
}

/** The Envoy cluster flags that change how requests spread over the EDS groups. */
export interface ClusterLbFlags {
  /** `common_lb_config.locality_weighted_lb_config` set: group weights pick the locality. */
  readonly localityWeightedLbConfig: boolean;
  readonly zoneAwareLbConfig: ZoneAwareLbConfig | null;
  /** `healthy_panic_threshold` percent; 0 disables panic mode. */
  readonly panicThreshold: number;
  readonly lbPolicy: EnvoyLbPolicy;
}

/** What `clusterLbFlags` reads. */
export interface ClusterLbFlagsInput extends UnhealthyEndpointsInput {
  readonly setting: EffectiveLbSetting;
  readonly failover: FailoverDecision;
  readonly features: LbFeatureFlags;
  readonly proxyKind?: ProxyKind;
}

/** The cluster flags and the reasons for the two that are not obvious. */
export interface ClusterLbFlagsResult {
  readonly flags: ClusterLbFlags;
  readonly panic: PanicThreshold;
  readonly localityWeightedReason: string;
}

/**
 * `lb_policy` from `loadBalancer.simple` / `consistentHash` (`applyLoadBalancer`): default and
 * LEAST_CONN are LEAST_REQUEST; PASSTHROUGH is ORIGINAL_DST (CLUSTER_PROVIDED, no EDS at all).
 */
export function envoyLbPolicy(policy: UnhealthyEndpointsInput["destinationRulePolicy"]): EnvoyLbPolicy {
  const lb = loadBalancerFields(policy);
  if (typeof lb.consistentHash === "object" && lb.consistentHash !== null) {
    return "maglev" in lb.consistentHash ? "MAGLEV" : "RING_HASH";
  }
  switch (lb.simple) {
    case "ROUND_ROBIN":
      return "ROUND_ROBIN";
    case "RANDOM":
      return "RANDOM";
    case "PASSTHROUGH":
      return "CLUSTER_PROVIDED";
    default:
      return "LEAST_REQUEST";
  }
}

function localityWeighted(input: ClusterLbFlagsInput, zoneAware: boolean): { on: boolean; reason: string } {
  // ZoneAwareLBSettings.ApplyToCluster sets the other branch of the same oneof, whatever the flag says.
  if (zoneAware)
    return { on: false, reason: "zone-aware cluster: ZoneAwareLbConfig instead of LocalityWeightedLbConfig" };
  if (input.features.enableLocalityWeightedLbConfig) {
    return {
      on: true,
      reason: "ENABLE_LOCALITY_WEIGHTED_LB_CONFIG=true sets LocalityWeightedLbConfig on every cluster",
    };
  }
  const { setting } = input;
  if (setting.kind !== "locality") {
    return {
      on: false,
      reason: "no LocalityWeightedLbConfig: requests spread over hosts by endpoint weight",
    };
  }
  const { distribute, failover, failoverPriority } = setting.setting;
  // LocalityLBSettings.ApplyToCluster: only when locality weights or failover tiers are in play, so
  // that locality weights never skew LEAST_REQUEST otherwise.
  if (
    distribute.length > 0 ||
    (input.failover.enabled && (failover.length > 0 || failoverPriority.length > 0))
  ) {
    return {
      on: true,
      reason: "LocalityWeightedLbConfig set (distribute, or failover/failoverPriority with failover enabled)",
    };
  }
  return { on: false, reason: "no LocalityWeightedLbConfig: requests spread over hosts by endpoint weight" };
}

/**
 * The Envoy cluster flags istiod writes for one cluster (`LocalityLBSettings.ApplyToCluster`,
 * `ZoneAwareLBSettings.ApplyToCluster`, `applyOutlierDetection`, `applyLoadBalancer`).
 */
export function clusterLbFlags(input: ClusterLbFlagsInput): ClusterLbFlagsResult {
  const panic = panicThreshold(input);
  const { setting } = input;
  // Waypoints fall back to locality LB: no zone-aware config on their clusters.
  const zoneAware =
    setting.kind === "zone-aware" && input.proxyKind !== "waypoint"
      ? {
          routingEnabled: setting.forced,
          minClusterSize: setting.setting.minClusterSize ?? ENVOY_DEFAULT_MIN_CLUSTER_SIZE,
        }
      : null;
  const weighted = localityWeighted(input, zoneAware !== null);
  return {
    flags: {
      localityWeightedLbConfig: weighted.on,
      zoneAwareLbConfig: zoneAware,
      panicThreshold: panic.percent,
      lbPolicy: envoyLbPolicy(input.destinationRulePolicy),
    },
    panic,
    localityWeightedReason: weighted.reason,
  };
}
