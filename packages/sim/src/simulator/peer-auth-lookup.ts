import { istioObjects, type KubeObject } from "@meshwright/core";
import { effectivePeerAuthentication, type MtlsMode } from "../authz";
import type { RegistryEndpoint } from "../model/endpoint";
import type { MeshIndex } from "./mesh-index";

/**
 * The PeerAuthentication mode a client's istiod attributes to an endpoint's workload port, from the
 * PeerAuthentications of *its own* cluster (config is read only from the istiod's cluster,
 * istio-semantics §4.4; the auto-mTLS check reads them, `mtls_checker.go`). Memoised per workload
 * and port.
 */
export function peerAuthModeLookup(
  resources: readonly KubeObject[],
  index: MeshIndex,
  rootNamespace: string,
): (endpoint: RegistryEndpoint) => MtlsMode {
  const policies = istioObjects(resources, "PeerAuthentication");
  const memo = new Map<string, MtlsMode>();
  return (endpoint) => {
    if (policies.length === 0) return "PERMISSIVE";
    const key = `${endpoint.workloadId}:${endpoint.port}`;
    let mode = memo.get(key);
    if (mode === undefined) {
      const workload = index.workloads.get(endpoint.workloadId);
      mode = effectivePeerAuthentication({
        policies,
        namespace: workload?.namespace ?? "",
        labels: workload?.labels ?? endpoint.labels,
        port: endpoint.port,
        rootNamespace,
      }).mode;
      memo.set(key, mode);
    }
    return mode;
  };
}
