import type { Mesh, Workload } from "@meshwright/core";

/**
 * Finds the workload a caller means by `<cluster>/<namespace>/<name>`, the way a user points
 * `kubectl exec` at it: `name` is a pod (or VM / ECS task) name, or the name of its controller
 * (Deployment, StatefulSet, ECS service...), or the value of its `app` label. A controller or app
 * name picks its first healthy instance in name order (deterministic).
 */
export function resolveWorkloadRef(mesh: Mesh, ref: string): Workload | { readonly error: string } {
  const parts = ref.split("/");
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) {
    return { error: `workload reference ${JSON.stringify(ref)} must be <cluster>/<namespace>/<name>` };
  }
  const [clusterName, namespace, name] = parts as [string, string, string];
  const cluster = mesh.clusters.find((c) => c.name === clusterName);
  if (!cluster) {
    return { error: `no cluster ${clusterName} (clusters: ${mesh.clusters.map((c) => c.name).join(", ")})` };
  }
  const inNamespace = cluster.workloads.filter((w) => w.namespace === namespace);
  const exact = inNamespace.find((w) => w.name === name);
  if (exact) return exact;
  const byOwner = inNamespace.filter((w) => w.owner.name === name);
  const byApp = byOwner.length > 0 ? byOwner : inNamespace.filter((w) => w.labels.app === name);
  const candidates = [...byApp].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const chosen = candidates.find((w) => w.health === "healthy") ?? candidates[0];
  if (chosen) return chosen;
  const known = [...new Set(inNamespace.map((w) => w.owner.name))].sort().join(", ") || "none";
  return { error: `no workload ${name} in ${clusterName}/${namespace} (workloads there: ${known})` };
}
