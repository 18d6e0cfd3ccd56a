/**
 * `toYAML(mesh)`: the mesh as a self-contained Mesh document (every spec field written out, every
 * object inline under its cluster's `resources`, no `manifests`), which `loadMeshFromString` reads
 * back to an equal mesh.
 */
import { stringify } from "yaml";
import type { ClusterSpec } from "../model/cluster";
import type { Mesh, MeshSpec } from "../model/mesh";
import { meshSettingsOf } from "../model/spec-of";
import { MESH_API_VERSION, MESH_KIND } from "./mesh-document/schema";

/** Writes `mesh` (or a MeshSpec) as a Mesh document. */
export function toYAML(mesh: Mesh | MeshSpec): string {
  return stringify(meshDocument(mesh), {
    // Long strings stay on one line, and shared objects are written out, never as YAML aliases.
    lineWidth: 0,
    aliasDuplicateObjects: false,
  });
}

/** The Mesh document of a mesh, as plain data. */
export function meshDocument(mesh: Mesh | MeshSpec): Record<string, unknown> {
  return {
    apiVersion: MESH_API_VERSION,
    kind: MESH_KIND,
    metadata: { name: mesh.meshId },
    spec: {
      ...meshSettingsOf(mesh),
      networks: mesh.networks.map((network) => ({ name: network.name })),
      clusters: mesh.clusters.map(clusterDocument),
    },
  };
}

/** One cluster in the document's spelling (only declared fields; derived views are recomputed on load). */
function clusterDocument(cluster: ClusterSpec): Record<string, unknown> {
  return {
    name: cluster.name,
    provider: cluster.provider,
    network: cluster.network,
    ipFamilies: cluster.ipFamilies,
    podCidrs: cluster.podCidrs,
    serviceCidrs: cluster.serviceCidrs,
    ...(cluster.apiServer === undefined ? {} : { apiServer: cluster.apiServer }),
    nodes: cluster.nodes.map((node) => ({ name: node.name, ...node.locality })),
    controlPlane:
      cluster.controlPlane.role === "primary" ? "primary" : { remoteOf: cluster.controlPlane.primary },
    istiod: {
      features: cluster.istiodFeatures,
      ...(cluster.meshConfig === undefined ? {} : { meshConfig: cluster.meshConfig }),
    },
    remoteSecrets: cluster.remoteSecrets,
    eastWestGateways: cluster.eastWestGateways.map(({ origin: _origin, ...gateway }) => gateway),
    ecs: cluster.ecsClusters,
    ...(cluster.sidecarInjector === undefined ? {} : { sidecarInjector: cluster.sidecarInjector }),
    resources: cluster.resources,
  };
}
