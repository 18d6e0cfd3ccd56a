import type { DiagnosticCode, HealthStatus, Locality } from "@meshwright/core";
import type { NetworkGateway } from "../model/endpoint";

/** How a proxy's Envoy reaches an EDS endpoint. */
export type EdsTransport =
  /** Plain TCP or TLS straight to the address (Istio mTLS when `tlsMode` is `istio`). */
  | "direct"
  /** An HBONE tunnel to the address (`connect_originate`, the endpoint terminates HBONE). */
  | "hbone"
  /** Double HBONE through an ambient E/W gateway (`inner_connect_originate`). */
  | "double-hbone";

/**
 * One endpoint of a proxy's EDS view (`LbEndpoint` plus the facts a trace needs): a workload, or a
 * network gateway standing in for remote workloads.
 */
export interface EdsEndpoint {
  readonly kind: "workload" | "gateway";
  readonly address: string;
  readonly port: number;
  /** Load-balancing weight (already scaled by the gateway LCM when split horizon applied). */
  readonly weight: number;
  /** Envoy only routes to `healthy` endpoints (unhealthy ones are sent for priority accounting). */
  readonly health: HealthStatus;
  /** The transport-socket match metadata: `istio` = the proxy sends Istio mTLS (auto mTLS marker). */
  readonly tlsMode: "istio" | "disabled";
  readonly transport: EdsTransport;
  readonly network: string;
  readonly cluster: string;
  /** The locality group it sits in (a gateway stays in the group of the endpoints it replaces). */
  readonly locality: Locality;
  /** Labels the LB reads: the workload's augmented labels; for a gateway only cluster and network. */
  readonly labels: Readonly<Record<string, string>>;
  /** Workload endpoints: the workload id. */
  readonly workloadId?: string;
  /** Workload endpoints: the Kubernetes node it runs on, when known. */
  readonly node?: string;
  /** Workload endpoints: the SPIFFE identity the peer presents. */
  readonly identity?: string;
  /** Gateway endpoints: the gateway. */
  readonly gateway?: NetworkGateway;
  /** Gateway endpoints: the workloads whose weight it carries, in input order. */
  readonly represents?: readonly string[];
  /** Double-HBONE gateway endpoints: the `:authority` of both CONNECTs (`<service host>:<service port>`). */
  readonly doubleHboneAuthority?: string;
}

/** A locality group of an EDS view (`LocalityLbEndpoints`): weight = Σ endpoint weights. */
export interface EdsLocalityGroup {
  readonly locality: Locality;
  readonly weight: number;
  readonly endpoints: readonly EdsEndpoint[];
}

/** What happened to one registry endpoint in a proxy's EDS view. */
export type EndpointAction = "direct" | "via-gateway" | "dropped";

/** A recorded decision, for traces: which endpoint, what happened, through which gateways, and why. */
export interface EndpointDecision {
  /** Workload id of the endpoint. */
  readonly endpoint: string;
  readonly address: string;
  readonly port: number;
  readonly action: EndpointAction;
  /** `via-gateway`: the gateways the endpoint's weight was split over. */
  readonly gateways?: readonly NetworkGateway[];
  /** One sentence naming the Istio rule. */
  readonly reason: string;
  /** Set on drops a user would want to fix (e.g. remote endpoint without mTLS). */
  readonly code?: DiagnosticCode;
}

/** Upper bound of Envoy's uint32 weights: istiod clips products and sums at it. */
export const MAX_LB_WEIGHT = 0xffffffff;
