import type { Diagnostic } from "@meshwright/core";
import { compareByCreation } from "../model/config-order";
import { routingDiagnostic } from "./codes";
import { expandDelegates } from "./delegate";
import {
  ANY_NAMESPACE,
  type EgressHosts,
  egressExcludesHost,
  egressImportsVirtualServiceHost,
} from "./sidecar";
import { MESH_GATEWAY, type VirtualServiceSpec } from "./virtual-service";

/**
 * The VirtualServices bound to the mesh gateway (sidecars), indexed by visibility the way
 * `PushContext.initVirtualServices` does: private to their namespace, exported to named namespaces,
 * or public. Delegates are merged into their roots first.
 */
export interface VirtualServiceIndex {
  /** Mesh-bound root VirtualServices (after delegate expansion), oldest first. */
  readonly all: readonly VirtualServiceSpec[];
  /**
   * The VirtualServices a proxy in `namespace` can see, in Istio's precedence order: private to the
   * namespace, then exported to it, then public; each oldest first (`SelectVirtualServices`).
   */
  forNamespace(namespace: string): readonly VirtualServiceSpec[];
}

/** Builds the index from every VirtualService of the client's cluster. */
export function indexVirtualServices(
  virtualServices: readonly VirtualServiceSpec[],
  cluster: string,
): { index: VirtualServiceIndex; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const ordered = [...virtualServices].sort(compareByCreation);
  const delegates = new Map<string, VirtualServiceSpec>();
  for (const vs of ordered) if (vs.hosts.length === 0) delegates.set(`${vs.namespace}/${vs.name}`, vs);
  const all: VirtualServiceSpec[] = [];
  for (const vs of ordered) {
    if (vs.hosts.length === 0 || !vs.gateways.includes(MESH_GATEWAY)) continue;
    if (!vs.http.some((r) => r.action.kind === "delegate")) {
      all.push(vs);
      continue;
    }
    const expanded = expandDelegates(vs, delegates, cluster);
    diagnostics.push(...expanded.diagnostics);
    all.push({ ...vs, http: expanded.http });
  }
  diagnostics.push(...duplicateHostDiagnostics(all, cluster));
  const privateByNamespace = new Map<string, VirtualServiceSpec[]>();
  const exportedToNamespace = new Map<string, VirtualServiceSpec[]>();
  const publicList: VirtualServiceSpec[] = [];
  const push = (map: Map<string, VirtualServiceSpec[]>, key: string, vs: VirtualServiceSpec) => {
    const list = map.get(key) ?? [];
    list.push(vs);
    map.set(key, list);
  };
  for (const vs of all) {
    if (vs.exportTo.public) {
      publicList.push(vs);
      continue;
    }
    if (vs.exportTo.private) push(privateByNamespace, vs.namespace, vs);
    for (const namespace of vs.exportTo.namespaces) push(exportedToNamespace, namespace, vs);
  }
  const cache = new Map<string, readonly VirtualServiceSpec[]>();
  return {
    diagnostics,
    index: {
      all,
      forNamespace(namespace) {
        let list = cache.get(namespace);
        if (list === undefined) {
          list = [
            ...(privateByNamespace.get(namespace) ?? []),
            ...(exportedToNamespace.get(namespace) ?? []),
            ...publicList,
          ];
          cache.set(namespace, list);
        }
        return list;
      },
    },
  };
}

/**
 * The VirtualServices a Sidecar egress listener imports (`SelectVirtualServices`): a VirtualService
 * is taken when one of its hosts is imported by the egress hosts of its own namespace or of `*`,
 * and not excluded by a `~` entry; each at most once, in the candidates' order.
 */
export function selectVirtualServices(
  candidates: readonly VirtualServiceSpec[],
  hostsByNamespace: ReadonlyMap<string, EgressHosts>,
): VirtualServiceSpec[] {
  const anyNamespace = hostsByNamespace.get(ANY_NAMESPACE);
  return candidates.filter((vs) => {
    const own = hostsByNamespace.get(vs.namespace);
    return vs.hosts.some((host) => {
      if (egressExcludesHost(own, host) || egressExcludesHost(anyNamespace, host)) return false;
      return (
        (own !== undefined && egressImportsVirtualServiceHost(own, host)) ||
        (anyNamespace !== undefined && egressImportsVirtualServiceHost(anyNamespace, host))
      );
    });
  });
}

/**
 * Two public (or same-namespace) VirtualServices for the same host: sidecars use only the first
 * (oldest) — the later one's virtual host is a duplicate and dropped (IST0109).
 */
function duplicateHostDiagnostics(all: readonly VirtualServiceSpec[], cluster: string): Diagnostic[] {
  const first = new Map<string, VirtualServiceSpec>();
  const out: Diagnostic[] = [];
  for (const vs of all) {
    const scope = vs.exportTo.public ? "*" : `ns:${vs.namespace}`;
    for (const host of vs.hosts) {
      const key = `${scope}|${host}`;
      const winner = first.get(key);
      if (winner === undefined) first.set(key, vs);
      else if (winner !== vs)
        out.push(
          routingDiagnostic("VS_DUPLICATE_HOST", {
            message: `${vs.ref} and ${winner.ref} both route ${host}; sidecars use ${winner.ref} (the older one)`,
            path: "$.spec.hosts",
            cluster,
          }),
        );
    }
  }
  return out;
}
