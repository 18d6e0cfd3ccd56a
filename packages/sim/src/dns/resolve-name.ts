import {
  type Cluster,
  type Diagnostic,
  flavourTraits,
  getOrCreate,
  type IpFamily,
  type Mesh,
  type ServiceModel,
} from "@meshwright/core";
import {
  type CompiledRouting,
  DEFAULT_EXPORT_TO,
  ROUTING_CODES,
  routingDiagnostic,
  type SidecarScope,
} from "../routing";
import type { DnsAnswer, DnsAnsweredBy } from "./dns-answer";
import { buildDnsRegistry, type DnsRegistry } from "./dns-registry";
import { istioDnsProxyAnswer } from "./istio-dns-proxy";
import { type KubeDns, kubeDnsFor, type UpstreamResolver } from "./kube-dns";
import { SharedKubeMerges } from "./kube-service-merge";
import { isValidDnsName, podResolvConf, queryNames, type ResolvConf } from "./resolv-conf";
import { ztunnelDnsAnswer } from "./ztunnel-dns";

/** The workload that resolves a name. */
export interface DnsClient {
  readonly cluster: string;
  readonly namespace: string;
  /** Who intercepts its DNS: a sidecar (DNS proxy if capture is on), ztunnel (ambient, ECS tasks), or nobody. */
  readonly dataplane: "sidecar" | "ambient" | "none";
  /** Augmented labels (pick the Sidecar scope of the sidecar DNS proxy). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Default: the cluster's network. */
  readonly network?: string;
  /** Default: the cluster's IP families. */
  readonly ipFamilies?: readonly IpFamily[];
  /** Default: a Kubernetes pod's resolv.conf. ECS tasks have no Kubernetes search list: pass `{search: [], ndots: 1}`. */
  readonly resolvConf?: ResolvConf;
}

/** The outcome of resolving one name the way the client's resolver and DNS proxies would. */
export interface DnsResolution {
  readonly name: string;
  readonly status: "ok" | "nxdomain" | "nodata";
  readonly addresses: readonly string[];
  /** Who gave the final answer (for failures: the last one asked). */
  readonly answeredBy?: DnsAnsweredBy;
  /** The query name that succeeded. */
  readonly resolvedName?: string;
  /** `<namespace>/<hostname>` of the service that answered. */
  readonly service?: string;
  /** Every name the resolver queried, in order (the search list applied). */
  readonly queried: readonly string[];
  /** Why the final answer is what it is. */
  readonly reason: string;
  /** One line per query: who answered what. */
  readonly explanation: readonly string[];
  /** For failures: the code, what curl prints, and the fix. */
  readonly failure?: { readonly code: `MW${number}`; readonly symptom: string; readonly fix: string };
}

/** How DNS is compiled from a mesh. */
export interface DnsOptions {
  /** The routing compiled for the istiod serving a cluster's proxies (gives the Sidecar scope and ServiceEntries). */
  readonly routingFor: (cluster: string) => CompiledRouting | undefined;
  /** Clusters the istiod serving `cluster` reads, own first (default: primary's own cluster, its remotes, its remote secrets). */
  readonly readsFor?: (cluster: string) => readonly string[];
  /** Ambient service scope (default: the flavour's global label, istio-semantics §3.5). */
  readonly isGlobal?: (service: ServiceModel) => boolean;
  /** Upstream DNS for names outside the cluster domain (default: knows none). */
  readonly upstream?: UpstreamResolver;
  /** Kubernetes DNS domain (default `cluster.local`). */
  readonly domain?: string;
  /** Where resolutions and the tables behind them are kept (default: new, empty caches). */
  readonly caches?: DnsCaches;
}

/**
 * What compiled DNS keeps, per client cluster: its kube-dns, its istiod's name table, and every
 * resolution made for one of its clients. `carried` hands the entries of clusters whose inputs did
 * not change to a successor compile.
 */
export class DnsCaches {
  constructor(
    readonly kubeDns = new Map<string, KubeDns>(),
    readonly registries = new Map<string, DnsRegistry>(),
    /** Answers per kind of client (keyed `<client cluster>|…`), then per name asked. */
    readonly resolutions = new Map<string, Map<string, DnsResolution>>(),
  ) {}

  /** The entries of the client clusters `keep` names, or these very caches when `everything` is kept. */
  carried(keep: (cluster: string) => boolean, everything: boolean): DnsCaches {
    if (everything) return this;
    const byCluster = <V>(map: Map<string, V>, clusterOf: (key: string) => string) =>
      new Map([...map].filter(([key]) => keep(clusterOf(key))));
    return new DnsCaches(
      byCluster(this.kubeDns, (key) => key),
      byCluster(this.registries, (key) => key),
      byCluster(this.resolutions, (key) => key.slice(0, key.indexOf("|"))),
    );
  }
}

