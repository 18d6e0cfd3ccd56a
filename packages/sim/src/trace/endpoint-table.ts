/**
 * One row of a proxy's endpoint table, the way `istioctl proxy-config endpoints` (Envoy) or
 * `istioctl ztunnel-config workloads` (ztunnel) would list it.
 */
export interface EndpointRow {
  /** `address:port`; for a ztunnel split-horizon workload, its gateway's address and HBONE port. */
  readonly endpoint: string;
  /** `HEALTHY` / `UNHEALTHY` (Envoy), or the workload's readiness (ztunnel). */
  readonly status: "HEALTHY" | "UNHEALTHY";
  /** `workload` (a pod or VM), `gateway` (an east-west gateway standing for remote pods), or `split-horizon` (ambient). */
  readonly kind: "workload" | "gateway" | "split-horizon";
  readonly workload?: string;
  /** Workloads a gateway / split-horizon row stands for. */
  readonly represents?: readonly string[];
  readonly cluster: string;
  readonly network: string;
  readonly locality: string;
  /** Envoy priority (ztunnel: none). */
  readonly priority?: number;
  /** Endpoint LB weight (Envoy; gateways: scaled by the LCM) or capacity (ztunnel). */
  readonly weight: number;
  /** Envoy: the transport socket match (`istio` = Istio mTLS), and whether it tunnels (HBONE). */
  readonly tlsMode?: "istio" | "disabled";
  readonly transport?: string;
}

/** The endpoints a proxy holds for one destination. */
export interface EndpointTable {
  /** The proxy (workload id) and its kind. */
  readonly proxy: { readonly workload: string; readonly kind: "sidecar" | "ztunnel" | "none" };
  /** Envoy cluster name (`outbound|port|subset|host`) or the ambient service key. */
  readonly cluster: string;
  readonly rows: readonly EndpointRow[];
  /** Why the table looks as it does (filters, split horizon, scope). */
  readonly explanation: readonly string[];
}
