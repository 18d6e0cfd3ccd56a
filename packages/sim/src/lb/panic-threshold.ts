import { outlierDetectionOf } from "./policy-fields";
import {
  forcesUnhealthyEndpoints,
  supportsUnhealthyEndpoints,
  type UnhealthyEndpointsInput,
} from "./unhealthy-endpoints";

/** Envoy's `healthy_panic_threshold` when the cluster leaves it unset. */
export const ENVOY_DEFAULT_PANIC_THRESHOLD = 50;

/** The cluster's `common_lb_config.healthy_panic_threshold` (percent; 0 = panic mode disabled) and why. */
export interface PanicThreshold {
  readonly percent: number;
  readonly reason: string;
}

/**
 * The panic threshold istiod writes on an Envoy cluster (`cluster_traffic_policy.go`):
 * with outlierDetection it is `minHealthPercent` (default 0 → panic disabled), forced to 0 when the
 * service must send unhealthy endpoints (`applyOutlierDetection`); without it, 0 when the service
 * supports unhealthy endpoints (`applyLoadBalancer`) — which 1.31 makes the default — else unset, so
 * Envoy's 50% applies.
 */
export function panicThreshold(input: UnhealthyEndpointsInput): PanicThreshold {
  const outlierDetection = outlierDetectionOf(input.destinationRulePolicy);
  if (outlierDetection !== undefined) {
    if (forcesUnhealthyEndpoints(input)) {
      return {
        percent: 0,
        reason: "outlierDetection set and the service sends unhealthy endpoints: panic disabled",
      };
    }
    const percent = Math.min(100, Math.max(0, outlierDetection.minHealthPercent ?? 0));
    return {
      percent,
      reason:
        percent === 0
          ? "outlierDetection set: healthy_panic_threshold = minHealthPercent (0), panic disabled"
          : `outlierDetection set: healthy_panic_threshold = minHealthPercent (${percent}%)`,
    };
  }
  if (supportsUnhealthyEndpoints(input)) {
    return {
      percent: 0,
      reason:
        input.istioVersion === "1.31" && !forcesUnhealthyEndpoints(input)
          ? "1.31 sends unhealthy endpoints by default (PILOT_AUTO_SEND_UNHEALTHY_ENDPOINTS): panic disabled"
          : "the service sends unhealthy endpoints: panic disabled",
    };
  }
  return {
    percent: ENVOY_DEFAULT_PANIC_THRESHOLD,
    reason: "no outlierDetection: Envoy's default healthy_panic_threshold 50% applies",
  };
}
