/**
 * Stable node ids of the mesh graph: the same mesh always yields the same ids, and an id names
 * the thing it stands for, so ids can be stored, diffed and linked to.
 */
export const nodeId = {
  network: (network: string) => `network:${network}`,
  cluster: (cluster: string) => `cluster:${cluster}`,
  istiod: (cluster: string) => `istiod:${cluster}`,
  gateway: (cluster: string, namespace: string, name: string) => `gateway:${cluster}/${namespace}/${name}`,
  namespace: (cluster: string, namespace: string) => `namespace:${cluster}/${namespace}`,
  service: (cluster: string, namespace: string, name: string) => `service:${cluster}/${namespace}/${name}`,
  /** A workload's id is already `<cluster>/<namespace>/<name>`. */
  workload: (workloadId: string) => `workload:${workloadId}`,
} as const;
