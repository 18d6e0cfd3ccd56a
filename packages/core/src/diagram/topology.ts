/**
 * The topology part of a diagram, read from the graph view (`meshGraph`): clouds (provider kind and
 * region) around clusters, each cluster with its istiod (primaries only), an API-server anchor, its
 * east-west gateways and its namespaces (boxes, or collapsed into one node each), services and
 * workloads by detail level; istiods' `reads` / `controls` arrows to the API servers they watch.
 * Networks are drawn as labels (and colours) of clusters and gateways, never as boxes, because a
 * network can span clouds and a cloud can hold several networks.
 */
import type { MeshNodeAttributes } from "../graph/attributes";
import type { MeshGraph } from "../graph/mesh-graph";
import { nodeId } from "../graph/node-ids";
import type { Mesh } from "../model/mesh";
import type { ServiceModel } from "../model/service";
import type { DiagramDetail, DiagramEdge, DiagramGroup, DiagramNode } from "./diagram-model";
import {
  apiServerLabel,
  cloudLabel,
  clusterLabel,
  gatewayLabel,
  istiodLabel,
  type NamespaceCounts,
  namespaceGroupLabel,
  namespaceNodeLabel,
  serviceLabel,
  workloadLabel,
} from "./labels";

/** Ids of the diagram-only anchors. */
export const diagramId = {
  cloud: (provider: string, region: string | undefined) => `cloud:${provider}/${region ?? ""}`,
  apiServer: (cluster: string) => `api-server:${cluster}`,
} as const;

