import type { Mesh } from "@meshwright/core";
import type { Fault } from "../faults/fault";

/** How an istiod sees one cluster it reads. */
export interface ReadCluster {
  readonly cluster: string;
  /** `live`: in sync; `stale`: last-known state kept after losing the API server. */
  readonly state: "live" | "stale";
  /** Why it is read: its own cluster, a remote it controls, or a remote secret. */
  readonly via: "own" | "controls" | "remote-secret";
}

/** One istiod: the primary cluster it runs in, the clusters it serves proxies of, and those it reads. */
export interface ControlPlane {
  /** The primary cluster running this istiod; also the only cluster whose config objects it reads. */
  readonly cluster: string;
  /** Clusters whose proxies connect to this istiod (its own and the remotes that name it). */
  readonly serves: readonly string[];
  /** Clusters whose Services and endpoints it watches, own first (registry order, istio-semantics §4.1). */
  readonly reads: readonly ReadCluster[];
  /** False when its cluster is down: its proxies keep their last configuration. */
  readonly up: boolean;
}

/**
 * The control planes of a mesh (istio-semantics §4.4): every primary runs an istiod that reads its
 * own cluster, the remote clusters it controls, and the clusters its remote secrets name; config
 * (routing, policy) is read only from its own cluster. Faults remove or stale the reads.
 */
export function controlPlanes(mesh: Mesh, faults: readonly Fault[]): ControlPlane[] {
  const down = new Set(faults.filter((f) => f.kind === "cluster-down").map((f) => f.cluster));
  const unreachable = new Map<string, "stale" | "none">();
  for (const fault of faults) {
    if (fault.kind === "remote-api-unreachable")
      unreachable.set(`${fault.istiod}\u0000${fault.remote}`, fault.mode);
  }
  const planes: ControlPlane[] = [];
  for (const primary of mesh.clusters) {
    if (primary.controlPlane.role !== "primary") continue;
    const remotes = mesh.clusters
      .filter((c) => c.controlPlane.role === "remote" && c.controlPlane.primary === primary.name)
      .map((c) => c.name);
    const reads: ReadCluster[] = [{ cluster: primary.name, state: "live", via: "own" }];
    const seen = new Set([primary.name]);
    const add = (cluster: string, via: ReadCluster["via"]) => {
      if (seen.has(cluster)) return;
      seen.add(cluster);
      // A cluster that is down, or whose API server this istiod cannot reach, keeps its informer
      // cache (stale endpoints) unless the istiod never synced it.
      const mode =
        unreachable.get(`${primary.name}\u0000${cluster}`) ?? (down.has(cluster) ? "stale" : undefined);
      if (mode === "none") return;
      reads.push({ cluster, state: mode === "stale" ? "stale" : "live", via });
    };
    for (const remote of remotes) add(remote, "controls");
    for (const remote of primary.remoteSecrets) add(remote, "remote-secret");
    planes.push({
      cluster: primary.name,
      serves: [primary.name, ...remotes],
      reads,
      up: !down.has(primary.name),
    });
  }
  return planes;
}

/** The control plane that serves `cluster`'s proxies, or undefined when none does (a remote without a primary). */
export function controlPlaneFor(planes: readonly ControlPlane[], cluster: string): ControlPlane | undefined {
  return planes.find((p) => p.serves.includes(cluster));
}
