import type { Cluster, ServiceModel } from "@meshwright/core";
import { type DnsAnswer, found, nxdomain } from "./dns-answer";

/**
 * The cluster's own DNS (CoreDNS / kube-dns): it knows only the Services of **its own cluster**
 * (istio-semantics §4.3) — a Service that exists only in another cluster is NXDOMAIN here, which is
 * why Istio's multicluster docs require the Service in every calling cluster unless DNS proxying is on.
 */
export interface KubeDns {
  /** Answers one fully-qualified query name. */
  answer(name: string): DnsAnswer;
}

/** Upstream resolution of names outside the cluster domain (none known by default). */
export type UpstreamResolver = (name: string) => readonly string[] | undefined;

/**
 * Builds kube-dns for a cluster: `<service>.<namespace>.svc.<domain>` answers the ClusterIP(s), or
 * for headless Services the IPs of ready selected pods (all pods with publishNotReadyAddresses);
 * a headless Service with no such pod is NXDOMAIN (CoreDNS has no record to return). Names outside
 * `<domain>` are forwarded upstream. Pod A records and `<hostname>.<subdomain>` records are not modelled.
 */
export function kubeDnsFor(cluster: Cluster, domain: string, upstream?: UpstreamResolver): KubeDns {
  const services = new Map<string, ServiceModel>();
  for (const service of cluster.services) {
    if (service.origin !== "kubernetes") continue;
    services.set(`${service.name}.${service.namespace}.svc.${domain}`, service);
  }
  const pods = new Map<ServiceModel, string[]>();
  const podsOf = (service: ServiceModel) => {
    const cached = pods.get(service);
    if (cached) return cached;
    const selector = service.selector;
    const ips = selector === null ? [] : selectPods(service, selector);
    pods.set(service, ips);
    return ips;
  };
  const selectPods = (service: ServiceModel, selector: Readonly<Record<string, string>>) =>
    cluster.workloads
      .filter(
        (w) =>
          w.namespace === service.namespace &&
          w.kind === "Pod" &&
          (w.health === "healthy" || (service.publishNotReadyAddresses && w.health !== "terminating")) &&
          Object.entries(selector).every(([k, v]) => w.labels[k] === v),
      )
      .flatMap((w) => w.ips);
  return {
    answer(name) {
      if (name !== domain && !name.endsWith(`.${domain}`)) {
        const addresses = upstream?.(name);
        return addresses === undefined
          ? nxdomain(
              "upstream",
              `${name} is not a ${domain} name; kube-dns forwards it upstream, which does not know it`,
            )
          : found("upstream", name, addresses, `${name} answered by the upstream resolver`);
      }
      const service = services.get(name);
      if (service === undefined) {
        return nxdomain(
          "kube-dns",
          `kube-dns of ${cluster.name} has no Service ${name} (kube-dns only knows the Services of its own cluster)`,
        );
      }
      const key = `${service.namespace}/${service.hostname}`;
      if (service.type === "ExternalName")
        return found(
          "kube-dns",
          key,
          [],
          `${name} is an ExternalName Service (a CNAME, not modelled further)`,
        );
      if (!service.headless)
        return found("kube-dns", key, service.clusterIps, `Service ${name} of ${cluster.name}: ClusterIP`);
      const pods = podsOf(service);
      return pods.length > 0
        ? found("kube-dns", key, pods, `headless Service ${name} of ${cluster.name}: IPs of its ready pods`)
        : nxdomain(
            "kube-dns",
            `headless Service ${name} of ${cluster.name} has no ready pods, so no records`,
          );
    },
  };
}
