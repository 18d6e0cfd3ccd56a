/**
 * Faults a caller can inject into a simulation (issue "Simulator I" §3). Each changes what the
 * control planes see or what the data path can reach; none mutates the Mesh.
 */
export type Fault =
  /** Every node and the API server of the cluster are gone: its pods do not answer; other istiods keep stale endpoints. */
  | { readonly kind: "cluster-down"; readonly cluster: string }
  /** The east-west gateway's pods are down but its Service still has its address (so istiod keeps advertising it). */
  | { readonly kind: "gateway-down"; readonly cluster: string; readonly gateway?: string }
  /** The gateway Service has no external address (LB pending): istiod drops the gateway. */
  | { readonly kind: "gateway-no-address"; readonly cluster: string; readonly gateway?: string }
  /** Readiness fails: the workloads leave EDS/WDS (unless the service publishes not-ready addresses). */
  | { readonly kind: "unhealthy"; readonly workloads: readonly string[] }
  /** Envoy outlier detection ejected these endpoints (sidecar/waypoint only; ztunnel has none). */
  | { readonly kind: "ejected"; readonly workloads: readonly string[] }
  /** No traffic passes between these two networks (in either direction). */
  | { readonly kind: "partition"; readonly networks: readonly [string, string] }
  /**
   * An istiod cannot reach a remote cluster's API server: `stale` keeps the last known endpoints,
   * `none` means it never synced (no endpoints from that cluster).
   */
  | {
      readonly kind: "remote-api-unreachable";
      readonly istiod: string;
      readonly remote: string;
      readonly mode: "stale" | "none";
    };

/** A stable one-line description of a fault, for traces and reports. */
export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case "cluster-down":
      return `cluster ${fault.cluster} down`;
    case "gateway-down":
      return `east-west gateway ${fault.gateway ?? "(all)"} in ${fault.cluster} down`;
    case "gateway-no-address":
      return `east-west gateway ${fault.gateway ?? "(all)"} in ${fault.cluster} has no address`;
    case "unhealthy":
      return `unhealthy: ${fault.workloads.join(", ")}`;
    case "ejected":
      return `ejected by outlier detection: ${fault.workloads.join(", ")}`;
    case "partition":
      return `network partition ${fault.networks[0]} <-/-> ${fault.networks[1]}`;
    case "remote-api-unreachable":
      return `istiod in ${fault.istiod} cannot reach ${fault.remote}'s API server (${fault.mode} endpoints)`;
  }
}
