import type { Cluster, Workload } from "@meshwright/core";
import type { ProxyKind, ProxyView } from "../model/proxy";
import { augmentLabels } from "./topology-labels";

/** The proxy that handles a workload's outbound traffic, as istiod sees it (labels augmented). */
export function proxyViewOf(workload: Workload, cluster: Cluster, kind: ProxyKind): ProxyView {
  return {
    kind,
    workloadId: workload.id,
    cluster: workload.cluster,
    namespace: workload.namespace,
    network: workload.network,
    locality: workload.locality,
    labels: augmentLabels(workload.labels, workload),
    ipFamilies: cluster.ipFamilies,
    requestedNetworkView: [],
    ...(workload.node ? { node: workload.node } : {}),
  };
}

/** The proxy kind that intercepts a workload's traffic, or undefined for workloads outside the mesh. */
export function proxyKindOf(workload: Workload): ProxyKind | undefined {
  switch (workload.dataplane) {
    case "sidecar":
      return "sidecar";
    case "ambient":
      return "ztunnel";
    case "none":
      return undefined;
  }
}
