/**
 * @meshwright/providers: what meshwright renders for real clusters. So far: the remote secret
 * each istiod needs to read another cluster's API server, exactly as istioctl writes it.
 */
export * from "./remote-secret";
