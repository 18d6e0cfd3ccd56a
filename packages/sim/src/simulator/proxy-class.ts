import { getOrCreate, memoizeWeak } from "@meshwright/core";
import type { ProxyView } from "../model/proxy";
import type { SimContext } from "./context";
import { labelsKey } from "./labels-key";

/**
 * Everything istiod reads from a proxy when it computes that proxy's endpoints and load balancing
 * (kind, cluster, namespace, network, locality, node, labels, IP families, requested network
 * view). The workload id is left out on purpose: istiod does not read it.
 */
const classOf = memoizeWeak((proxy: ProxyView) =>
  JSON.stringify([
    proxy.kind,
    proxy.cluster,
    proxy.namespace,
    proxy.network,
    proxy.locality,
    proxy.node ?? "",
    labelsKey(proxy.labels),
    proxy.ipFamilies,
    proxy.requestedNetworkView,
  ]),
);

/**
 * The proxy's class in `ctx`, as a short key (`pc<n>`). Proxies of one class get the same
 * configuration from the same istiod — the replicas of a Deployment on one node do — so what is
 * computed for one serves them all.
 */
export function proxyClassKey(ctx: SimContext, proxy: ProxyView): string {
  const ids = ctx.memos.proxyClassIds;
  return getOrCreate(ids, classOf(proxy), () => `pc${ids.size}`);
}
