import { localityString, type Workload } from "@meshwright/core";
import type { DistributionSummary } from "../trace/trace";
import type { SimContext } from "./context";
import { summarise } from "./distribution-summary";

/** The ready pods kube-proxy of a node in `cluster` balances a ClusterIP over: the Service's, in that cluster. */
export function kubeProxyPods(ctx: SimContext, cluster: string, address: string) {
  const service = ctx.index.cluster(cluster).services.find((s) => s.clusterIps.includes(address));
  const pods = service
    ? ctx.index
        .selectedWorkloads(service)
        .filter((w) => w.health === "healthy" && !ctx.faults.isUnhealthy(w.id))
    : [];
  return { service, pods };
}

/** kube-proxy: the ready pods of the Service with this ClusterIP in the client's own cluster, evenly. */
export function kubeProxyDistribution(
  ctx: SimContext,
  client: Workload,
  address: string,
): DistributionSummary {
  const { service, pods } = kubeProxyPods(ctx, client.cluster, address);
  return summarise(
    "kube-proxy",
    pods.map((w) => ({
      workload: w.id,
      cluster: w.cluster,
      network: w.network,
      locality: localityString(w.locality),
      address: w.ips[0] ?? "",
      priority: 0,
      share: 1 / pods.length,
    })),
    [
      service
        ? `kube-proxy spreads connections evenly over the ${pods.length} ready pod(s) of ${service.id} in ${client.cluster}`
        : `${address} is no Service of ${client.cluster}`,
    ],
  );
}
