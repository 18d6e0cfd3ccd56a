import { type HealthStatus, type Locality, parseLocality } from "@meshwright/core";
import type { RegistryEndpoint } from "../model/endpoint";
import type { ProxyKind, ProxyView } from "../model/proxy";
import type { LbEndpoint, LocalityLbGroup } from "./locality-groups";
import { sumEndpointWeights } from "./locality-groups";

/** Test builders for the locality-LB rules (not exported from the package). */

/** Topology labels istiod adds to proxies and endpoints (istio-semantics §0). */
export function topologyLabels(locality: Locality, cluster: string, network: string): Record<string, string> {
  return {
    "topology.kubernetes.io/region": locality.region,
    "topology.kubernetes.io/zone": locality.zone,
    "topology.istio.io/subzone": locality.subzone,
    "topology.istio.io/cluster": cluster,
    "topology.istio.io/network": network,
  };
}

/** Options of a test endpoint. */
export interface EndpointOptions {
  readonly locality?: string;
  readonly cluster?: string;
  readonly network?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly weight?: number;
  readonly health?: HealthStatus;
  readonly address?: string;
  readonly node?: string;
  /** Replace (not extend) the labels: topology labels are added otherwise. */
  readonly rawLabels?: boolean;
}

/** A registry endpoint named `id` (also its address unless given). */
export function ep(id: string, options: EndpointOptions = {}): RegistryEndpoint {
  const locality = parseLocality(options.locality ?? "");
  const cluster = options.cluster ?? "c1";
  const network = options.network ?? "n1";
  const labels = options.rawLabels
    ? { ...options.labels }
    : { ...topologyLabels(locality, cluster, network), ...options.labels };
  return {
    workloadId: id,
    address: options.address ?? id,
    port: 8080,
    cluster,
    network,
    locality,
    labels,
    weight: options.weight ?? 1,
    health: options.health ?? "healthy",
    tlsMode: "istio",
    supportsTunnel: false,
    identity: `spiffe://cluster.local/ns/default/sa/${id}`,
    ...(options.node !== undefined ? { node: options.node } : {}),
  };
}

/** Options of a test proxy. */
export interface ProxyOptions {
  readonly kind?: ProxyKind;
  readonly locality?: string;
  readonly cluster?: string;
  readonly network?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly rawLabels?: boolean;
  readonly node?: string;
}

/** A calling proxy. */
export function proxyAt(options: ProxyOptions = {}): ProxyView {
  const locality = parseLocality(options.locality ?? "");
  const cluster = options.cluster ?? "c1";
  const network = options.network ?? "n1";
  return {
    kind: options.kind ?? "sidecar",
    workloadId: `${cluster}/default/client`,
    cluster,
    namespace: "default",
    network,
    locality,
    labels: options.rawLabels
      ? { ...options.labels }
      : { ...topologyLabels(locality, cluster, network), ...options.labels },
    ipFamilies: ["IPv4"],
    requestedNetworkView: [],
    ...(options.node !== undefined ? { node: options.node } : {}),
  };
}

/** A group as given (no regrouping), like the hand-built load assignments of Istio's tests. */
export function group<E extends LbEndpoint>(
  locality: string,
  endpoints: readonly E[],
  options: { readonly priority?: number; readonly weight?: number } = {},
): LocalityLbGroup<E> {
  const parsed = parseLocality(locality);
  return {
    locality: parsed,
    localityKey: `${parsed.region}/${parsed.zone}/${parsed.subzone}`,
    priority: options.priority ?? 0,
    weight: options.weight ?? sumEndpointWeights(endpoints),
    endpoints,
  };
}

/** `n` endpoints `prefix0..` in one locality, the first `healthy` of them healthy. */
export function endpoints(
  prefix: string,
  n: number,
  healthy: number,
  options: EndpointOptions = {},
): RegistryEndpoint[] {
  return Array.from({ length: n }, (_, i) =>
    ep(`${prefix}${i}`, { ...options, health: i < healthy ? "healthy" : "unhealthy" }),
  );
}

/** Σ of shares whose endpoint satisfies `predicate`. */
export function shareWhere<E extends LbEndpoint>(
  shares: readonly { readonly endpoint: E; readonly share: number }[],
  predicate: (endpoint: E) => boolean,
): number {
  let total = 0;
  for (const share of shares) if (predicate(share.endpoint)) total += share.share;
  return total;
}
