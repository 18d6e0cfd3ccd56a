import { CLUSTER_DOMAIN, type Cluster, getOrCreate, type Mesh, memoizeWeak } from "@meshwright/core";
import { type KubeDns, kubeDnsFor, type UpstreamResolver } from "../dns/kube-dns";

/** What a DNS ServiceEntry endpoint's hostname resolves to from one cluster, and who answered. */
export interface ResolvedHostname {
  readonly addresses: readonly string[];
  /** `kube-dns` (a Service of the cluster), `public DNS` (a load balancer name), or nothing found. */
  readonly answeredBy: "kube-dns" | "public DNS" | "none";
}

/**
 * How Envoy resolves the hostname endpoint of a `resolution: DNS` ServiceEntry: the cluster is
 * STRICT_DNS (Istio `cluster.go` convertResolution; its load assignment keeps hostnames, unlike an
 * EDS one), and Envoy asks the pod's resolver — kube-dns, since the proxy's own DNS traffic is not
 * captured by the agent (`tools/istio-iptables/pkg/capture/run.go`: ISTIO_OUTPUT returns the proxy
 * UID's traffic before it jumps to the DNS redirect). kube-dns answers the Services of its cluster
 * and forwards any other name upstream, where the mesh knows the load balancer names of its
 * east-west gateways (`resolvesTo`).
 */
export function resolveEndpointHostname(mesh: Mesh, cluster: Cluster, hostname: string): ResolvedHostname {
  const name = hostname.endsWith(".") ? hostname.slice(0, -1) : hostname;
  const answer = endpointResolver(mesh, cluster).answer(name);
  if (answer.status !== "ok") return { addresses: [], answeredBy: "none" };
  return {
    addresses: answer.addresses,
    answeredBy: answer.answeredBy === "kube-dns" ? "kube-dns" : "public DNS",
  };
}

/** kube-dns of each cluster with the mesh's gateway load balancer names upstream, per mesh. */
const RESOLVERS = new WeakMap<Mesh, WeakMap<Cluster, KubeDns>>();

function endpointResolver(mesh: Mesh, cluster: Cluster): KubeDns {
  const byCluster = getOrCreate(RESOLVERS, mesh, () => new WeakMap<Cluster, KubeDns>());
  return getOrCreate(byCluster, cluster, () => kubeDnsFor(cluster, CLUSTER_DOMAIN, gatewayNames(mesh)));
}

/** Public DNS as far as the mesh knows it: the load balancer names of its east-west gateways. */
const gatewayNames = memoizeWeak((mesh: Mesh): UpstreamResolver => {
  const byName = new Map<string, readonly string[]>();
  for (const c of mesh.clusters) {
    for (const gateway of c.gateways) {
      const address = gateway.address;
      if (address && "hostname" in address && !byName.has(address.hostname))
        byName.set(address.hostname, address.resolvesTo);
    }
  }
  return (name) => byName.get(name);
});
