import type { Cluster, EastWestGatewayModel, Mesh, NamespaceModel } from "@meshwright/core";

/**
 * Namespace labels that decide how Istio treats a namespace's workloads: sidecar injection, ambient
 * enrollment, and (on the system namespace) the cluster's network.
 */
const ISTIO_NAMESPACE_LABELS = [
  "istio-injection",
  "istio.io/rev",
  "istio.io/dataplane-mode",
  "topology.istio.io/network",
] as const;

/** One east-west gateway in a `MeshSummary`. */
export interface GatewaySummary {
  /** `<namespace>/<name>`. */
  readonly name: string;
  readonly kind: EastWestGatewayModel["kind"];
  readonly network: string;
  /** `ip`, `hostname -> ip, ip`, or `pending`. */
  readonly address: string;
  readonly ports: readonly number[];
  readonly exposesServices: boolean;
}

/** One namespace in a `ClusterSummary`. */
export interface NamespaceSummary {
  /** Its dataplane and network labels as `key=value,...` (empty when it has none). */
  readonly labels: string;
  /** Its workloads per derived dataplane mode (`sidecar`, `ambient`, `none`). */
  readonly workloads: Readonly<Record<string, number>>;
}

/** One cluster in a `MeshSummary`. */
export interface ClusterSummary {
  readonly name: string;
  /** `<kind>/<region>`. */
  readonly provider: string;
  readonly network: string;
  readonly ipFamilies: readonly string[];
  /** `primary`, or `remote of <primary>`. */
  readonly controlPlane: string;
  readonly remoteSecrets: readonly string[];
  readonly gateways: readonly GatewaySummary[];
  /** By namespace name: its Istio labels and how many of its workloads run in which dataplane mode. */
  readonly namespaces: Readonly<Record<string, NamespaceSummary>>;
  /** Number of workloads (pods, VMs, ECS tasks). */
  readonly workloads: number;
  /** Service hostnames, sorted. */
  readonly services: readonly string[];
}

/**
 * A compact, stable view of a mesh (clusters, networks, gateways with kind and address, namespaces with
 * their dataplane and network labels, workload counts, services), for golden files and for printing. Everything is
 * sorted, so the summary changes only when the mesh does.
 */
export interface MeshSummary {
  readonly meshId: string;
  readonly flavour: string;
  readonly istioVersion: string;
  readonly networks: readonly string[];
  readonly clusters: readonly ClusterSummary[];
}

/** Summarises a mesh for goldens and overviews (see `MeshSummary`). */
export function summarizeMesh(mesh: Mesh): MeshSummary {
  return {
    meshId: mesh.meshId,
    flavour: mesh.flavour,
    istioVersion: mesh.istioVersion,
    networks: mesh.networks.map((n) => n.name).sort(),
    clusters: [...mesh.clusters].sort(byName).map(summarizeCluster),
  };
}

function summarizeCluster(cluster: Cluster): ClusterSummary {
  return {
    name: cluster.name,
    provider: `${cluster.provider.kind}/${cluster.provider.region ?? ""}`,
    network: cluster.network,
    ipFamilies: [...cluster.ipFamilies],
    controlPlane:
      cluster.controlPlane.role === "primary" ? "primary" : `remote of ${cluster.controlPlane.primary}`,
    remoteSecrets: [...cluster.remoteSecrets].sort(),
    gateways: cluster.gateways.map(summarizeGateway).sort((a, b) => compare(a.name, b.name)),
    namespaces: Object.fromEntries(
      [...cluster.namespaces].sort(byName).map((ns) => [ns.name, summarizeNamespace(ns, cluster)]),
    ),
    workloads: cluster.workloads.length,
    services: cluster.services.map((s) => s.hostname).sort(compare),
  };
}

function summarizeGateway(gateway: EastWestGatewayModel): GatewaySummary {
  return {
    name: `${gateway.namespace}/${gateway.name}`,
    kind: gateway.kind,
    network: gateway.network,
    address: describeAddress(gateway.address),
    ports: [...gateway.ports].sort((a, b) => a - b),
    exposesServices: gateway.exposesServices,
  };
}

function describeAddress(address: EastWestGatewayModel["address"]): string {
  if (address === undefined) return "pending";
  if ("ip" in address) return address.ip;
  return `${address.hostname} -> ${address.resolvesTo.join(", ")}`;
}

function summarizeNamespace(namespace: NamespaceModel, cluster: Cluster): NamespaceSummary {
  const modes = cluster.workloads.filter((w) => w.namespace === namespace.name).map((w) => w.dataplane);
  return { labels: istioLabels(namespace), workloads: countBy(modes) };
}

function istioLabels(namespace: NamespaceModel): string {
  return ISTIO_NAMESPACE_LABELS.filter((key) => namespace.labels[key] !== undefined)
    .map((key) => `${key}=${namespace.labels[key]}`)
    .join(",");
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of [...values].sort(compare)) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return compare(a.name, b.name);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
