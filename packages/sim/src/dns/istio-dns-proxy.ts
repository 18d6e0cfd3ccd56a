import type { IpFamily } from "@meshwright/core";
import type { SidecarScope } from "../routing";
import { type DnsAnswer, found } from "./dns-answer";
import type { DnsRegistry, DnsService } from "./dns-registry";

/** The client of the sidecar DNS proxy. */
export interface DnsProxyClient {
  readonly cluster: string;
  readonly namespace: string;
  readonly network: string;
  readonly ipFamilies: readonly IpFamily[];
}

/** Settings of the agent's name table. */
export interface DnsProxySettings {
  readonly domain: string;
  /**
   * Whether the proxy answers auto-allocated ServiceEntry addresses (`nodeUsesAutoallocatedIPs`:
   * DNS capture on and either allocator enabled).
   */
  readonly usesAutoAllocated: boolean;
  /** `ENABLE_MULTICLUSTER_HEADLESS` (default true): headless records include other clusters' pods (same network). */
  readonly multiclusterHeadless: boolean;
}

/**
 * The istio-agent DNS proxy of a sidecar with `ISTIO_META_DNS_CAPTURE=true`
 * (`pkg/dns/server/name_table.go` BuildNameTable, `pkg/dns/client/dns.go` lookup table): it knows
 * the services of the proxy's Sidecar scope and answers
 * - `<fqdn>`, and for Kubernetes services `<name>.<ns>`, `<name>.<ns>.svc`, `<name>` (own namespace only);
 * - each of those followed by the first search domain (`…<proxy ns>.svc.<domain>`) as a CNAME to it,
 *   so the resolver's first search-list query already hits;
 * - `*.suffix` ServiceEntry hosts for any name under the suffix.
 * Addresses: the VIP of the proxy's own cluster, else the auto-allocated address, else the default
 * address (the first cluster's VIP — so a Service that exists only remotely still resolves);
 * headless: ready pod IPs on the proxy's network. Returns undefined for names not in the table
 * (the agent forwards those to kube-dns).
 */
export function istioDnsProxyAnswer(
  name: string,
  client: DnsProxyClient,
  scope: SidecarScope,
  registry: DnsRegistry,
  settings: DnsProxySettings,
): DnsAnswer | undefined {
  const firstSearch = `.${client.namespace}.svc.${settings.domain}`;
  const candidates = [name];
  if (name.endsWith(firstSearch) && name.length > firstSearch.length)
    candidates.push(name.slice(0, -firstSearch.length));
  for (const candidate of candidates) {
    for (const hostname of aliasesOf(candidate, client.namespace, settings.domain)) {
      const hit = lookup(hostname, candidate !== hostname, client, scope, registry, settings);
      if (hit)
        return {
          ...hit,
          reason: `${hit.reason}${candidate !== name ? ` (CNAME ${name} → ${candidate})` : ""}`,
        };
    }
  }
  if (!registry.hasWildcards) return undefined;
  const labels = name.split(".");
  for (let i = 1; i < labels.length; i++) {
    const wildcard = `*.${labels.slice(i).join(".")}`;
    const hit = lookup(wildcard, false, client, scope, registry, settings);
    if (hit) return hit;
  }
  return undefined;
}

/** The service hostnames a query name may be an alias of (`generateAltHosts`, reversed). */
function aliasesOf(name: string, namespace: string, domain: string): string[] {
  const labels = name.split(".");
  const out = [name];
  if (labels.length === 1) out.push(`${name}.${namespace}.svc.${domain}`);
  else if (labels.length === 2) out.push(`${name}.svc.${domain}`);
  else if (labels.length === 3 && labels[2] === "svc") out.push(`${name}.${domain}`);
  return out;
}

function lookup(
  hostname: string,
  viaAlias: boolean,
  client: DnsProxyClient,
  scope: SidecarScope,
  registry: DnsRegistry,
  settings: DnsProxySettings,
): DnsAnswer | undefined {
  let service: DnsService | undefined;
  for (const listener of scope.listeners) {
    const imported = listener.service(hostname);
    if (imported === undefined) continue;
    service = registry.byHostname(hostname).find((s) => s.namespace === imported.namespace);
    if (service) break;
  }
  // Short-name aliases exist only for Kubernetes services (ServiceEntries are answered by full name).
  if (service === undefined || (viaAlias && service.registry !== "Kubernetes")) return undefined;
  const { addresses, why } = addressesForProxy(service, client, settings);
  if (addresses.length === 0) return undefined;
  return found(
    "istio-dns-proxy",
    `${service.namespace}/${service.hostname}`,
    addresses,
    `sidecar DNS proxy: ${hostname} → ${why}`,
  );
}

function familyFilter(client: DnsProxyClient): (address: string) => boolean {
  const v4 = client.ipFamilies.includes("IPv4");
  const v6 = client.ipFamilies.includes("IPv6");
  if (v4 && v6) return () => true;
  return (address) => (address.includes(":") ? v6 : v4);
}

/** `GetAllAddressesForProxy` + the headless branch of `BuildNameTable`. */
function addressesForProxy(
  service: DnsService,
  client: DnsProxyClient,
  settings: DnsProxySettings,
): { addresses: readonly string[]; why: string } {
  const family = familyFilter(client);
  const own = service.instances.find((i) => i.cluster === client.cluster)?.clusterIps.filter(family) ?? [];
  if (own.length > 0) return { addresses: own, why: `the VIP of the proxy's cluster ${client.cluster}` };
  if (settings.usesAutoAllocated && service.autoAllocated.length > 0)
    return { addresses: service.autoAllocated.filter(family), why: "the auto-allocated address" };
  if (service.addresses.length > 0)
    return { addresses: service.addresses, why: "the ServiceEntry addresses" };
  const first = service.instances[0];
  if (first !== undefined && !service.headless) {
    const remote = first.clusterIps.filter(family).slice(0, 1);
    return {
      addresses: remote,
      why: `the default address (the VIP in ${first.cluster}, the first cluster of the registry): ${service.hostname} has no Service in ${client.cluster}`,
    };
  }
  if (!service.passthrough) return { addresses: [], why: "no address" };
  const endpoints = [...service.instances.flatMap((i) => i.endpoints), ...service.endpoints].filter(
    (e) =>
      (e.ready || service.publishNotReadyAddresses) &&
      (e.network === "" || client.network === "" || e.network === client.network) &&
      (settings.multiclusterHeadless || e.cluster === client.cluster),
  );
  const addresses = [...new Set(endpoints.map((e) => e.address))];
  return { addresses, why: "the ready endpoint IPs on the proxy's network (headless)" };
}
