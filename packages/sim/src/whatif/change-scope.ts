import type { Fault } from "../faults/fault";
import type { AppliedChange } from "./apply-change";
import { objectHosts, type ScopeView } from "./object-scope";

/**
 * Which pairs a change may alter. Columns (destination hosts) outside `hosts` keep their outcomes.
 * Inside, a column is recomputed whole when `wholeColumn(host)`; otherwise only the situations whose
 * before-trace `touched` what the change touches (faults on a cluster, gateway or pair of networks
 * cannot change a request that never passes there).
 */
export interface ChangeScope {
  /** Hosts whose columns may change; undefined = every host. */
  readonly hosts?: ReadonlySet<string>;
  readonly wholeColumn: (host: string) => boolean;
  readonly touched: (touches: readonly string[]) => boolean;
}

const EVERYTHING: ChangeScope = { wholeColumn: () => true, touched: () => true };

/** A fault's reach: touch tests (trace-local faults) or hosts whose whole columns change. */
function faultReach(
  view: ScopeView,
  fault: Fault,
): { touch?: (t: readonly string[]) => boolean; hosts?: Set<string> | "all" } {
  switch (fault.kind) {
    case "cluster-down":
    case "gateway-down":
      // Its pods (or the gateway's) stop answering; istiods keep their stale view, so only requests
      // passing through the cluster change.
      return { touch: (t) => t.includes(`c:${fault.cluster}`) };
    case "partition":
      return { touch: (t) => t.includes(`n:${fault.networks[0]}`) && t.includes(`n:${fault.networks[1]}`) };
    case "unhealthy":
    case "ejected": {
      const ids = new Set(fault.workloads);
      const hosts = new Set<string>();
      for (const cluster of view.mesh.clusters) {
        for (const service of cluster.services) {
          if (view.servers(service.hostname).some((w) => ids.has(w.id))) hosts.add(service.hostname);
        }
      }
      return { hosts };
    }
    case "remote-api-unreachable":
      return {
        hosts: new Set(
          view.mesh.clusters.find((c) => c.name === fault.remote)?.services.map((s) => s.hostname) ?? [],
        ),
      };
    case "gateway-no-address":
      // istiod drops the gateway: every client's view of that network changes.
      return { hosts: "all" };
  }
}

/** The scope of an applied change over the simulation it was applied to. */
export function changeScope(view: ScopeView, applied: AppliedChange): ChangeScope {
  if (applied.global) return EVERYTHING;
  const hosts = new Set<string>();
  for (const [cluster, objects] of [...applied.added, ...applied.removed]) {
    for (const object of objects) {
      const reach = objectHosts(view, object, cluster);
      if (reach === undefined) return EVERYTHING;
      for (const host of reach) hosts.add(host);
    }
  }
  const touches: ((t: readonly string[]) => boolean)[] = [];
  for (const fault of applied.faults) {
    const reach = faultReach(view, fault);
    if (reach.hosts === "all") return EVERYTHING;
    for (const host of reach.hosts ?? []) hosts.add(host);
    if (reach.touch) touches.push(reach.touch);
  }
  if (touches.length === 0) return { hosts, wholeColumn: () => true, touched: () => true };
  // Situations can only be carried over when the Mesh (and so its classes) is the same.
  const rebuilt = applied.added.size > 0 || applied.removed.size > 0;
  if (rebuilt) return EVERYTHING;
  // Trace-local faults may change any column, but only where a trace passes through them.
  return {
    wholeColumn: (host) => hosts.has(host),
    touched: (t) => touches.some((touch) => touch(t)),
  };
}
