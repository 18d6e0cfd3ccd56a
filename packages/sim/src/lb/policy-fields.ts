import type { LbOutlierDetection, LbTrafficPolicy } from "./setting-types";

/**
 * The `loadBalancer` fields locality LB reads, as plain data: the generated CRD type is a union of
 * `simple` / `consistentHash` shapes and predates Istio 1.31's `zoneAwareLbSetting`.
 */
export interface LoadBalancerFields {
  readonly simple?: unknown;
  readonly consistentHash?: unknown;
  readonly localityLbSetting?: unknown;
  readonly zoneAwareLbSetting?: unknown;
}

const NO_FIELDS: LoadBalancerFields = Object.freeze({});

/** The policy's `loadBalancer` as `LoadBalancerFields` (empty when absent or not an object). */
export function loadBalancerFields(policy: LbTrafficPolicy | undefined): LoadBalancerFields {
  const lb: unknown = policy?.loadBalancer;
  return typeof lb === "object" && lb !== null ? (lb as LoadBalancerFields) : NO_FIELDS;
}

/** The policy's `outlierDetection`, or undefined. An empty object `{}` counts as set, as in istiod. */
export function outlierDetectionOf(policy: LbTrafficPolicy | undefined): LbOutlierDetection | undefined {
  const od: unknown = policy?.outlierDetection;
  return typeof od === "object" && od !== null ? (od as LbOutlierDetection) : undefined;
}
