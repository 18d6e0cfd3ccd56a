import type { IstioVersion, Locality } from "@meshwright/core";

/** The kind of proxy that makes a decision (the simulator answers "what does *this* proxy see"). */
export type ProxyKind = "sidecar" | "ztunnel" | "waypoint" | "eastwest-gateway" | "ingress-gateway";

/**
 * A proxy as istiod sees it when it computes that proxy's configuration: its cluster, network,
 * locality and the topology-augmented labels (istio-semantics §0: `labelutil.AugmentLabels`).
 */
export interface ProxyView {
  readonly kind: ProxyKind;
  /** Workload id of the proxy's own workload (for ztunnel: the client workload it proxies for). */
  readonly workloadId: string;
  readonly cluster: string;
  readonly namespace: string;
  /** "" = unknown network (a wildcard for `InNetwork`, istio-semantics §3.1). */
  readonly network: string;
  readonly locality: Locality;
  /** Workload labels plus topology labels (region, zone, subzone, cluster, network, hostname). */
  readonly labels: Readonly<Record<string, string>>;
  readonly ipFamilies: readonly ("IPv4" | "IPv6")[];
  /** `ISTIO_META_REQUESTED_NETWORK_VIEW` (east-west gateways: their own network); empty = all. */
  readonly requestedNetworkView: readonly string[];
  readonly node?: string;
}

/** Options every rule that differs between Istio versions receives. */
export interface VersionedRules {
  readonly istioVersion: IstioVersion;
}
