import { type Cluster, getOrCreate, memoizeWeak, NO_LOCALITY } from "@meshwright/core";
import { augmentLabels } from "../compile/topology-labels";
import type { NetworkGateway } from "../model/endpoint";
import type { ProxyView } from "../model/proxy";

/**
 * An east-west gateway's Envoy as its istiod sees it. The model records no gateway pods, so the
 * gateway is placed on its cluster's first node (its locality drives its own locality LB), and its
 * requested network view is its own network (`ISTIO_META_REQUESTED_NETWORK_VIEW`, gen-eastwest-gateway.sh).
 *
 * One object per (cluster object, network, gateway): what istiod derives per proxy (its Sidecar
 * scope, the DestinationRules it sees, its class) is kept per proxy object, and a gateway is asked
 * for by every client whose view reaches it; a fresh object per gateway view derived them again.
 */
export function gatewayProxy(cluster: Cluster, network: string, namespace: string, name: string): ProxyView {
  const byCluster = getOrCreate(GATEWAY_PROXIES, cluster, () => new Map<string, ProxyView>());
  return getOrCreate(byCluster, `${network}|${namespace}/${name}`, () =>
    Object.freeze(newGatewayProxy(cluster, network, namespace, name)),
  );
}

const GATEWAY_PROXIES = new WeakMap<Cluster, Map<string, ProxyView>>();

/** An east-west gateway of istiod's EDS index as hops and rows name it: `<cluster>/<namespace>/<name>`. */
export const networkGatewayId = memoizeWeak((gw: NetworkGateway) => `${gw.cluster}/${gw.name}`);

function newGatewayProxy(cluster: Cluster, network: string, namespace: string, name: string): ProxyView {
  const node = cluster.nodes[0];
  const locality = node?.locality ?? NO_LOCALITY;
  return {
    kind: "eastwest-gateway",
    workloadId: `${cluster.name}/${namespace}/${name}`,
    cluster: cluster.name,
    namespace,
    network,
    locality,
    labels: augmentLabels(
      { istio: "eastwestgateway", app: "istio-eastwestgateway" },
      { locality, cluster: cluster.name, network, ...(node ? { node: node.name } : {}) },
    ),
    ipFamilies: cluster.ipFamilies,
    requestedNetworkView: [network],
    ...(node ? { node: node.name } : {}),
  };
}
