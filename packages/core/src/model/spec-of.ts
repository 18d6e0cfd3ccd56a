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

/** The MeshSpec a Mesh was built from (a Mesh is a MeshSpec plus derived views), optionally with other clusters. */
export function meshSpecOf(
  mesh: Mesh,
  clusters: readonly ClusterSpec[] = mesh.clusters.map(clusterSpecOf),
): MeshSpec {
  return {
    meshId: mesh.meshId,
    trustDomain: mesh.trustDomain,
    trustDomainAliases: mesh.trustDomainAliases,
    rootNamespace: mesh.rootNamespace,
    istioVersion: mesh.istioVersion,
    flavour: mesh.flavour,
    meshConfig: mesh.meshConfig,
    networks: mesh.networks,
    clusters,
  };
}