/** The topology of one mesh at one detail level, plus what a trace overlay needs to place its nodes. */
export interface Topology {
  readonly networks: readonly string[];
  readonly groups: readonly DiagramGroup[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  /** The group a thing of `cluster` / `namespace` is drawn in (namespace box if drawn, else cluster box). */
  containerOf(cluster: string, namespace?: string): string | undefined;
}

const NO_COUNTS: NamespaceCounts = { services: 0, workloads: 0 };

type NodeEntry = readonly [id: string, attributes: MeshNodeAttributes];

/** The graph's nodes by type, each list in graph order. */
function nodesByType(graph: MeshGraph): Map<MeshNodeAttributes["type"], NodeEntry[]> {
  const byType = new Map<MeshNodeAttributes["type"], NodeEntry[]>();
  graph.forEachNode((id, attributes) => {
    const list = byType.get(attributes.type) ?? [];
    list.push([id, attributes]);
    byType.set(attributes.type, list);
  });
  return byType;
}

/** `<cluster>/<namespace>/<name>` of the graph entity `id` (`service:c/ns/n`, `gateway:c/ns/n`). */
function objectKey(id: string): string {
  return id.slice(id.indexOf(":") + 1);
}

/** ECS cluster names by the namespace node they place their services in. */
function ecsClustersByNamespace(mesh: Mesh): Map<string, string[]> {
  const byNamespace = new Map<string, string[]>();
  for (const cluster of mesh.clusters) {
    for (const ecs of cluster.ecsClusters) {
      const id = nodeId.namespace(cluster.name, ecs.namespace);
      byNamespace.set(id, [...(byNamespace.get(id) ?? []), ecs.name].sort());
    }
  }
  return byNamespace;
}

/** Each remote cluster's primary, from the graph's `controls` edges. */
function primariesOfRemotes(graph: MeshGraph): Map<string, string> {
  const primaries = new Map<string, string>();
  graph.forEachEdge((_key, edge, _source, target, sourceAttributes) => {
    if (edge.type === "controls" && sourceAttributes.cluster) primaries.set(target, sourceAttributes.cluster);
  });
  return primaries;
}

/**
 * istiod → API server arrows, one per (istiod, cluster) pair: a primary reads its own cluster and,
 * through remote secrets, the clusters it discovers endpoints in; it also controls the remotes it is
 * primary of (istio-semantics §4.4). Both relations on one pair make one `reads-controls` arrow.
 */
function controlPlaneEdges(graph: MeshGraph): DiagramEdge[] {
  const relations = new Map<string, { from: string; cluster: string; own: boolean; types: Set<string> }>();
  graph.forEachEdge((_key, edge, source, target, sourceAttributes, targetAttributes) => {
    if (edge.type !== "reads" && edge.type !== "controls") return;
    const cluster = targetAttributes.cluster ?? objectKey(target);
    const pair = `${source}\u0000${cluster}`;
    const entry = relations.get(pair) ?? {
      from: source,
      cluster,
      own: sourceAttributes.cluster === cluster,
      types: new Set<string>(),
    };
    entry.types.add(edge.type);
    relations.set(pair, entry);
  });
  return [...relations.values()].map(({ from, cluster, own, types }): DiagramEdge => {
    const to = diagramId.apiServer(cluster);
    if (types.has("reads") && types.has("controls")) {
      return { from, to, kind: "reads-controls", label: ["reads + controls", "remote secret"] };
    }
    if (types.has("controls")) return { from, to, kind: "controls", label: ["controls"] };
    return { from, to, kind: "reads", label: own ? ["reads"] : ["reads", "remote secret"] };
  });
}

/** Builds the topology of `mesh` from its graph view at the given detail level. */
export function buildTopology(mesh: Mesh, graph: MeshGraph, detail: DiagramDetail): Topology {
  const byType = nodesByType(graph);
  const of = (type: MeshNodeAttributes["type"]) => byType.get(type) ?? [];
  const groups = new Map<string, DiagramGroup>();
  const nodes: DiagramNode[] = [];

  const networkNodes = of("network");
  const networks = networkNodes.map(([, a]) => a.label).sort();
  const undeclaredNetworks = new Set(
    networkNodes.filter(([, a]) => a.declared === false).map(([, a]) => a.label),
  );
  const primaries = primariesOfRemotes(graph);

  for (const [id, cluster] of of("cluster")) {
    const cloud = diagramId.cloud(cluster.provider ?? "generic", cluster.region);
    if (!groups.has(cloud)) {
      groups.set(cloud, {
        id: cloud,
        kind: "cloud",
        label: cloudLabel(cluster.provider ?? "generic", cluster.region),
      });
    }
    groups.set(id, {
      id,
      kind: "cluster",
      parent: cloud,
      label: clusterLabel(cluster, primaries.get(id), !undeclaredNetworks.has(cluster.network ?? "")),
      ...(cluster.network === undefined ? {} : { network: cluster.network }),
    });
    nodes.push({
      id: diagramId.apiServer(cluster.label),
      kind: "api-server",
      label: apiServerLabel(),
      group: id,
    });
  }
  const clusterGroup = (cluster: string | undefined) =>
    cluster !== undefined && groups.has(nodeId.cluster(cluster)) ? nodeId.cluster(cluster) : undefined;
  const inGroup = (group: string | undefined) => (group === undefined ? {} : { group });

  for (const [id, istiod] of of("istiod")) {
    nodes.push({ id, kind: "istiod", label: istiodLabel(istiod), ...inGroup(clusterGroup(istiod.cluster)) });
  }

  const namespaceBoxes = detail !== "namespaces";
  const containerOf = (cluster: string, namespace?: string): string | undefined => {
    if (namespace !== undefined && namespaceBoxes) {
      const id = nodeId.namespace(cluster, namespace);
      if (groups.has(id)) return id;
    }
    return clusterGroup(cluster);
  };

  const ecsByNamespace = ecsClustersByNamespace(mesh);
  for (const [id, namespace] of of("namespace")) {
    if (!namespaceBoxes) continue;
    const ecs = ecsByNamespace.get(id) ?? [];
    const parent = clusterGroup(namespace.cluster);
    groups.set(id, {
      id,
      kind: ecs.length > 0 ? "ecs-cluster" : "namespace",
      label: namespaceGroupLabel(namespace.label, ecs),
      ...(parent === undefined ? {} : { parent }),
    });
  }

  // A gateway's own Service is drawn as the gateway: one box, not two.
  const gatewayKeys = new Set(of("gateway").map(([id]) => objectKey(id)));
  for (const [id, gateway] of of("gateway")) {
    nodes.push({
      id,
      kind: "gateway",
      label: gatewayLabel(gateway),
      ...inGroup(containerOf(gateway.cluster ?? "", gateway.namespace)),
    });
  }

  const serviceModels = new Map<string, ServiceModel>();
  for (const cluster of mesh.clusters) {
    for (const s of cluster.services) serviceModels.set(nodeId.service(s.cluster, s.namespace, s.name), s);
  }
  const counts = new Map<string, { services: number; workloads: number }>();
  const count = (cluster: string | undefined, namespace: string | undefined) => {
    const key = nodeId.namespace(cluster ?? "", namespace ?? "");
    const entry = counts.get(key) ?? { services: 0, workloads: 0 };
    counts.set(key, entry);
    return entry;
  };
  for (const [id, service] of of("service")) {
    if (gatewayKeys.has(objectKey(id))) continue;
    count(service.cluster, service.namespace).services++;
    if (!namespaceBoxes) continue;
    const model = serviceModels.get(id);
    nodes.push({
      id,
      kind: service.origin === "ecs" ? "ecs-service" : "service",
      label: serviceLabel(service, model?.name ?? service.label, model?.ports ?? []),
      ...inGroup(containerOf(service.cluster ?? "", service.namespace)),
    });
  }
  for (const [id, workload] of of("workload")) {
    count(workload.cluster, workload.namespace).workloads++;
    if (detail !== "workloads") continue;
    nodes.push({
      id,
      kind: workload.workloadKind === "EcsTask" ? "ecs-task" : "workload",
      label: workloadLabel(workload),
      ...inGroup(containerOf(workload.cluster ?? "", workload.namespace)),
    });
  }
  if (!namespaceBoxes) {
    for (const [id, namespace] of of("namespace")) {
      const ecs = ecsByNamespace.get(id) ?? [];
      nodes.push({
        id,
        kind: ecs.length > 0 ? "ecs-cluster" : "namespace",
        label: namespaceNodeLabel(namespace.label, ecs, counts.get(id) ?? NO_COUNTS),
        ...inGroup(clusterGroup(namespace.cluster)),
      });
    }
  }

  const edges = controlPlaneEdges(graph);
  if (detail === "workloads") {
    const drawn = new Set(nodes.map((n) => n.id));
    graph.forEachEdge((_key, edge, source, target) => {
      // A gateway's own Service is folded into the gateway box, so its selections are not drawn.
      if (edge.type === "selects" && drawn.has(source) && drawn.has(target)) {
        edges.push({ from: source, to: target, kind: "selects", label: [] });
      }
    });
  }
  return { networks, groups: [...groups.values()], nodes, edges, containerOf };
}
