/**
 * Multi-network endpoint handling as pure rule functions (istio-semantics §3, §1.2 step 1, §2.8
 * client side, §4.1–4.2): network gateway discovery, the per-proxy endpoint filter, auto mTLS,
 * sidecar split-horizon EDS and the E/W gateway's AUTO_PASSTHROUGH view, the ambient WDS
 * (service scope, split-horizon workloads, double HBONE), and namespace sameness.
 */
export * from "./ambient-gateway";
export * from "./ambient-registry";
export * from "./ambient-workloads";
export * from "./auto-mtls";
export * from "./cluster-local";
export * from "./codes";
export * from "./double-hbone";
export * from "./eds-types";
export * from "./endpoint-filter";
export * from "./endpoint-view";
export * from "./flags";
export * from "./gateway-index";
export * from "./lb-endpoint";
export * from "./locality-groups";
export * from "./mtls-filter";
export * from "./namespace-sameness";
export * from "./network-gateways";
export * from "./service-scope";
export * from "./sni-cluster";
export * from "./split-horizon";
