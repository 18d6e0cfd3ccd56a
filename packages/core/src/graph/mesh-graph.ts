import { MultiDirectedGraph } from "graphology";
import { WorkloadSelectorIndex } from "../model/derive/workload-selector-index";
import { localityString } from "../model/locality";
import type { Mesh } from "../model/mesh";
import type { MeshEdgeAttributes, MeshEdgeType, MeshNodeAttributes } from "./attributes";
import { nodeId } from "./node-ids";

/** The mesh as a graphology multigraph with typed nodes and edges. */
export type MeshGraph = MultiDirectedGraph<MeshNodeAttributes, MeshEdgeAttributes>;

/** Edge key: `<type>:<source>-><target>`, stable like the node ids. */
export function edgeKey(type: MeshEdgeType, source: string, target: string): string {
  return `${type}:${source}->${target}`;
}

function link(graph: MeshGraph, type: MeshEdgeType, source: string, target: string): void {
  if (graph.hasNode(source) && graph.hasNode(target)) {
    graph.mergeEdgeWithKey(edgeKey(type, source, target), source, target, { type });
  }
}

function addNetworks(graph: MeshGraph, mesh: Mesh): void {
  for (const network of mesh.networks) {
    graph.mergeNode(nodeId.network(network.name), {
      type: "network",
      label: network.name,
      network: network.name,
      declared: true,
    });
  }
  // A network named only by a cluster or gateway (a model error, reported by createMesh) still appears.
  const named = mesh.clusters.flatMap((cluster) => [
    cluster.network,
    ...cluster.gateways.map((g) => g.network),
  ]);
  for (const network of named) {
    const id = nodeId.network(network);
    if (!graph.hasNode(id)) graph.addNode(id, { type: "network", label: network, network, declared: false });
  }
}

function addClusterNodes(graph: MeshGraph, mesh: Mesh): void {
  for (const cluster of mesh.clusters) {
    const id = nodeId.cluster(cluster.name);
    graph.mergeNode(id, {
      type: "cluster",
      label: cluster.name,
      cluster: cluster.name,
      network: cluster.network,
      provider: cluster.provider.kind,
      ...(cluster.provider.region === undefined ? {} : { region: cluster.provider.region }),
      role: cluster.controlPlane.role,
    });
    link(graph, "member-of", id, nodeId.network(cluster.network));
    if (cluster.controlPlane.role === "primary") {
      graph.mergeNode(nodeId.istiod(cluster.name), {
        type: "istiod",
        label: `istiod (${cluster.name})`,
        cluster: cluster.name,
        network: cluster.network,
      });
      link(graph, "member-of", nodeId.istiod(cluster.name), id);
    }
  }
}

function addControlPlaneEdges(graph: MeshGraph, mesh: Mesh): void {
  for (const cluster of mesh.clusters) {
    const istiod = nodeId.istiod(cluster.name);
    if (cluster.controlPlane.role === "primary") {
      link(graph, "reads", istiod, nodeId.cluster(cluster.name));
      for (const target of cluster.remoteSecrets) link(graph, "reads", istiod, nodeId.cluster(target));
    } else {
      link(graph, "controls", nodeId.istiod(cluster.controlPlane.primary), nodeId.cluster(cluster.name));
    }
  }
}

function addClusterContents(graph: MeshGraph, mesh: Mesh): void {
  for (const cluster of mesh.clusters) {
    const c = cluster.name;
    for (const namespace of cluster.namespaces) {
      const id = nodeId.namespace(c, namespace.name);
      graph.mergeNode(id, {
        type: "namespace",
        label: namespace.name,
        cluster: c,
        namespace: namespace.name,
        declared: namespace.declared,
      });
      link(graph, "member-of", id, nodeId.cluster(c));
    }
    for (const gateway of cluster.gateways) {
      const id = nodeId.gateway(c, gateway.namespace, gateway.name);
      const address =
        gateway.address === undefined
          ? undefined
          : "ip" in gateway.address
            ? gateway.address.ip
            : gateway.address.hostname;
      graph.mergeNode(id, {
        type: "gateway",
        label: gateway.name,
        cluster: c,
        namespace: gateway.namespace,
        network: gateway.network,
        gatewayKind: gateway.kind,
        ...(address === undefined ? {} : { address }),
        ports: gateway.ports,
      });
      link(graph, "member-of", id, nodeId.namespace(c, gateway.namespace));
      link(graph, "exposes", id, nodeId.network(gateway.network));
    }
    for (const service of cluster.services) {
      const id = nodeId.service(c, service.namespace, service.name);
      graph.mergeNode(id, {
        type: "service",
        label: service.hostname,
        cluster: c,
        namespace: service.namespace,
        hostname: service.hostname,
        origin: service.origin,
      });
      link(graph, "member-of", id, nodeId.namespace(c, service.namespace));
    }
    for (const workload of cluster.workloads) {
      const id = nodeId.workload(workload.id);
      graph.mergeNode(id, {
        type: "workload",
        label: workload.name,
        cluster: c,
        namespace: workload.namespace,
        network: workload.network,
        workloadKind: workload.kind,
        dataplane: workload.dataplane,
        health: workload.health,
        locality: localityString(workload.locality),
        identity: workload.identity,
      });
      link(graph, "member-of", id, nodeId.namespace(c, workload.namespace));
    }
  }
}

/** `selects` edges: each Service to the workloads of its namespace its selector matches (indexed). */
function addSelections(graph: MeshGraph, mesh: Mesh): void {
  const index = new WorkloadSelectorIndex(mesh.clusters.flatMap((cluster) => cluster.workloads));
  for (const cluster of mesh.clusters) {
    for (const service of cluster.services) {
      if (service.selector === null) continue;
      const source = nodeId.service(cluster.name, service.namespace, service.name);
      for (const workload of index.select(cluster.name, service.namespace, service.selector)) {
        link(graph, "selects", source, nodeId.workload(workload.id));
      }
    }
  }
}

/**
 * The graph view of a mesh (graphology `MultiDirectedGraph`): networks, clusters, istiods,
 * east-west gateways, namespaces, services and workloads, with stable ids (`nodeId`) and typed
 * edges (`member-of`, `selects`, `exposes`, `reads`, `controls`). Built fresh from the model:
 * mutating it never touches the mesh.
 */
export function meshGraph(mesh: Mesh): MeshGraph {
  const graph: MeshGraph = new MultiDirectedGraph<MeshNodeAttributes, MeshEdgeAttributes>();
  addNetworks(graph, mesh);
  addClusterNodes(graph, mesh);
  addControlPlaneEdges(graph, mesh);
  addClusterContents(graph, mesh);
  addSelections(graph, mesh);
  return graph;
}
