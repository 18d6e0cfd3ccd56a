/** The rules a locality-LB explanation step can name. */
export type LbRule =
  | "effective-setting"
  | "failover-gate"
  | "grouping"
  | "distribute"
  | "failover-priority"
  | "locality-failover"
  | "zone-aware"
  | "cluster-config"
  | "priority-load"
  | "panic"
  | "locality-weights"
  | "zone-routing"
  | "host-selection"
  | "ztunnel-load-balancing"
  | "ztunnel-rank";

/** One step of an explanation: which rule fired, where it lives in Istio / Envoy, and why. */
export interface LbExplanationStep {
  readonly rule: LbRule;
  /** The source of the rule, e.g. `istio pilot/pkg/networking/core/loadbalancer/loadbalancer.go applyLocalityFailover`. */
  readonly source: string;
  /** One human-readable line. */
  readonly message: string;
}

/**
 * Where steps go while computing: an array, or `null` when the caller asked for no explanation (the
 * bulk `distribution()` path), so no message string is ever built then.
 */
export type StepSink = LbExplanationStep[] | null;

/** Source citations used by the explanation steps. */
export const SOURCES = {
  effectiveSetting: "istio pilot/pkg/networking/core/loadbalancer/loadbalancer.go GetEffectiveLbSetting",
  failoverGate:
    "istio pilot/pkg/xds/endpoints/endpoint_builder.go BuildClusterLoadAssignment (enableFailover)",
  grouping: "istio pilot/pkg/xds/endpoints/endpoint_builder.go generate",
  distribute: "istio loadbalancer.go applyLocalityWeights",
  failoverPriority: "istio loadbalancer.go applyFailoverPriorities / applyFailoverPriorityPerLocality",
  localityFailover: "istio loadbalancer.go applyLocalityFailover + util.LbPriority",
  zoneAware: "istio loadbalancer.go ApplyZoneAwareLoadBalancer / applyZoneAwareRegionalFailover",
  clusterConfig:
    "istio pilot/pkg/networking/core/cluster_traffic_policy.go applyLoadBalancer / applyOutlierDetection",
  priorityLoad: "envoy source/common/upstream/load_balancer_impl.cc recalculatePerPriorityState",
  panic: "envoy load_balancer_impl.cc isHostSetInPanic / recalculateLoadInTotalPanic",
  localityWeights: "envoy source/common/upstream/upstream_impl.cc HostSetImpl::effectiveLocalityWeight",
  zoneRouting: "envoy load_balancer_impl.cc ZoneAwareLoadBalancerBase::regenerateLocalityRoutingStructures",
  hostSelection: "envoy load_balancer_impl.cc ZoneAwareLoadBalancerBase::hostSourceToUse",
  ztunnelLoadBalancing: "istio pilot/pkg/serviceregistry/ambient/services.go constructService",
  ztunnelRank: "ztunnel src/state.rs ProxyState::load_balance",
} as const;

/** Appends a step when explaining; `message` is only called then. */
export function explain(sink: StepSink, rule: LbRule, source: string, message: () => string): void {
  if (sink !== null) sink.push({ rule, source, message: message() });
}
