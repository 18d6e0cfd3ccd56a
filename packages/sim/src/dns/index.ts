/**
 * DNS as a meshed pod experiences it: the resolver's search list, kube-dns (own cluster only), the
 * sidecar DNS proxy's name table and ztunnel's DNS proxy.
 */
export * from "./dns-answer";
export * from "./dns-registry";
export * from "./istio-dns-proxy";
export * from "./kube-dns";
export * from "./resolv-conf";
export * from "./resolve-name";
export * from "./ztunnel-dns";
