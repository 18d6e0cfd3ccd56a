import { visibleIn } from "../routing";
import { type DnsAnswer, found } from "./dns-answer";
import type { DnsRegistry, DnsService, DnsServiceInstance } from "./dns-registry";

/** The ambient client whose ztunnel answers its DNS. */
export interface ZtunnelDnsClient {
  readonly cluster: string;
  readonly namespace: string;
  readonly network: string;
  /** The resolver's search domains (stripped from query names to find aliases). */
  readonly search: readonly string[];
}

/**
 * ztunnel's DNS proxy (`ztunnel src/dns/server.rs` find_server / get_addresses): for a query name it
 * tries the name, its Kubernetes expansions and the name with each search domain stripped (each also
 * as `*.parent` wildcards) against the services in the ztunnel's WDS — the client cluster's own
 * services plus GLOBAL services of the clusters its istiod reads, and ServiceEntries — keeping services
 * visible to the client's namespace, preferring its namespace. A found service answers only its VIPs
 * **on the client's network**; none → authoritative NOERROR with no records (`nodata`). Headless
 * services answer endpoint IPs. Unknown names → undefined (forwarded to kube-dns).
 */
export function ztunnelDnsAnswer(
  name: string,
  client: ZtunnelDnsClient,
  registry: DnsRegistry,
  domain: string,
): DnsAnswer | undefined {
  for (const alias of aliases(name, client, domain)) {
    for (const candidate of registry.hasWildcards ? wildcards(alias) : [alias]) {
      const services = registry
        .byHostname(candidate)
        .map((s) => ({ service: s, instances: inWds(s, client.cluster) }))
        .filter(
          ({ service, instances }) =>
            (service.origin === "service-entry" || instances.length > 0) &&
            (hasVips(service, instances) || service.hostname.endsWith(`.svc.${domain}`)) &&
            visibleIn(service.exportTo, service.namespace, client.namespace),
        );
      const best = services.find((s) => s.service.namespace === client.namespace) ?? services[0];
      if (best === undefined) continue;
      return answerFor(best.service, best.instances, client, candidate);
    }
  }
  return undefined;
}

/** The service's copies in the client's WDS: its own cluster's, and GLOBAL ones of other clusters. */
function inWds(service: DnsService, cluster: string): DnsServiceInstance[] {
  return service.instances.filter((i) => i.cluster === cluster || i.global);
}

function hasVips(service: DnsService, instances: readonly DnsServiceInstance[]): boolean {
  return (
    instances.some((i) => i.clusterIps.length > 0) ||
    service.addresses.length > 0 ||
    service.autoAllocated.length > 0
  );
}

function answerFor(
  service: DnsService,
  instances: readonly DnsServiceInstance[],
  client: ZtunnelDnsClient,
  matched: string,
): DnsAnswer {
  const key = `${service.namespace}/${service.aliasOf ?? service.hostname}`;
  if (!hasVips(service, instances)) {
    const endpoints = [...new Set(instances.flatMap((i) => i.endpoints.map((e) => e.address)))];
    return found("ztunnel-dns", key, endpoints, `ztunnel DNS: headless ${matched} → its endpoint IPs`);
  }
  // VIPs carry the network of the cluster that owns them; ServiceEntry VIPs the network of the
  // istiod's cluster; ECS services (auto-allocated) are reachable from every network.
  const local = instances.flatMap((i) => (i.network === client.network ? i.clusterIps : []));
  const vips = [
    ...local,
    ...(service.origin === "service-entry" ? [...service.addresses, ...service.autoAllocated] : []),
    ...(service.origin === "ecs" ? service.autoAllocated : []),
  ];
  if (vips.length === 0 && service.origin === "kubernetes" && service.autoAllocated.length > 0) {
    // Solo global service (meshwright's documented assumption, docs/semantics.md): its global VIP
    // answers on every network, under the global hostname and the Kubernetes name alike.
    return found(
      "ztunnel-dns",
      key,
      service.autoAllocated,
      `ztunnel DNS: ${matched} → the global VIP of Solo global service ${key} (no VIP on ${client.network}; Solo flavour assumption)`,
    );
  }
  return found(
    "ztunnel-dns",
    key,
    [...new Set(vips)],
    vips.length > 0
      ? `ztunnel DNS: ${matched} → its VIPs on the client's network ${client.network}`
      : `ztunnel DNS: ${matched} has VIPs only on ${vipNetworks(instances).join(", ")}, none on the client's network ${client.network}: empty NOERROR`,
  );
}

/** The networks holding the instances' VIPs, in instance order. */
function vipNetworks(instances: readonly DnsServiceInstance[]): string[] {
  return [...new Set(instances.filter((i) => i.clusterIps.length > 0).map((i) => i.network))];
}

/** `get_aliases`: the name, its Kubernetes FQDN forms, and the name with each search domain stripped. */
function aliases(name: string, client: ZtunnelDnsClient, domain: string): string[] {
  const out: string[] = [];
  const add = (n: string) => {
    if (!out.includes(n)) out.push(n);
  };
  add(name);
  for (const fqdn of kubeFqdns(name, client.namespace, domain)) add(fqdn);
  for (const search of client.search) {
    if (!name.endsWith(`.${search}`)) continue;
    const stripped = name.slice(0, -(search.length + 1));
    add(stripped);
    for (const fqdn of kubeFqdns(stripped, client.namespace, domain)) add(fqdn);
  }
  return out;
}

/** `to_kube_fqdns`: expansions a name of 1–4 labels may stand for. */
function kubeFqdns(name: string, namespace: string, domain: string): string[] {
  const labels = name.split(".");
  const svcDomain = `svc.${domain}`;
  switch (labels.length) {
    case 1:
      return [`${name}.${namespace}.${svcDomain}`];
    case 2:
      return [`${name}.${svcDomain}`, `${name}.${namespace}.${svcDomain}`];
    case 3:
      return labels[2] === "svc" ? [`${name}.${domain}`, `${name}.${svcDomain}`] : [`${name}.${svcDomain}`];
    case 4:
      return labels[3] === "svc" ? [`${name}.${domain}`] : [];
    default:
      return [];
  }
}

/** `get_wildcards`: `a.b.c` → `a.b.c`, `*.b.c`, `*.c`. */
function wildcards(name: string): string[] {
  const labels = name.split(".");
  const out = [name];
  for (let i = 1; i < labels.length; i++) out.push(`*.${labels.slice(i).join(".")}`);
  return out;
}
