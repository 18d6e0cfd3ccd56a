import { istioObjects, type KubeObject } from "@meshwright/core";
import { effectivePeerAuthentication, type MtlsMode } from "../authz";
import type { RegistryEndpoint } from "../model/endpoint";
import type { MeshIndex } from "./mesh-index";

/** A lookup per (mesh index, config objects): built once, so its memo serves every later query. */
const LOOKUPS = new WeakMap<
  MeshIndex,
  WeakMap<readonly KubeObject[], (endpoint: RegistryEndpoint) => MtlsMode>
>();

/**
 * The PeerAuthentication mode a client's istiod attributes to an endpoint's workload port, from the
 * PeerAuthentications of *its own* cluster (config is read only from the istiod's cluster,
 * istio-semantics §4.4; the auto-mTLS check reads them, `mtls_checker.go`). Memoised per workload
 * and port, and the lookup itself per (index, resources): the model is immutable.
 */
export function peerAuthModeLookup(
  resources: readonly KubeObject[],
  index: MeshIndex,
  rootNamespace: string,
): (endpoint: RegistryEndpoint) => MtlsMode {
  let byResources = LOOKUPS.get(index);
  if (!byResources) {
    byResources = new WeakMap();
    LOOKUPS.set(index, byResources);
  }
  let lookup = byResources.get(resources);
  if (!lookup) {
    lookup = buildLookup(resources, index, rootNamespace);
    byResources.set(resources, lookup);
  }
  return lookup;
}

function buildLookup(
  resources: readonly KubeObject[],
  index: MeshIndex,
  rootNamespace: string,
): (endpoint: RegistryEndpoint) => MtlsMode {
  const policies = istioObjects(resources, "PeerAuthentication");
  // Only the root namespace's and the workload's own namespace's policies are candidates (§2.8,
  // `ComposePeerAuthentication`); filtering keeps their order, which breaks creation-time ties.
  const byNamespace = new Map<string, typeof policies>();
  const candidates = (namespace: string) => {
    let list = byNamespace.get(namespace);
    if (!list) {
      list = policies.filter((p) => {
        const own: unknown = p.metadata?.namespace;
        return typeof own !== "string" || own === namespace || own === rootNamespace;
      });
      byNamespace.set(namespace, list);
    }
    return list;
  };
  const memo = new Map<string, MtlsMode>();
  return (endpoint) => {
    if (policies.length === 0) return "PERMISSIVE";
    const workload = index.workloads.get(endpoint.workloadId);
    const namespace = workload?.namespace ?? "";
    const relevant = candidates(namespace);
    // No candidate policy: Istio's default, PERMISSIVE (nothing to compose).
    if (relevant.length === 0) return "PERMISSIVE";
    const key = `${endpoint.workloadId}:${endpoint.port}`;
    let mode = memo.get(key);
    if (mode === undefined) {
      mode = effectivePeerAuthentication({
        policies: relevant,
        namespace,
        labels: workload?.labels ?? endpoint.labels,
        port: endpoint.port,
        rootNamespace,
      }).mode;
      memo.set(key, mode);
    }
    return mode;
  };
}
