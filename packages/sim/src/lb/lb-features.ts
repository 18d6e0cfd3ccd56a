import type { IstioVersion } from "@meshwright/core";

/** The istiod feature flags that change locality load balancing (all environment variables of istiod). */
export interface LbFeatureFlags {
  /** `ENABLE_LOCALITY_WEIGHTED_LB_CONFIG` (default false): set LocalityWeightedLbConfig on every cluster. */
  readonly enableLocalityWeightedLbConfig: boolean;
  /** `PILOT_SEND_UNHEALTHY_ENDPOINTS` (default false): send not-ready endpoints for every service. */
  readonly sendUnhealthyEndpoints: boolean;
  /**
   * `PILOT_AUTO_SEND_UNHEALTHY_ENDPOINTS`: new in 1.31 (istio commit a7c9ae0, "Default send unhealthy
   * hosts"), default true; 1.30 has no such flag, so it is false there.
   */
  readonly autoSendUnhealthyEndpoints: boolean;
}

/** istiod's defaults for a version (`pilot/pkg/features/experimental.go`). */
export function defaultLbFeatureFlags(istioVersion: IstioVersion): LbFeatureFlags {
  return istioVersion === "1.31" ? DEFAULTS_131 : DEFAULTS_130;
}

const DEFAULTS_130: LbFeatureFlags = Object.freeze({
  enableLocalityWeightedLbConfig: false,
  sendUnhealthyEndpoints: false,
  autoSendUnhealthyEndpoints: false,
});

const DEFAULTS_131: LbFeatureFlags = Object.freeze({
  enableLocalityWeightedLbConfig: false,
  sendUnhealthyEndpoints: false,
  autoSendUnhealthyEndpoints: true,
});

/** The version's defaults with the caller's overrides applied. */
export function resolveLbFeatureFlags(
  istioVersion: IstioVersion,
  overrides: Partial<LbFeatureFlags> | undefined,
): LbFeatureFlags {
  const defaults = defaultLbFeatureFlags(istioVersion);
  if (overrides === undefined) return defaults;
  return { ...defaults, ...overrides };
}
