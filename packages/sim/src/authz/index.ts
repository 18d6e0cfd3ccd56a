/**
 * Authorization in the simulator: AuthorizationPolicy attachment, compilation and evaluation for
 * sidecars, waypoints, gateways and ztunnel; PeerAuthentication (sidecar composition, ambient
 * synthetic policies); the source address seen across networks. istio-semantics §2.
 */
export * from "./attachment";
export * from "./authorize";
export * from "./codes";
export * from "./compile";
export type { CompiledAuthorization } from "./compiled";
export * from "./decision";
export * from "./options";
export * from "./path-normalization";
export * from "./peer-authentication";
export * from "./policy-object";
export * from "./request";
export * from "./source-ip";
export * from "./trust-domain-bundle";
export * from "./ztunnel-peer-authentication";
