import type { IDestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";

type DestinationRuleSpec = NonNullable<IDestinationRule["spec"]>;

/**
 * A DestinationRule `trafficPolicy`, already merged for the Envoy cluster's subset and port the way
 * istiod does (`getSubsetTrafficPolicy` → `util.MergeSubsetTrafficPolicy`, istio-semantics §1.2 step 4).
 * Only `loadBalancer` and `outlierDetection` matter to locality load balancing.
 */
export type LbTrafficPolicy = NonNullable<DestinationRuleSpec["trafficPolicy"]>;

/** DestinationRule `outlierDetection` (its presence is the failover gate, §1.4). */
export type LbOutlierDetection = NonNullable<LbTrafficPolicy["outlierDetection"]>;

/**
 * Istio 1.31 `loadBalancer.zoneAwareLbSetting` (DestinationRule and MeshConfig). The generated CRD
 * types predate it, so it is read from the policy as plain data.
 */
export interface ZoneAwareLbSettingSpec {
  readonly enabled?: boolean;
  readonly failover?: readonly { readonly from?: string; readonly to?: string }[];
  readonly failoverPriority?: readonly string[];
  readonly minClusterSize?: number;
}

/** One `failover` rule: traffic from region `from` fails over to region `to` first. */
export interface FailoverRule {
  readonly from: string;
  readonly to: string;
}

/** One `distribute.to` entry: a locality pattern and its weight. */
export interface DistributeTarget {
  readonly locality: string;
  readonly weight: number;
}

/**
 * One `distribute` entry. `to` is a list, not Go's map: it is ordered most specific pattern first
 * (then by name) so that overlapping patterns resolve deterministically (istiod's order is random).
 */
export interface DistributeRule {
  readonly from: string;
  readonly to: readonly DistributeTarget[];
}

/**
 * A `localityLbSetting` after type-checking: lists are never undefined, and "set" means non-empty
 * (proto decodes an empty repeated field as nil, which is what istiod's `!= nil` tests see).
 */
export interface LocalitySetting {
  readonly enabled: boolean | undefined;
  readonly distribute: readonly DistributeRule[];
  readonly failover: readonly FailoverRule[];
  readonly failoverPriority: readonly string[];
}

/** A `zoneAwareLbSetting` after type-checking (Istio 1.31). */
export interface ZoneAwareSetting {
  readonly enabled: boolean | undefined;
  readonly failover: readonly FailoverRule[];
  readonly failoverPriority: readonly string[];
  /** Envoy `ZoneAwareLbConfig.min_cluster_size`; undefined = Envoy's default 6. */
  readonly minClusterSize: number | undefined;
}