/** DNS of a mesh compiled once; resolutions are cached per client and name. */
export interface CompiledDns {
  readonly diagnostics: readonly Diagnostic[];
  /** Resolves `name` for `client` (see `resolveName`). */
  resolve(name: string, client: DnsClient): DnsResolution;
}

/**
 * Compiles DNS for a mesh: kube-dns per cluster (its own Services only), the sidecar DNS proxy's
 * name table per istiod (visible services of the proxy's Sidecar scope, ServiceEntry and
 * auto-allocated addresses), and ztunnel DNS (VIPs on the client's network only). ECS service
 * hosts (`<svc>.<ecs-cluster>.ecs.local`, Solo) are ServiceEntry-like services of the EKS istiod:
 * meshwright assumes their auto-allocated VIP is served by ztunnel DNS to every client whose istiod
 * has them (GLOBAL), on any network — ECS tasks resolve through their own ztunnel the same way.
 */
export function compileDns(mesh: Mesh, options: DnsOptions): CompiledDns {
  const domain = options.domain ?? "cluster.local";
  const clusters = new Map(mesh.clusters.map((c) => [c.name, c]));
  const traits = flavourTraits(mesh.flavour);
  const isGlobal =
    options.isGlobal ??
    ((s: ServiceModel) => s.labels[traits.globalServiceLabel.key] === traits.globalServiceLabel.value);
  const readsFor = options.readsFor ?? ((cluster: string) => defaultReads(mesh, cluster));
  const { kubeDns, registries, resolutions: cache } = options.caches ?? new DnsCaches();
  /** Per client object: its istiod's routing, its Sidecar scope, and the answers clients like it got. */
  const clientStates = new WeakMap<
    DnsClient,
    { routing?: CompiledRouting; scope?: SidecarScope; answers: Map<string, DnsResolution> }
  >();
  const kubeDnsOf = (cluster: Cluster) =>
    getOrCreate(kubeDns, cluster.name, () => kubeDnsFor(cluster, domain, options.upstream));
  const shared = new SharedKubeMerges(mesh.clusters.map((c) => c.name));
  const registryOf = (cluster: string, routing: CompiledRouting) =>
    getOrCreate(registries, cluster, () =>
      buildDnsRegistry({
        clusters: readsFor(cluster)
          .map((name) => clusters.get(name))
          .filter((c): c is Cluster => c !== undefined),
        routing,
        isGlobal,
        defaultExportTo: DEFAULT_EXPORT_TO.service,
        flavour: mesh.flavour,
        shared,
      }),
    );
  return {
    diagnostics: [],
    resolve(name, client) {
      const cluster = clusters.get(client.cluster);
      if (cluster === undefined) return invalidClient(name, client.cluster);
      const { routing, scope, answers } = getOrCreate(clientStates, client, () => {
        const routing = options.routingFor(client.cluster);
        const scope = routing?.scopeFor({ namespace: client.namespace, labels: client.labels ?? {} });
        // Everything a resolution depends on besides the name; clients alike share their answers.
        const key = `${client.cluster}|${client.namespace}|${client.dataplane}|${scope?.id ?? ""}|${client.network ?? ""}|${client.ipFamilies?.join() ?? ""}|${client.resolvConf?.search.join() ?? ""}`;
        return { routing, scope, answers: getOrCreate(cache, key, () => new Map<string, DnsResolution>()) };
      });
      const cached = answers.get(name);
      if (cached) return cached;
      const lower = name.toLowerCase();
      if (!isValidDnsName(lower)) return invalidName(name);
      const config = cluster.effectiveMeshConfig;
      const network = client.network ?? cluster.network;
      const conf = client.resolvConf ?? podResolvConf(client.namespace, domain);
      const interceptor: (q: string) => DnsAnswer | undefined =
        client.dataplane === "sidecar" && config.dnsCapture && routing !== undefined && scope !== undefined
          ? (q) =>
              istioDnsProxyAnswer(
                q,
                {
                  cluster: client.cluster,
                  namespace: client.namespace,
                  network,
                  ipFamilies: client.ipFamilies ?? cluster.ipFamilies,
                },
                scope,
                registryOf(client.cluster, routing),
                {
                  domain,
                  usesAutoAllocated: routing.allocationMode !== "off",
                  multiclusterHeadless:
                    cluster.istiodFeatures.ENABLE_MULTICLUSTER_HEADLESS?.toLowerCase() !== "false",
                },
              )
          : client.dataplane === "ambient" && config.ambientDnsCapture && routing !== undefined
            ? (q) =>
                ztunnelDnsAnswer(
                  q,
                  { cluster: client.cluster, namespace: client.namespace, network, search: conf.search },
                  registryOf(client.cluster, routing),
                  domain,
                )
            : () => undefined;
      const resolution = runResolver(lower, conf, (q) => interceptor(q) ?? kubeDnsOf(cluster).answer(q));
      const described = describeInterception(client, config.dnsCapture, config.ambientDnsCapture);
      const result: DnsResolution = { ...resolution, explanation: [described, ...resolution.explanation] };
      answers.set(name, result);
      return result;
    },
  };
}

