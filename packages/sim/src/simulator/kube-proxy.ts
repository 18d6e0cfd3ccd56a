import { localityString, memoizeWeak, type ServiceModel, type Workload } from "@meshwright/core";
import { resolveTargetPort } from "../compile/registry-endpoint";
import type { DistributionSummary } from "../trace/trace";
import type { SimContext } from "./context";
import { summarise } from "./distribution-summary";

/** A cluster's Services by ClusterIP (the first Service claiming an address wins, as a scan would find it). */
const servicesByClusterIp = memoizeWeak((services: readonly ServiceModel[]) => {
  const byIp = new Map<string, ServiceModel>();
  for (const service of services)
    for (const ip of service.clusterIps) if (!byIp.has(ip)) byIp.set(ip, service);
  return byIp;
});

/** The ready pods kube-proxy of a node in `cluster` balances a ClusterIP over: the Service's, in that cluster. */
export function kubeProxyPods(ctx: SimContext, cluster: string, address: string) {
  const service = servicesByClusterIp(ctx.index.cluster(cluster).services).get(address);
  const pods = service ? ctx.index.selectedWorkloads(service).filter((w) => ctx.faults.isReady(w)) : [];
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

/** What kube-proxy does with a connection to a ClusterIP: the Service, its ready pods, and where it lands. */
export interface KubeProxyDnat {
  /** The Service whose ClusterIP `address` is, in the node's cluster (undefined: no ClusterIP). */
  readonly service?: ServiceModel;
  readonly pods: readonly Workload[];
  /** The pod the DNAT picks (seeded, evenly over the ready pods); undefined when none is ready. */
  readonly pod?: Workload;
  /** The port on the pod: the Service port's target port (a named one resolved on the pod). */
  readonly port: number;
}

/**
 * kube-proxy on a node of `cluster` translating `address`:`port` (iptables/IPVS DNAT): one of the
 * ready pods of the Service with that ClusterIP, picked by a seeded uniform choice, and the target
 * port on it. Without `pick` (the seeded index among `count` pods) no pod is picked and the port is
 * the first pod's.
 */
export function kubeProxyDnat(
  ctx: SimContext,
  cluster: string,
  address: string,
  port: number,
  pick?: (count: number) => number,
): KubeProxyDnat {
  const { service, pods } = kubeProxyPods(ctx, cluster, address);
  if (!service) return { pods, port };
  const pod = pick === undefined ? undefined : pods[pick(pods.length)];
  const servicePort = service.ports.find((p) => p.port === port);
  const on = pod ?? pods[0];
  const target = on && servicePort ? (resolveTargetPort(servicePort, on) ?? port) : port;
  return { service, pods, ...(pod ? { pod } : {}), port: target };
}
