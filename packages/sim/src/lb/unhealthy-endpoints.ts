import type { IstioVersion, TrafficDistribution } from "@meshwright/core";
import type { LbFeatureFlags } from "./lb-features";
import { outlierDetectionOf } from "./policy-fields";
import type { LbTrafficPolicy } from "./setting-types";

/** What decides whether istiod sends not-ready endpoints for a service. */
export interface UnhealthyEndpointsInput {
  readonly trafficDistribution: TrafficDistribution;
  readonly destinationRulePolicy?: LbTrafficPolicy | undefined;
  readonly istioVersion: IstioVersion;
  readonly features: LbFeatureFlags;
}

/**
 * `Service.ForcesSupportUnhealthyEndpoints` (1.31; `SupportsUnhealthyEndpoints` in 1.30): a service
 * with a traffic distribution other than Any always gets its not-ready endpoints, because endpoint
 * health is then what tells Envoy when to spill to the next priority (`pilot/pkg/model/service.go`).
 */
export function forcesUnhealthyEndpoints(input: UnhealthyEndpointsInput): boolean {
  return input.features.sendUnhealthyEndpoints || input.trafficDistribution !== "Any";
}

/**
 * `Service.SupportsUnhealthyEndpoints`: in 1.31 also true by default (`PILOT_AUTO_SEND_UNHEALTHY_ENDPOINTS`,
 * istio commit a7c9ae0); in 1.30 the same as `forcesUnhealthyEndpoints`.
 */
export function supportsUnhealthyEndpoints(input: UnhealthyEndpointsInput): boolean {
  if (forcesUnhealthyEndpoints(input)) return true;
  return input.istioVersion === "1.31" && input.features.autoSendUnhealthyEndpoints;
}

/**
 * Whether the EDS of this cluster carries endpoints whose readiness fails (marked UNHEALTHY, so they
 * count in Envoy's priority health) instead of dropping them (`endpoint_builder.go`
 * `supportsUnhealthyEndpoints`): 1.31 excludes them again when outlierDetection.minHealthPercent > 0,
 * since Envoy's panic mode would then route to them.
 */
export function edsIncludesUnhealthyEndpoints(input: UnhealthyEndpointsInput): boolean {
  if (forcesUnhealthyEndpoints(input)) return true;
  if (!supportsUnhealthyEndpoints(input)) return false;
  const minHealthPercent = outlierDetectionOf(input.destinationRulePolicy)?.minHealthPercent ?? 0;
  return minHealthPercent <= 0;
}