/**
 * Resolves `name` for a client of a compiled mesh DNS: the resolver walks its search list
 * (`queryNames`); each query goes to the client's DNS proxy (sidecar DNS capture or ztunnel), and
 * whatever the proxy does not know to the cluster's kube-dns. NXDOMAIN and empty answers move on to
 * the next name; the first answer with addresses wins. Failure symptom: `curl: (6) Could not resolve host`.
 */
export function resolveName(
  name: string,
  context: { readonly client: DnsClient; readonly dns: CompiledDns },
): DnsResolution {
  return context.dns.resolve(name, context.client);
}

function runResolver(
  name: string,
  conf: ResolvConf,
  ask: (query: string) => DnsAnswer,
): Omit<DnsResolution, "explanation"> & { explanation: string[] } {
  const queried = queryNames(name, conf);
  const explanation: string[] = [];
  let last: DnsAnswer | undefined;
  let nodata: DnsAnswer | undefined;
  for (const query of queried) {
    const answer = ask(query);
    explanation.push(`${query}: ${answer.status.toUpperCase()} from ${answer.answeredBy} — ${answer.reason}`);
    last = answer;
    if (answer.status === "ok")
      return {
        name,
        status: "ok",
        addresses: answer.addresses,
        answeredBy: answer.answeredBy,
        resolvedName: query,
        ...(answer.service !== undefined ? { service: answer.service } : {}),
        queried,
        reason: answer.reason,
        explanation,
      };
    if (answer.status === "nodata") nodata ??= answer;
  }
  // glibc reports NODATA when any search-list name existed without addresses, else NXDOMAIN.
  const final = nodata ?? last!;
  const code = final.status === "nodata" ? ROUTING_CODES.DNS_NO_ADDRESS : ROUTING_CODES.DNS_NXDOMAIN;
  return {
    name,
    status: final.status,
    addresses: [],
    answeredBy: final.answeredBy,
    ...(final.service !== undefined ? { service: final.service } : {}),
    queried,
    reason: final.reason,
    explanation,
    failure: { code: code.code, symptom: `curl: (6) Could not resolve host: ${name}`, fix: code.fix },
  };
}

function describeInterception(client: DnsClient, dnsCapture: boolean, ambientDnsCapture: boolean): string {
  if (client.dataplane === "sidecar")
    return dnsCapture
      ? "sidecar DNS capture is on: the istio-agent DNS proxy answers known services, the rest goes to kube-dns"
      : "sidecar without DNS capture: every query goes to kube-dns";
  if (client.dataplane === "ambient")
    return ambientDnsCapture
      ? "ambient DNS capture is on: ztunnel answers mesh services, the rest goes to kube-dns"
      : "ambient without DNS capture: every query goes to kube-dns";
  return "no mesh DNS proxy: every query goes to kube-dns";
}

/** Clusters an istiod reads: the primary's own cluster, the remotes it controls, then its remote secrets. */
function defaultReads(mesh: Mesh, cluster: string): string[] {
  const self = mesh.clusters.find((c) => c.name === cluster);
  const primaryName = self?.controlPlane.role === "remote" ? self.controlPlane.primary : cluster;
  const primary = mesh.clusters.find((c) => c.name === primaryName);
  if (primary === undefined) return [cluster];
  const remotes = mesh.clusters
    .filter((c) => c.controlPlane.role === "remote" && c.controlPlane.primary === primary.name)
    .map((c) => c.name);
  return [...new Set([primary.name, ...remotes, ...primary.remoteSecrets])];
}

function invalidClient(name: string, cluster: string): DnsResolution {
  const diagnostic = routingDiagnostic("DNS_UNKNOWN_CLIENT", {
    message: `no cluster ${cluster} in the mesh`,
  });
  return failed(name, diagnostic.message, diagnostic.code, diagnostic.fix ?? "");
}

function invalidName(name: string): DnsResolution {
  const diagnostic = routingDiagnostic("DNS_NAME_INVALID", {
    message: `${JSON.stringify(name)} is not a valid DNS name`,
  });
  return failed(name, diagnostic.message, diagnostic.code, diagnostic.fix ?? "");
}

function failed(name: string, reason: string, code: `MW${number}`, fix: string): DnsResolution {
  return {
    name,
    status: "nxdomain",
    addresses: [],
    queried: [],
    reason,
    explanation: [reason],
    failure: { code, symptom: `curl: (6) Could not resolve host: ${name}`, fix },
  };
}
