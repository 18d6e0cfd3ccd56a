import type { Cluster, Mesh } from "@meshwright/core";

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
 * UID's traffic before it jumps to the DNS redirect). A Service of the cluster answers its ClusterIPs; any other name goes
 * upstream, where the mesh knows the load balancer names of its east-west gateways (`resolvesTo`).
 */
export function resolveEndpointHostname(mesh: Mesh, cluster: Cluster, hostname: string): ResolvedHostname {
  const name = hostname.endsWith(".") ? hostname.slice(0, -1) : hostname;
  const service = cluster.services.find((s) => s.hostname === name && !s.headless);
  if (service && service.clusterIps.length > 0)
    return { addresses: service.clusterIps, answeredBy: "kube-dns" };
  for (const c of mesh.clusters) {
    for (const gateway of c.gateways) {
      const address = gateway.address;
      if (address && "hostname" in address && address.hostname === name) {
        return { addresses: address.resolvesTo, answeredBy: "public DNS" };
      }
    }
  }
  return { addresses: [], answeredBy: "none" };
}
