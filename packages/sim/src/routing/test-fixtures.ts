/**
 * Small builders of model objects for the routing and DNS tests (not exported from the package):
 * plain data shaped exactly like what `createMesh` derives, with only the fields a test cares about.
 */
import {
  type Cluster,
  DEFAULT_MESH_CONFIG,
  type KubeObject,
  type Mesh,
  type MeshConfigModel,
  NO_LOCALITY,
  type ServiceModel,
  type Workload,
} from "@meshwright/core";

/** A Kubernetes Service of `cluster` (`name.namespace.svc.cluster.local`). */
export function svc(
  cluster: string,
  namespace: string,
  name: string,
  options: {
    ports?: { port: number; name?: string; appProtocol?: string }[];
    clusterIps?: string[];
    headless?: boolean;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    selector?: Record<string, string> | null;
    origin?: "kubernetes" | "ecs";
    hostname?: string;
  } = {},
): ServiceModel {
  return {
    id: `${cluster}/${namespace}/${name}`,
    cluster,
    namespace,
    name,
    origin: options.origin ?? "kubernetes",
    hostname: options.hostname ?? `${name}.${namespace}.svc.cluster.local`,
    labels: options.labels ?? {},
    annotations: options.annotations ?? {},
    selector: options.selector === undefined ? { app: name } : options.selector,
    ports: (options.ports ?? [{ port: 80, name: "http" }]).map((p) => ({
      port: p.port,
      targetPort: p.port,
      protocol: "TCP" as const,
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.appProtocol !== undefined ? { appProtocol: p.appProtocol } : {}),
    })),
    clusterIps: options.headless ? [] : (options.clusterIps ?? ["10.96.0.10"]),
    headless: options.headless ?? false,
    type: "ClusterIP",
    publishNotReadyAddresses: false,
    internalTrafficPolicy: "Cluster",
    trafficDistribution: "Any",
    trafficDistributionSource: "default",
  };
}

/** A ready pod. */
export function pod(
  cluster: string,
  namespace: string,
  name: string,
  labels: Record<string, string>,
  ip: string,
  options: { network?: string; health?: Workload["health"] } = {},
): Workload {
  return {
    id: `${cluster}/${namespace}/${name}`,
    cluster,
    namespace,
    name,
    kind: "Pod",
    owner: { kind: "Pod", name },
    labels,
    annotations: {},
    serviceAccount: "default",
    identity: `spiffe://cluster.local/ns/${namespace}/sa/default`,
    ips: [ip],
    locality: NO_LOCALITY,
    network: options.network ?? "network1",
    networkSource: "cluster",
    health: options.health ?? "healthy",
    dataplane: "sidecar",
    dataplaneReason: "test",
    ports: [],
  };
}

/** An Istio object of `kind` (networking.istio.io/v1). */
export function istio(
  kind: string,
  namespace: string,
  name: string,
  spec: unknown,
  extra: Partial<KubeObject> = {},
): KubeObject {
  return {
    apiVersion: "networking.istio.io/v1",
    kind,
    metadata: { name, namespace },
    spec,
    ...extra,
  };
}

/** A cluster of the mesh model. */
export function cluster(
  name: string,
  options: {
    network?: string;
    services?: ServiceModel[];
    workloads?: Workload[];
    resources?: KubeObject[];
    meshConfig?: Partial<MeshConfigModel>;
    remoteSecrets?: string[];
    istiodFeatures?: Record<string, string>;
    ipFamilies?: ("IPv4" | "IPv6")[];
  } = {},
): Cluster {
  return {
    name,
    provider: { kind: "generic" },
    network: options.network ?? "network1",
    ipFamilies: options.ipFamilies ?? ["IPv4"],
    podCidrs: [],
    serviceCidrs: [],
    nodes: [],
    controlPlane: { role: "primary" },
    istiodFeatures: options.istiodFeatures ?? {},
    remoteSecrets: options.remoteSecrets ?? [],
    eastWestGateways: [],
    ecsClusters: [],
    resources: options.resources ?? [],
    effectiveMeshConfig: { ...DEFAULT_MESH_CONFIG, ...options.meshConfig },
    namespaces: [],
    workloads: options.workloads ?? [],
    services: options.services ?? [],
    gateways: [],
  };
}

/** A mesh of the given clusters (upstream flavour, Istio 1.31). */
export function mesh(clusters: Cluster[], flavour: "upstream" | "solo" = "upstream"): Mesh {
  return {
    meshId: "mesh1",
    trustDomain: "cluster.local",
    trustDomainAliases: [],
    rootNamespace: "istio-system",
    istioVersion: "1.31",
    flavour,
    meshConfig: DEFAULT_MESH_CONFIG,
    networks: [...new Set(clusters.map((c) => c.network))].map((n) => ({ name: n })),
    clusters,
  };
}
