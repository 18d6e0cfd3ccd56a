/**
 * Locality load balancing as pure rule functions (istio-semantics §1): what istiod sends each proxy
 * in EDS (priorities, weights, cluster flags), what Envoy does with it (priority load, panic,
 * locality weights, zone routing), and what ztunnel does instead (WDS load balancing, ranking).
 */
export * from "./cluster-flags";
export * from "./codes";
export * from "./compaction";
export * from "./compute-distribution";
export * from "./distribute";
export * from "./effective-setting";
export * from "./endpoint-share";
export * from "./envoy-zone-routing";
export * from "./explanation";
export * from "./failover-gate";
export * from "./failover-priority";
export * from "./host-selection";
export * from "./lb-features";
export * from "./load-assignment";
export * from "./locality-failover";
export * from "./locality-groups";
export * from "./locality-match";
export * from "./normalize-setting";
export * from "./panic-threshold";
export * from "./policy-fields";
export * from "./priority-load";
export * from "./request-shares";
export * from "./setting-types";
export * from "./unhealthy-endpoints";
export * from "./validate-setting";
export * from "./zone-aware";
export * from "./ztunnel-candidates";
export * from "./ztunnel-load-balancing";
export * from "./ztunnel-rank";
export * from "./ztunnel-shares";
