import {
  type Cluster,
  type Flavour,
  getOrCreate,
  memoizeWeak,
  type ServiceModel,
  type Workload,
} from "@meshwright/core";
import type { AllocatedAddresses, CompiledRouting, ExportTo, ServiceEntryService } from "../routing";
import { isIpAddress } from "../routing/host-name";
import { serviceExportTo } from "../routing/routable-service";
import {
  declaringIndex,
  type KubeMergeRecords,
  mergeKubeServices,
  type SharedKubeMerges,
} from "./kube-service-merge";

/** One cluster's copy of a Kubernetes (or ECS) service. */
export interface DnsServiceInstance {
  readonly cluster: string;
  readonly network: string;
  /** ClusterIPs (empty for headless). */
  readonly clusterIps: readonly string[];
  /** GLOBAL in ambient multicluster (istio-semantics §3.5). */
  readonly global: boolean;
  /** Pod IPs behind a headless service, with readiness and network. */
  readonly endpoints: readonly DnsEndpoint[];
}

/** An address behind a headless service or a resolution-NONE ServiceEntry. */
export interface DnsEndpoint {
  readonly address: string;
  readonly cluster: string;
  readonly network: string;
  readonly ready: boolean;
}

/** A service as the DNS proxies see it: one per hostname and namespace of an istiod's registry. */
export interface DnsService {
  readonly hostname: string;
  readonly namespace: string;
  readonly name: string;
  /** `Kubernetes` services get short-name aliases in the sidecar DNS proxy; ServiceEntries and ECS services do not. */
  readonly registry: "Kubernetes" | "External";
  readonly origin: "kubernetes" | "ecs" | "service-entry";
  readonly exportTo: ExportTo;
  /** Kubernetes/ECS: every cluster's copy, registry order (own cluster first). */
  readonly instances: readonly DnsServiceInstance[];
  /** ServiceEntry `spec.addresses` that are IPs (CIDRs are not answered). */
  readonly addresses: readonly string[];
  /**
   * Auto-allocated addresses (ServiceEntries without addresses, ECS services without a VIP, and the
   * global VIP of a Solo global service).
   */
  readonly autoAllocated: readonly string[];
  /** For a Solo global hostname (`<name>.<namespace>.mesh.internal`): the Kubernetes hostname it stands for. */
  readonly aliasOf?: string;
  /** Kubernetes headless Service, or ServiceEntry without any address. */
  readonly headless: boolean;
  /** Endpoints are answered for headless lookups: headless Kubernetes Services, resolution NONE ServiceEntries. */
  readonly passthrough: boolean;
  readonly publishNotReadyAddresses: boolean;
  /** ServiceEntry endpoints (IPs) for resolution NONE lookups. */
  readonly endpoints: readonly DnsEndpoint[];
}

/** The DNS view of one istiod's registry. */
export interface DnsRegistry {
  /** Services named `hostname`, one per namespace, registry order. */
  byHostname(hostname: string): readonly DnsService[];
  /**
   * Whether any of its hostnames is a wildcard (`*.example.com`: only a ServiceEntry's can be).
   * Without one, a resolver's wildcard forms of a name (`*.b.c` for `a.b.c`) cannot match, and are
   * not asked.
   */
  readonly hasWildcards: boolean;
}

/** What a DNS registry is built from. */
export interface DnsRegistryInput {
  /** The clusters this istiod reads, own cluster first. */
  readonly clusters: readonly Cluster[];
  /** The istiod's compiled routing (ServiceEntries of its cluster, their allocated addresses). */
  readonly routing: CompiledRouting;
  /** Ambient service scope of a service instance. */
  readonly isGlobal: (service: ServiceModel) => boolean;
  /** Mesh default exportTo for services (`*`). */
  readonly defaultExportTo: readonly string[];
  /** The distribution: Solo's global services get a global hostname and VIP. */
  readonly flavour?: Flavour;
  /** Merges shared with the other registries made with the same `isGlobal` and `defaultExportTo`. */
  readonly shared?: SharedKubeMerges;
}

/** The domain of Solo global hostnames (docs.solo.io ambient multicluster: `<name>.<namespace>.mesh.internal`). */
export const SOLO_GLOBAL_DOMAIN = "mesh.internal";

/**
 * Builds the registry: Kubernetes/ECS services merged by hostname + namespace, then ServiceEntry
 * hosts. A hostname's entry is merged from the clusters' declarations when first asked: an istiod
 * of a large mesh holds thousands of services, and a resolution needs one or two.
 */
