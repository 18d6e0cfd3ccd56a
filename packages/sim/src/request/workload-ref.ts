import { type Cluster, getOrCreate, type Mesh, type Workload } from "@meshwright/core";

/** A namespace's workloads, indexed by pod name, controller name and `app` label (name order). */
interface NamespaceRefs {
  readonly byName: Map<string, Workload>;
  readonly byOwner: Map<string, Workload[]>;
  readonly byApp: Map<string, Workload[]>;
  readonly owners: Set<string>;
}

/**
 * Per cluster object: namespace → references. Built on first use; the model is immutable, and a
 * successor mesh (`createMesh` with `previous`) keeps its unchanged clusters' objects, so a what-if
 * re-indexes only the clusters it changed.
 */
const INDEXES = new WeakMap<Cluster, Map<string, NamespaceRefs>>();

/** Per mesh: its clusters by name. */
const CLUSTERS = new WeakMap<Mesh, Map<string, Cluster>>();

function byName(a: Workload, b: Workload): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function push(map: Map<string, Workload[]>, key: string, workload: Workload): void {
  const list = map.get(key);
  if (list) list.push(workload);
  else map.set(key, [workload]);
}

function indexOf(cluster: Cluster): Map<string, NamespaceRefs> {
  return getOrCreate(INDEXES, cluster, () => {
    const namespaces = new Map<string, NamespaceRefs>();
    for (const w of cluster.workloads) {
      let refs = namespaces.get(w.namespace);
      if (!refs) {
        refs = { byName: new Map(), byOwner: new Map(), byApp: new Map(), owners: new Set() };
        namespaces.set(w.namespace, refs);
      }
      // The first workload of a name wins, as a scan in model order would find it.
      if (!refs.byName.has(w.name)) refs.byName.set(w.name, w);
      push(refs.byOwner, w.owner.name, w);
      const app = w.labels.app;
      if (app !== undefined) push(refs.byApp, app, w);
      refs.owners.add(w.owner.name);
    }
    for (const refs of namespaces.values()) {
      for (const list of refs.byOwner.values()) list.sort(byName);
      for (const list of refs.byApp.values()) list.sort(byName);
    }
    return namespaces;
  });
}

/** The mesh's cluster of that name (the first, as a scan in model order would find it). */
function clusterNamed(mesh: Mesh, name: string): Cluster | undefined {
  const byName = getOrCreate(CLUSTERS, mesh, () => {
    const clusters = new Map<string, Cluster>();
    for (const c of mesh.clusters) if (!clusters.has(c.name)) clusters.set(c.name, c);
    return clusters;
  });
  return byName.get(name);
}

/**
 * Finds the workload a caller means by `<cluster>/<namespace>/<name>`, the way a user points
 * `kubectl exec` at it: `name` is a pod (or VM / ECS task) name, or the name of its controller
 * (Deployment, StatefulSet, ECS service...), or the value of its `app` label. A controller or app
 * name picks its first healthy instance in name order (deterministic). Lookups go through an index
 * built once per cluster object.
 */
export function resolveWorkloadRef(mesh: Mesh, ref: string): Workload | { readonly error: string } {
  const parts = ref.split("/");
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) {
    return { error: `workload reference ${JSON.stringify(ref)} must be <cluster>/<namespace>/<name>` };
  }
  const [clusterName, namespace, name] = parts as [string, string, string];
  const found = clusterNamed(mesh, clusterName);
  if (!found) {
    return { error: `no cluster ${clusterName} (clusters: ${mesh.clusters.map((c) => c.name).join(", ")})` };
  }
  const refs = indexOf(found).get(namespace);
  const exact = refs?.byName.get(name);
  if (exact) return exact;
  const candidates = refs?.byOwner.get(name) ?? refs?.byApp.get(name) ?? [];
  const chosen = candidates.find((w) => w.health === "healthy") ?? candidates[0];
  if (chosen) return chosen;
  const known = [...(refs?.owners ?? [])].sort().join(", ") || "none";
  return { error: `no workload ${name} in ${clusterName}/${namespace} (workloads there: ${known})` };
}
