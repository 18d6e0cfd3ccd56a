/**
 * Builders shared by the endpoint-rule tests (not exported from the package): small, explicit
 * defaults so each test states only what its rule reads.
 */
import type { EastWestGatewayModel, Locality, ServiceModel, Workload } from "@meshwright/core";
import type { NetworkGateway, RegistryEndpoint } from "../model/endpoint";
import type { ProxyView } from "../model/proxy";
import type { AmbientService } from "./ambient-registry";

/** No locality (kept local so tests of pure rules need not load all of core at run time). */
const NO_LOCALITY: Locality = { region: "", zone: "", subzone: "" };

/** A registry endpoint of `example.ns` on port 8080, sidecar-injected, healthy, weight 1. */
export function registryEndpoint(address: string, over: Partial<RegistryEndpoint> = {}): RegistryEndpoint {
  const cluster = over.cluster ?? "cluster1";
  return {
    workloadId: `${cluster}/ns/${address || "addressless"}`,
    address,
    port: 8080,
    cluster,
    network: "",
    locality: NO_LOCALITY,
    labels: { app: "example" },
    weight: 1,
    health: "healthy",
    tlsMode: "istio",
    supportsTunnel: false,
    identity: "spiffe://cluster.local/ns/ns/sa/example",
    ...over,
  };
}

/** A sidecar proxy in `cluster` on `network` (IPv4, no requested network view). */
export function proxyView(network: string, cluster: string, over: Partial<ProxyView> = {}): ProxyView {
  return {
    kind: "sidecar",
    workloadId: `${cluster}/client/sleep`,
    cluster,
    namespace: "client",
    network,
    locality: NO_LOCALITY,
    labels: {},
    ipFamilies: ["IPv4"],
    requestedNetworkView: [],
    ...over,
  };
}

/** A network gateway as istiod's NetworkManager holds it. */
export function networkGateway(
  network: string,
  cluster: string,
  address: string,
  mtlsPort: number,
  hbonePort = 0,
): NetworkGateway {
  return { network, cluster, address, mtlsPort, hbonePort, name: `istio-system/gw-${address}` };
}

/** A model east-west gateway (classic, exposing 15443 with the AUTO_PASSTHROUGH Gateway). */
export function eastWestGateway(over: Partial<EastWestGatewayModel> = {}): EastWestGatewayModel {
  return {
    name: "istio-eastwestgateway",
    namespace: "istio-system",
    kind: "classic",
    network: "network1",
    address: { ip: "203.0.113.10" },
    serviceType: "LoadBalancer",
    annotations: {},
    ports: [15021, 15443, 15012, 15017],
    exposesServices: true,
    origin: "mesh",
    ...over,
  };
}

/** A Kubernetes Service `name.namespace` with one http port 80 → 8080. */
export function service(name: string, namespace: string, over: Partial<ServiceModel> = {}): ServiceModel {
  const cluster = over.cluster ?? "cluster1";
  return {
    id: `${cluster}/${namespace}/${name}`,
    cluster,
    namespace,
    name,
    origin: "kubernetes",
    hostname: `${name}.${namespace}.svc.cluster.local`,
    labels: {},
    annotations: {},
    selector: { app: name },
    ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }],
    clusterIps: ["172.16.0.10"],
    headless: false,
    type: "ClusterIP",
    publishNotReadyAddresses: false,
    internalTrafficPolicy: "Cluster",
    trafficDistribution: "Any",
    trafficDistributionSource: "default",
    ...over,
  };
}

/** The workload facts the ambient index reads. */
export function ambientWorkload(
  id: string,
  network: string,
  over: Partial<Pick<Workload, "cluster" | "namespace" | "serviceAccount" | "health">> = {},
): Pick<Workload, "id" | "cluster" | "namespace" | "serviceAccount" | "network" | "health"> {
  return {
    id,
    cluster: over.cluster ?? id.split("/")[0]!,
    namespace: over.namespace ?? id.split("/")[1]!,
    serviceAccount: over.serviceAccount ?? "echo",
    network,
    health: over.health ?? "healthy",
  };
}

/** `base` as an istiod's ambient index holds it, with `scope` and the contributing `clusters`. */
export function ambientService(
  base: ServiceModel,
  scope: AmbientService["scope"],
  clusters: readonly string[],
  scopeReason = "generated",
): AmbientService {
  return {
    key: `${base.namespace}/${base.hostname}`,
    hostname: base.hostname,
    namespace: base.namespace,
    name: base.name,
    scope,
    scopeReason,
    baseCluster: base.cluster,
    base,
    clusters,
    vips: [],
  };
}
