import type { HealthStatus, Locality } from "@meshwright/core";

/**
 * One endpoint of a service as istiod's registry holds it (an `IstioEndpoint`): a workload
 * address and port, with everything the endpoint filters and the locality LB read.
 */
export interface RegistryEndpoint {
  /** Workload id it belongs to (`<cluster>/<namespace>/<name>`). */
  readonly workloadId: string;
  /** Address; "" for address-less endpoints (remote-network ambient workloads). */
  readonly address: string;
  /** The workload (target) port. */
  readonly port: number;
  readonly cluster: string;
  readonly network: string;
  readonly locality: Locality;
  /** Workload labels plus topology labels (istio-semantics §0). */
  readonly labels: Readonly<Record<string, string>>;
  /** LB weight; default 1. */
  readonly weight: number;
  readonly health: HealthStatus;
  /** `istio` when the workload is sidecar-injected or ambient (`security.istio.io/tlsMode` label), else `disabled`. */
  readonly tlsMode: "istio" | "disabled";
  /** Whether the workload can terminate HBONE (ambient, or a sidecar that supports tunnelling). */
  readonly supportsTunnel: boolean;
  /** SPIFFE identity of the workload ("" for a ServiceEntry endpoint without a service account). */
  readonly identity: string;
  readonly node?: string;
  /** STRICT_DNS ServiceEntry endpoints: the hostname Envoy resolved to `address`. */
  readonly dnsName?: string;
}

/** A network gateway as istiod's NetworkManager knows it (istio-semantics §3.2). */
export interface NetworkGateway {
  readonly network: string;
  readonly cluster: string;
  /** IP address (hostnames are resolved before this point, or the gateway is dropped). */
  readonly address: string;
  /** mTLS (AUTO_PASSTHROUGH) port, usually 15443; 0 when the gateway has none. */
  readonly mtlsPort: number;
  /** HBONE port, usually 15008; 0 when the gateway has none. */
  readonly hbonePort: number;
  /** Name of the gateway object it came from (for traces). */
  readonly name: string;
}
