import type { ProxyKind } from "../model/proxy";
import type { EffectiveLbSetting } from "./effective-setting";
import { outlierDetectionOf } from "./policy-fields";
import type { LbTrafficPolicy } from "./setting-types";

/**
 * Which branch of `ApplyLocalityLoadBalancer` / `ApplyZoneAwareLoadBalancer` runs for a cluster
 * (istio-semantics §1.4):
 * - `distribute`: locality weights, applied regardless of outlier detection;
 * - `failover-priority`: label priorities only;
 * - `failover-priority+failover`: label priorities composed with locality tiers (×5);
 * - `locality-failover`: default locality tiers (with the `failover` rules);
 * - `zone-aware`: 1.31 region buckets (composed with label priorities ×3);
 * - `none`: nothing, every group stays at priority 0.
 */
export type LocalityLbBranch =
  | "distribute"
  | "failover-priority"
  | "failover-priority+failover"
  | "locality-failover"
  | "zone-aware"
  | "none";

/** The outcome of the outlier-detection gate. */
export interface FailoverDecision {
  /** `enableFailover`: outlierDetection set, or the setting forces failover. */
  readonly enabled: boolean;
  readonly branch: LocalityLbBranch;
  /** One line: why, citing the Istio rule. */
  readonly reason: string;
}

/** What the gate reads. */
export interface FailoverGateInput {
  readonly setting: EffectiveLbSetting;
  /** The merged DestinationRule traffic policy (its `outlierDetection` opens the gate). */
  readonly destinationRulePolicy?: LbTrafficPolicy | undefined;
  /** Waypoints do not do zone-aware LB; istiod leaves their EDS flat then. */
  readonly proxyKind?: ProxyKind;
}

const GATE_CLOSED =
  "failover disabled: DestinationRule has no outlierDetection (Istio endpoint_builder.go: Envoy could never detect unhealthy hosts); all localities priority 0";

/**
 * The outlier-detection gate (`enableFailover = outlierDetection != nil || Force`) and the branch it
 * selects. `distribute` needs no outlier detection; failover rules and `failoverPriority` do unless
 * the setting is forced (traffic distribution, zone-aware).
 */
export function failoverEnabled(input: FailoverGateInput): FailoverDecision {
  const { setting } = input;
  const hasOutlierDetection = outlierDetectionOf(input.destinationRulePolicy) !== undefined;
  const enabled = hasOutlierDetection || setting.forced;
  switch (setting.kind) {
    case "off":
      return {
        enabled: false,
        branch: "none",
        reason: `locality LB off (${setting.reason}); all localities priority 0`,
      };
    case "zone-aware":
      if (!setting.forced) {
        return {
          enabled: false,
          branch: "none",
          reason: "zone-aware LB disabled: EDS priorities left untouched",
        };
      }
      if (input.proxyKind === "waypoint") {
        return {
          enabled: true,
          branch: "none",
          reason:
            "zone-aware LB is not supported on waypoints (no self-discovery local cluster): EDS left flat",
        };
      }
      return {
        enabled: true,
        branch: "zone-aware",
        reason: "zone-aware LB forces failover (no outlierDetection needed)",
      };
    case "locality": {
      const { distribute, failover, failoverPriority } = setting.setting;
      if (distribute.length > 0) {
        return {
          enabled,
          branch: "distribute",
          reason: "distribute set: locality weights apply regardless of outlierDetection",
        };
      }
      if (!enabled) return { enabled, branch: "none", reason: GATE_CLOSED };
      const why = hasOutlierDetection ? "outlierDetection set" : `failover forced by ${setting.source}`;
      if (failoverPriority.length > 0) {
        return failover.length > 0
          ? {
              enabled,
              branch: "failover-priority+failover",
              reason: `${why}: failoverPriority composed with failover tiers`,
            }
          : { enabled, branch: "failover-priority", reason: `${why}: failoverPriority label tiers` };
      }
      return { enabled, branch: "locality-failover", reason: `${why}: default locality failover tiers` };
    }
  }
}