export function buildDnsRegistry(input: DnsRegistryInput): DnsRegistry {
  const solo = input.flavour === "solo";
  // Addresses are allocated over every service needing one, in key order, so this part is eager;
  // only meshes with ECS services or Solo global services have any.
  const needsAddress = (s: ServiceModel) => s.origin === "ecs" || (solo && input.isGlobal(s));
  const ecsAddresses =
    solo || input.clusters.some((c) => c.services.some((s) => s.origin === "ecs"))
      ? allocateEcsAddresses(input.clusters, input.routing, needsAddress)
      : new Map<string, string[]>();
  const entries = new Map<string, ServiceEntryService[]>();
  for (const entry of input.routing.serviceEntries)
    getOrCreate(entries, entry.hostname, () => []).push(entry);
  const kube = new Map<string, readonly DnsService[]>();
  const answers = new Map<string, readonly DnsService[]>();
  const clusterNamed = new Map(input.clusters.map((cluster) => [cluster.name, cluster]));
  const instances = instancesOf(input.isGlobal);
  const records: KubeMergeRecords = {
    instance: (model) =>
      getOrCreate(instances, model, () =>
        instanceOf(clusterNamed.get(model.cluster)!, model, input.isGlobal),
      ),
    service: (model, merged) => ({
      hostname: model.hostname,
      namespace: model.namespace,
      name: model.name,
      registry: model.origin === "kubernetes" ? "Kubernetes" : "External",
      origin: model.origin,
      exportTo: serviceExportTo(model, input.defaultExportTo),
      instances: merged,
      addresses: [],
      autoAllocated:
        (model.origin === "ecs" && model.clusterIps.length === 0) || (solo && merged[0]!.global)
          ? (ecsAddresses.get(`${model.namespace}/${model.hostname}`) ?? [])
          : [],
      headless: model.headless,
      passthrough: model.headless,
      publishNotReadyAddresses: model.publishNotReadyAddresses,
      endpoints: [],
    }),
  };
  // Registries without allocated addresses make the same records from the same Services: they
  // share the mesh-order merges (istiods differ in which cluster they list first).
  const shared = ecsAddresses.size === 0 ? input.shared?.forRegistry(input.clusters, records) : undefined;
  // The registry's own index of declarations, in its order: made only when the shared merges do
  // not serve it (or not for a hostname).
  let declaring: Map<string, (readonly ServiceModel[])[]> | undefined;
  const ownDeclaring = () => (declaring ??= declaringIndex(input.clusters));
  const declares = shared ? shared.declares : (hostname: string) => ownDeclaring().has(hostname);

  /** The merged Kubernetes / ECS services of `hostname`, one per namespace, in registry order. */
  const kubeServices = (hostname: string): readonly DnsService[] =>
    getOrCreate(
      kube,
      hostname,
      () =>
        shared?.merged(hostname) ??
        mergeKubeServices(ownDeclaring().get(hostname) ?? [], records).map((merged) => merged.service),
    );

  /**
   * Solo: labelling a Service solo.io/service-scope=global creates a global service named
   * <name>.<namespace>.mesh.internal with its own VIP, resolvable in every cluster of the mesh.
   */
  const soloAliases = (hostname: string): DnsService[] => {
    if (!solo || !hostname.endsWith(`.${SOLO_GLOBAL_DOMAIN}`)) return [];
    const sources = new Set<string>();
    for (const cluster of input.clusters) {
      for (const model of servicesByAlias(cluster).get(hostname) ?? []) sources.add(model.hostname);
    }
    return [...sources].flatMap((source) =>
      kubeServices(source)
        .filter((s) => s.origin === "kubernetes" && s.instances[0]!.global)
        .map((s) => ({ ...s, hostname, registry: "External" as const, aliasOf: s.hostname })),
    );
  };

  return {
    hasWildcards: [...entries.keys()].some(isWildcardHost),
    byHostname: (hostname) =>
      // Most names asked are search-list expansions no cluster declares: answered without a record.
      !declares(hostname) && !entries.has(hostname) && !(solo && hostname.endsWith(`.${SOLO_GLOBAL_DOMAIN}`))
        ? NO_SERVICES
        : getOrCreate(answers, hostname, () => {
            const list: DnsService[] = [];
            const add = (service: DnsService) => {
              // One service per hostname and namespace; a Kubernetes Service beats a ServiceEntry (`initServiceRegistry`).
              if (!list.some((s) => s.namespace === service.namespace)) list.push(service);
            };
            for (const service of kubeServices(hostname)) add(service);
            for (const service of soloAliases(hostname)) add(service);
            for (const entry of entries.get(hostname) ?? []) {
              add(serviceEntryRecord(entry, input.routing.allocatedAddresses.get(entry.key)));
            }
            return list;
          }),
  };
}

const NO_SERVICES: readonly DnsService[] = Object.freeze([]);

/** Whether a hostname is a wildcard one (`*.example.com`). */
function isWildcardHost(hostname: string): boolean {
  return hostname.startsWith("*.");
}

