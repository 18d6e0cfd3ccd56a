import { isDeepStrictEqual } from "node:util";
import type { ClusterSpec } from "./cluster";
import type { Cluster, Mesh, MeshSpec } from "./mesh";

/** The declared part of a derived cluster: what `createMesh` read to derive it. */
export function clusterSpecOf(cluster: Cluster): ClusterSpec {
  const {
    effectiveMeshConfig: _c,
    namespaces: _n,
    workloads: _w,
    services: _s,
    gateways: _g,
    ...spec
  } = cluster;
  return spec;
}

/** A mesh's mesh-wide settings, in the document's order (everything but its networks and clusters). */
export function meshSettingsOf(mesh: MeshSpec | Mesh): Omit<MeshSpec, "networks" | "clusters"> {
  return {
    meshId: mesh.meshId,
    trustDomain: mesh.trustDomain,
    trustDomainAliases: mesh.trustDomainAliases,
    rootNamespace: mesh.rootNamespace,
    istioVersion: mesh.istioVersion,
    flavour: mesh.flavour,
    meshConfig: mesh.meshConfig,
  };
}

/** The MeshSpec a Mesh was built from (a Mesh is a MeshSpec plus derived views), optionally with other clusters. */
export function meshSpecOf(
  mesh: Mesh,
  clusters: readonly ClusterSpec[] = mesh.clusters.map(clusterSpecOf),
): MeshSpec {
  return { ...meshSettingsOf(mesh), networks: mesh.networks, clusters };
}

/** Whether two meshes (or specs) agree on everything but their clusters: settings and networks. */
export function sameMeshSettings(a: MeshSpec | Mesh, b: MeshSpec | Mesh): boolean {
  return isDeepStrictEqual(meshSettingsOf(a), meshSettingsOf(b)) && isDeepStrictEqual(a.networks, b.networks);
}
