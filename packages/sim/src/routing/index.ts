/**
 * Routing as Istio's sidecars apply it: visibility (exportTo, Sidecar egress scoping), ServiceEntry
 * registry entries, VirtualService selection and route matching, DestinationRule lookup and traffic
 * policy merging. Compiled per istiod from the client's cluster objects only.
 */
export * from "./auto-allocate";
export * from "./codes";
export * from "./compile-routing";
export * from "./delegate";
export * from "./destination-check";
export * from "./destination-rule";
export { type ClusterCatalog, pickDestination, weightTable } from "./destinations";
export * from "./export-to";
export {
  hostSubsetOf,
  hostsMatch,
  isWildcardHost,
  moreSpecificHost,
  mostSpecificHostMatch,
  resolveShortName,
} from "./host-name";
export {
  httpRequestMismatch,
  httpSourceMatches,
  l4SourceMatches,
  type MatchableRequest,
  matchableRequest,
} from "./http-match";
export {
  authorityCandidates,
  authorityHost,
  envoyRoutesFor,
  type RouterContext,
  routeHttp,
} from "./http-router";
export { routeTcp, routeTls } from "./l4-router";
export * from "./port-protocol";
export * from "./re2";
export * from "./registry";
export * from "./routable-service";
export * from "./route-request";
export * from "./route-result";
export * from "./scope";
export * from "./seeded-pick";
export * from "./service-entry";
export * from "./sidecar";
export { describeMatcher, type StringMatcher, stringMatches } from "./string-match";
export * from "./traffic-policy";
export * from "./virtual-service";
export * from "./vs-index";
