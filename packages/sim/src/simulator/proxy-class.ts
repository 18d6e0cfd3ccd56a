import type { ProxyView } from "../model/proxy";

const KEYS = new WeakMap<ProxyView, string>();
/** Short ids of the classes seen, so memo keys built from them stay short (they are hashed per query). */
const IDS = new Map<string, string>();

/**
 * Everything istiod reads from a proxy when it computes that proxy's endpoints and load balancing
 * (kind, cluster, namespace, network, locality, node, labels, IP families, requested network
 * view), as a key. Proxies with the same key get the same configuration from the same istiod —
 * the replicas of a Deployment on one node do — so what is computed for one serves them all.
 * The workload id is left out on purpose: istiod does not read it. The key is a short id
 * (`pc<n>`), the same for equal classes within the process.
 */
export function proxyClassKey(proxy: ProxyView): string {
  let key = KEYS.get(proxy);
  if (key === undefined) {
    const labels = Object.keys(proxy.labels)
      .sort()
      .map((k) => [k, proxy.labels[k]]);
    const full = JSON.stringify([
      proxy.kind,
      proxy.cluster,
      proxy.namespace,
      proxy.network,
      proxy.locality,
      proxy.node ?? "",
      labels,
      proxy.ipFamilies,
      proxy.requestedNetworkView,
    ]);
    key = IDS.get(full);
    if (key === undefined) {
      key = `pc${IDS.size}`;
      IDS.set(full, key);
    }
    KEYS.set(proxy, key);
  }
  return key;
}
