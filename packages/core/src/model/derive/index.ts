export {
  type AmbientDecision,
  type AmbientSubject,
  ambientEnablement,
  DATAPLANE_MODE_LABEL,
} from "./ambient-enablement";
export * from "./codes";
export { type DataplaneOutcome, type DataplaneSubject, resolveDataplane } from "./dataplane";
export { deepFreeze } from "./deep-freeze";
export { continueHash, finishHash, startHash } from "./hash";
export { CLUSTER_DOMAIN } from "./kubernetes-services";
export {
  matchesLabelMap,
  matchesLabelSelector,
  type ParsedSelector,
  parseLabelSelector,
} from "./label-selector";
export { NETWORK_LABEL, type NetworkChoice, resolveNetwork, SYSTEM_NAMESPACE } from "./network";
export { type IstioProtocol, inferPortProtocol } from "./port-protocol";
export { type InjectionDecision, type InjectionSubject, sidecarInjection } from "./sidecar-injection";
export * from "./spec-defaults";
export * from "./spec-input";
export {
  resolveTrafficDistribution,
  TRAFFIC_DISTRIBUTION_ANNOTATION,
  type TrafficDistributionChoice,
} from "./traffic-distribution";
export {
  USE_WAYPOINT_LABEL,
  USE_WAYPOINT_NAMESPACE_LABEL,
  type WaypointBinding,
  waypointBinding,
} from "./waypoint-binding";
export {
  GATEWAY_MANAGED_LABEL,
  GATEWAY_NAME_LABEL,
  isWaypointWorkload,
  MESH_CONTROLLER,
  WAYPOINT_CLASS,
  WAYPOINT_FOR_LABEL,
  type WaypointFor,
  waypointFor,
} from "./waypoints";
export { WorkloadSelectorIndex } from "./workload-selector-index";
