import type { Workload } from "../workload";
import type { Labels } from "./label-selector";

/** The label that names an endpoint's, a namespace's or a gateway's network. */
export const NETWORK_LABEL = "topology.istio.io/network";

/** Istio's system namespace, whose network label sets the cluster's network (istio-semantics §3.1). */
export const SYSTEM_NAMESPACE = "istio-system";

/** A workload's network and where it came from. */
export interface NetworkChoice {
  readonly network: string;
  readonly source: Workload["networkSource"];
}

/**
 * The network of an endpoint (istio-semantics §3.1, `kube/controller/controller.go` Network):
 * its own `topology.istio.io/network` label, else the label on the cluster's `istio-system`
 * namespace, else the cluster's declared network (what MeshNetworks `fromRegistry` would give).
 */
export function resolveNetwork(
  workloadLabels: Labels,
  systemNamespaceNetwork: string | undefined,
  clusterNetwork: string,
): NetworkChoice {
  const own = workloadLabels[NETWORK_LABEL];
  if (own !== undefined && own !== "") return { network: own, source: "workload-label" };
  if (systemNamespaceNetwork !== undefined && systemNamespaceNetwork !== "") {
    return { network: systemNamespaceNetwork, source: "namespace-label" };
  }
  return { network: clusterNetwork, source: "cluster" };
}