/** A cluster's Kubernetes Services by the Solo global hostname they would get. */
const servicesByAlias = memoizeWeak((cluster: Cluster) => {
  const grouped = new Map<string, ServiceModel[]>();
  for (const s of cluster.services) {
    if (s.origin !== "kubernetes") continue;
    getOrCreate(grouped, `${s.name}.${s.namespace}.${SOLO_GLOBAL_DOMAIN}`, () => []).push(s);
  }
  return grouped;
});

function serviceEntryRecord(entry: ServiceEntryService, auto: AllocatedAddresses | undefined): DnsService {
  const addresses = entry.addresses.filter(isIpAddress);
  return {
    hostname: entry.hostname,
    namespace: entry.namespace,
    name: entry.hostname,
    registry: "External",
    origin: "service-entry",
    exportTo: entry.exportTo,
    instances: [],
    addresses,
    autoAllocated: [auto?.v4, auto?.v6].filter((a): a is string => a !== undefined),
    headless: entry.addresses.length === 0,
    passthrough: entry.resolution === "NONE",
    publishNotReadyAddresses: false,
    endpoints: entry.endpoints
      .filter((e) => e.addressKind === "ip")
      .map((e) => ({ address: e.address, cluster: entry.cluster, network: e.network, ready: true })),
  };
}

/**
 * One cluster's record of a Service. Every istiod reading the cluster builds its registry from the
 * same records (an istiod of a 50-cluster mesh reads 50 clusters), so they are kept per Service
 * object and `isGlobal` (one per compiled mesh; it is a property of the Service, decided by its
 * own istiod).
 */
const INSTANCES = new WeakMap<
  (service: ServiceModel) => boolean,
  WeakMap<ServiceModel, DnsServiceInstance>
>();

/** The records made so far under `isGlobal`, by Service. */
function instancesOf(
  isGlobal: (service: ServiceModel) => boolean,
): WeakMap<ServiceModel, DnsServiceInstance> {
  return getOrCreate(INSTANCES, isGlobal, () => new WeakMap<ServiceModel, DnsServiceInstance>());
}

function instanceOf(
  cluster: Cluster,
  model: ServiceModel,
  isGlobal: (service: ServiceModel) => boolean,
): DnsServiceInstance {
  return {
    cluster: cluster.name,
    network: cluster.network,
    clusterIps: model.clusterIps,
    global: isGlobal(model),
    endpoints: model.headless
      ? headlessEndpoints(model, workloadsByNamespace(cluster).get(model.namespace) ?? [])
      : [],
  };
}

/** A cluster's workloads by namespace (grouped once per cluster). */
const workloadsByNamespace = memoizeWeak((cluster: Cluster) => {
  const grouped = new Map<string, Workload[]>();
  for (const w of cluster.workloads) getOrCreate(grouped, w.namespace, () => []).push(w);
  return grouped;
});

/** Pods a headless Service selects (terminating pods are never published). */
function headlessEndpoints(model: ServiceModel, workloads: readonly Workload[]): DnsEndpoint[] {
  const selector = model.selector;
  if (selector === null) return [];
  const out: DnsEndpoint[] = [];
  for (const w of workloads) {
    if (w.health === "terminating") continue;
    if (!Object.entries(selector).every(([k, v]) => w.labels[k] === v)) continue;
    for (const address of w.ips.slice(0, 1))
      out.push({ address, cluster: w.cluster, network: w.network, ready: w.health === "healthy" });
  }
  return out;
}

/**
 * ECS services have no ClusterIP: the Solo integration registers them like ServiceEntries, and the
 * IP allocator gives them 240.240.0.0/16 addresses; Solo global services get a VIP the same way.
 * meshwright allocates them after the cluster's own ServiceEntries, in hostname order, skipping
 * addresses already taken.
 */
function allocateEcsAddresses(
  clusters: readonly Cluster[],
  routing: CompiledRouting,
  needsAddress: (service: ServiceModel) => boolean,
): Map<string, string[]> {
  const taken = new Set<string>();
  for (const a of routing.allocatedAddresses.values()) {
    if (a.v4) taken.add(a.v4);
    if (a.v6) taken.add(a.v6);
  }
  const keys = [
    ...new Set(
      clusters.flatMap((c) => c.services.filter(needsAddress).map((s) => `${s.namespace}/${s.hostname}`)),
    ),
  ].sort();
  const out = new Map<string, string[]>();
  let next = 1;
  for (const key of keys) {
    let address: string;
    do {
      address = `240.240.${Math.floor(next / 256)}.${next % 256}`;
      next++;
    } while (taken.has(address));
    taken.add(address);
    out.set(key, [address]);
  }
  return out;
}
