import type { ProxyView } from "../model/proxy";

/**
 * True when a proxy on `proxyNetwork` is on `network`; an empty network on either side matches
 * anything (`model/context.go` Proxy.InNetwork, `identifier.IsSameOrEmpty`).
 */
export function inNetwork(proxyNetwork: string, network: string): boolean {
  return proxyNetwork === "" || network === "" || proxyNetwork === network;
}

/**
 * Whether an endpoint's network is in the proxy's `ISTIO_META_REQUESTED_NETWORK_VIEW`: an empty
 * view sees everything, and endpoints with no network are always visible (`model/proxy_view.go`).
 */
export function isVisibleToProxy(proxy: Pick<ProxyView, "requestedNetworkView">, network: string): boolean {
  return (
    proxy.requestedNetworkView.length === 0 || network === "" || proxy.requestedNetworkView.includes(network)
  );
}

/** True for sidecar proxies (`isSidecarProxy` in endpoint_builder.go). */
export function isSidecar(proxy: Pick<ProxyView, "kind">): boolean {
  return proxy.kind === "sidecar";
}
