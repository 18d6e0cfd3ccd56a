import {
  type Cluster,
  type EastWestGatewayModel,
  getOrCreate,
  type IstioVersion,
  type Mesh,
  memoizeWeak,
  type ServiceModel,
  type Workload,
  workloadSpiffeId,
} from "@meshwright/core";
import type { ControlPlane } from "../compile/control-planes";
import { resolveEndpointHostname } from "../compile/endpoint-hostname";
import { registryEndpoint } from "../compile/registry-endpoint";
import { meshOrderOfReads } from "../compile/registry-order";
import { augmentLabels } from "../compile/topology-labels";
import {
  type AmbientDeclaration,
  type AmbientRegistryOptions,
  type AmbientService,
  ambientKey,
  ambientScopeOf,
  type ClusterLocalHosts,
  clusterLocalHosts,
  heldWith,
  isClusterLocal,
  localDeclarationScope,
  type MultiNetworkFlags,
  mergeAmbientService,
  multiNetworkFlags,
  type NetworkGatewayDiscovery,
  networkGatewaysFromModel,
} from "../endpoints";
import type { FaultState } from "../faults/fault-state";
import type { RegistryEndpoint } from "../model/endpoint";
import { type CompiledRouting, compileRouting, type ServiceEntryService } from "../routing";
import type { DestinationService } from "./destination-service";
import type { MeshIndex } from "./mesh-index";
import type { SharedAmbientMerges } from "./shared-ambient-merges";

/**
 * One istiod as the simulator sees it: the clusters it reads, the config of its own cluster, and
 * everything it derives from them (network gateways, routing, the ambient service index, endpoints
 * per service port). Built lazily and memoised, so a query pays only for what it touches.
 */
export class PlaneView {
  /** The primary cluster running this istiod (the only one whose config objects it reads). */
  readonly configCluster: Cluster;
  /** Clusters it reads, own first (registry order). */
  readonly readClusters: readonly Cluster[];
  readonly flags: MultiNetworkFlags;
  private readonly readNames: ReadonlySet<string>;
  /** Per compile (the mesh's cluster order is this compile's): see `sharesAmbientMerges`. */
  private readsInMeshOrder?: boolean;

  /**
   * @param memos what was derived so far: a successor compile whose inputs for this istiod are
   * unchanged passes its predecessor's (see `carryOver`).
   */
  constructor(
    readonly plane: ControlPlane,
    private readonly index: MeshIndex,
    private readonly faults: FaultState,
    readonly istioVersion: IstioVersion,
    private readonly seed: number,
    private readonly ambientMerges: SharedAmbientMerges,
    readonly memos: PlaneMemos = new PlaneMemos(),
  ) {
    this.configCluster = index.cluster(plane.cluster);
    this.readClusters = plane.reads.map((r) => index.cluster(r.cluster));
    this.readNames = new Set(this.readClusters.map((c) => c.name));
    this.flags = multiNetworkFlags(this.configCluster.istiodFeatures, this.configCluster.name).flags;
  }

  get mesh(): Mesh {
    return this.index.mesh;
  }

  /** The network gateways this istiod knows (sidecar NetworkManager view and ambient WDS view). */
  get gateways(): NetworkGatewayDiscovery {
    this.memos.gateways ??= networkGatewaysFromModel(
      this.readClusters.map((c) => ({
        cluster: c.name,
        gateways: c.gateways.map((g) => this.withFaults(c, g)),
      })),
      {
        localCluster: this.configCluster.name,
        resolveHostnameGateways: this.flags.resolveHostnameGateways,
        trustDomain: this.mesh.trustDomain,
      },
    );
    return this.memos.gateways;
  }

  /** A gateway whose Service lost its address (fault) is seen without one. */
  private withFaults(cluster: Cluster, gateway: EastWestGatewayModel): EastWestGatewayModel {
    if (!this.faults.gatewayWithoutAddress(cluster.name, gateway.name) || gateway.address === undefined)
      return gateway;
    const { address: _dropped, ...rest } = gateway;
    return rest;
  }

  /** Routing compiled from this istiod's own cluster's config and the services of every cluster it reads. */
  get routing(): CompiledRouting {
    this.memos.routing ??= compileRouting(
      {
        cluster: this.configCluster.name,
        network: this.configCluster.network,
        resources: this.configCluster.resources,
        services: this.readClusters.flatMap((c) => c.services),
        workloads: this.configCluster.workloads,
        istiodFeatures: this.configCluster.istiodFeatures,
        meshConfig: this.configCluster.effectiveMeshConfig,
      },
      { rootNamespace: this.mesh.rootNamespace, seed: this.seed },
    );
    return this.memos.routing;
  }

  /** Whether `hostname` is cluster-local for this istiod (MeshConfig serviceSettings and the defaults). */
  isClusterLocal(hostname: string): boolean {
    this.memos.clusterLocal ??= clusterLocalHosts(this.configCluster.effectiveMeshConfig);
    return isClusterLocal(this.memos.clusterLocal, hostname).clusterLocal;
  }

  /**
   * The ambient service index of this istiod (service scope, merged VIPs) for `hostname`: merged
   * from the declarations of the clusters it reads when first asked (an istiod of a large mesh
   * holds thousands of services; a query needs a few).
   */
  ambientService(hostname: string): AmbientService | undefined {
    if (this.memos.ambientByHost.has(hostname)) return this.memos.ambientByHost.get(hostname);
    const service = this.sharesAmbientMerges ? this.heldFromShared(hostname) : this.ambientMerge(hostname);
    this.memos.ambientByHost.set(hostname, service);
    return service;
  }

  /** `hostname` merged from its declarations in this istiod's registry order. */
  private ambientMerge(hostname: string): AmbientService | undefined {
    const declarations = this.ambientDeclarations(hostname);
    return declarations
      ? mergeAmbientService(declarations.key, declarations.list, this.ambientOptions()).service
      : undefined;
  }

  /** `hostname` taken from the merge shared by the istiods reading its declaring clusters in mesh order. */
  private heldFromShared(hostname: string): AmbientService | undefined {
    const declarations = this.declarations(hostname);
    if (declarations.length === 0) return undefined;
    const options = this.ambientOptions();
    return heldWith(this.ambientMerges.remote(declarations, options), options);
  }

  /**
   * Whether this istiod's registry order is its own cluster then the others in mesh order: the
   * order `declarations` lists them in, but for its own, so it can take the shared merges.
   */
  private get sharesAmbientMerges(): boolean {
    this.readsInMeshOrder ??=
      meshOrderOfReads(
        this.readClusters.map((c) => c.name),
        this.mesh.clusters.map((c) => c.name),
      ) !== undefined;
    return this.readsInMeshOrder;
  }

  /** The scope this istiod gives `hostname` in its ambient index (undefined: it does not hold it). */
  ambientScope(hostname: string): "GLOBAL" | "LOCAL" | undefined {
    const held = this.memos.ambientByHost.get(hostname);
    if (held) return held.scope;
    if (this.sharesAmbientMerges) return this.ambientService(hostname)?.scope;
    const declarations = this.ambientDeclarations(hostname);
    return declarations
      ? ambientScopeOf(declarations.key, declarations.list, this.ambientOptions())
      : undefined;
  }

  /**
   * `ambientScope(service.hostname)` for a Service `service` of a cluster this istiod reads: when
   * it is of the istiod's own cluster, its own verdict (it is the base of the merge), else the merge.
   */
  ambientScopeOfService(service: ServiceModel): "GLOBAL" | "LOCAL" | undefined {
    const own = service.cluster === this.configCluster.name && service.type !== "ExternalName";
    return own
      ? localDeclarationScope(
          service,
          this.ambientMerges.registryCluster(service.cluster),
          this.ambientOptions(),
        )
      : this.ambientScope(service.hostname);
  }

  /** The declarations of `hostname` in registry order: the istiod's own cluster first, then the clusters it reads in turn. */
  private ambientDeclarations(
    hostname: string,
  ): { key: string; list: readonly AmbientDeclaration[] } | undefined {
    const declarations = this.declarations(hostname);
    if (declarations.length === 0) return undefined;
    const order = this.registryOrder();
    const list = declarations
      .map((d) => ({ cluster: this.ambientMerges.registryCluster(d.cluster), service: d }))
      .sort((a, b) => order.get(a.cluster.cluster)! - order.get(b.cluster.cluster)!);
    return { key: ambientKey(declarations[0]!), list };
  }

  /**
   * The ambient service owning VIP `address` as seen from `network` (a VIP of that network or of
   * none), the first in key order when several claim it.
   */
  ambientServiceAt(address: string, network: string): AmbientService | undefined {
    const byVip = this.vipIndex();
    const own = byVip.get(`${network}\u0000${address}`);
    const any = network === "" ? undefined : byVip.get(`\u0000${address}`);
    if (!own) return any?.service;
    if (!any) return own.service;
    return own.order <= any.order ? own.service : any.service;
  }

  /** Every ambient service of this istiod by VIP (built on the first lookup by address). */
  private vipIndex(): Map<string, { service: AmbientService; order: number }> {
    if (!this.memos.vips) {
      const hostnames = new Set(this.readClusters.flatMap((c) => c.services.map((s) => s.hostname)));
      const services = [...hostnames]
        .map((h) => this.ambientService(h))
        .filter((s): s is AmbientService => s !== undefined)
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const byVip = new Map<string, { service: AmbientService; order: number }>();
      services.forEach((service, order) => {
        for (const vip of service.vips) {
          const key = `${vip.network}\u0000${vip.address}`;
          if (!byVip.has(key)) byVip.set(key, { service, order });
        }
      });
      this.memos.vips = byVip;
    }
    return this.memos.vips;
  }

  /** The position of each cluster this istiod reads in its registry order. */
  private registryOrder(): ReadonlyMap<string, number> {
    this.memos.registryOrder ??= new Map(this.readClusters.map((c, order) => [c.name, order]));
    return this.memos.registryOrder;
  }

  private ambientOptions(): AmbientRegistryOptions {
    this.memos.ambientOptions ??= {
      localCluster: this.configCluster.name,
      serviceScopeConfigs: this.configCluster.effectiveMeshConfig.serviceScopeConfigs,
      flavour: this.mesh.flavour,
      ambientMultiNetwork: this.flags.ambientMultiNetwork,
    };
    return this.memos.ambientOptions;
  }

  /**
   * The services of the clusters this istiod reads that carry `hostname`, in the mesh's cluster
   * order (what the registry endpoints follow; `ambientDeclarations` puts them in registry order).
   */
  declarations(hostname: string): readonly ServiceModel[] {
    return getOrCreate(this.memos.declarations, hostname, () => {
      const all = this.index.servicesNamed(hostname);
      // The index's own list when this istiod reads every declaring cluster (as every istiod of a
      // multi-primary mesh does): what is derived from the list is then shared by those istiods.
      return this.readNames.size === this.index.clusters.size ||
        all.every((s) => this.readNames.has(s.cluster))
        ? all
        : all.filter((s) => this.readNames.has(s.cluster));
    });
  }

  /**
   * The endpoints this istiod's registry holds for `hostname` on service port `port`: the selected
   * workloads of every cluster it reads that declares the service (namespace sameness, §4.1), or
   * the ServiceEntry's endpoints. Readiness faults mark workloads unhealthy.
   */
  registryEndpoints(hostname: string, port: number): readonly RegistryEndpoint[] {
    const byPort = getOrCreate(this.memos.endpoints, hostname, () => new Map());
    return getOrCreate(byPort, port, () => {
      const out = endpointsOfDeclarations(this.index, this.faults, this.declarations(hostname), port);
      if (out.length > 0) return out;
      const entry = this.serviceEntry(hostname);
      return entry ? serviceEntryEndpoints(entry, port, this.configCluster, this.mesh) : out;
    });
  }

  /**
   * The SANs a client of this istiod expects from `hostname`:`port`: the identities of the
   * service's endpoints, sorted (exact SAN match on the destination's service accounts, pki.md §2.3).
   */
  subjectAltNames(hostname: string, port: number): readonly string[] {
    const byPort = getOrCreate(this.memos.sans, hostname, () => new Map());
    return getOrCreate(byPort, port, () => {
      // A ServiceEntry adds its spec.subjectAltNames (`ServiceAccounts` of the converted service).
      const declared =
        this.declarations(hostname).length > 0 ? [] : (this.serviceEntry(hostname)?.subjectAltNames ?? []);
      const endpoints = this.registryEndpoints(hostname, port);
      return declared.length === 0 ? endpointIdentities(endpoints) : sortedSans(endpoints, declared);
    });
  }

  /** The ServiceEntry service this istiod's config declares for `hostname`, if any. */
  serviceEntry(hostname: string): ServiceEntryService | undefined {
    return this.routing.serviceEntries.find((s) => s.hostname === hostname);
  }
}

/** Sorted distinct non-empty identities of `endpoints` plus `declared`. */
function sortedSans(endpoints: readonly RegistryEndpoint[], declared: readonly string[]): readonly string[] {
  return [...new Set([...endpoints.map((e) => e.identity), ...declared])].filter((san) => san !== "").sort();
}

/**
 * The identities of an endpoint list, kept per list: istiods reading the same clusters share
 * their lists (see `registryEndpoints`), so each list's SANs are collected once.
 */
const endpointIdentities = memoizeWeak((endpoints: readonly RegistryEndpoint[]) => sortedSans(endpoints, []));

/**
 * What a PlaneView derived from its inputs, kept apart from the view so that a successor compile
 * (`compile(mesh, { previous })`) can carry it over to an istiod whose inputs did not change.
 */
export class PlaneMemos {
  readonly declarations = new Map<string, readonly ServiceModel[]>();
  gateways?: NetworkGatewayDiscovery;
  routing?: CompiledRouting;
  clusterLocal?: ClusterLocalHosts;
  readonly ambientByHost = new Map<string, AmbientService | undefined>();
  vips?: Map<string, { service: AmbientService; order: number }>;
  registryOrder?: ReadonlyMap<string, number>;
  ambientOptions?: AmbientRegistryOptions;
  /** Per hostname, then port (no key string built per query). */
  readonly sans = new Map<string, Map<number, readonly string[]>>();
  readonly endpoints = new Map<string, Map<number, readonly RegistryEndpoint[]>>();
  /** `destinationService` per hostname (null: the istiod knows no such service). */
  readonly destinations = new Map<string, DestinationService | null>();
}

/**
 * The endpoints one Kubernetes declaration of a service contributes on a service port: its selected
 * workloads with the port resolved, readiness faults applied. Every istiod that reads the cluster
 * holds the same ones, so they are built once per (fault state, workload list of the service's
 * cluster, Service object) and shared — also by a successor compile whose `createMesh` kept the
 * Service object while the cluster's workloads changed, hence the workload list in the key.
 */
const DECLARED = new WeakMap<
  FaultState,
  WeakMap<readonly Workload[], WeakMap<ServiceModel, Map<number, readonly RegistryEndpoint[]>>>
>();

function declaredEndpoints(
  index: MeshIndex,
  faults: FaultState,
  service: ServiceModel,
  port: number,
): readonly RegistryEndpoint[] {
  const byWorkloads = getOrCreate(
    DECLARED,
    faults,
    () => new WeakMap<readonly Workload[], WeakMap<ServiceModel, Map<number, readonly RegistryEndpoint[]>>>(),
  );
  const byService = getOrCreate(
    byWorkloads,
    index.cluster(service.cluster).workloads,
    () => new WeakMap<ServiceModel, Map<number, readonly RegistryEndpoint[]>>(),
  );
  const byPort = getOrCreate(byService, service, () => new Map<number, readonly RegistryEndpoint[]>());
  return getOrCreate(byPort, port, () => {
    const list: RegistryEndpoint[] = [];
    const servicePort = service.ports.find((p) => p.port === port);
    for (const workload of servicePort ? index.selectedWorkloads(service) : []) {
      const endpoint = registryEndpoint(workload, servicePort!);
      if (!endpoint) continue;
      list.push(faults.isUnhealthy(workload.id) ? { ...endpoint, health: "unhealthy" } : endpoint);
    }
    return list;
  });
}

/**
 * The endpoints of every declaration in `declarations`, in order. The list is kept per (fault
 * state, declarations list): istiods that read the same clusters get the same list object from
 * `declarations`, so they share one concatenation (and whatever is derived from it per endpoint).
 * The same list object implies the same workloads: `MeshIndex` shares its lists only then.
 */
const CONCATENATED = new WeakMap<
  FaultState,
  WeakMap<readonly ServiceModel[], Map<number, readonly RegistryEndpoint[]>>
>();

function endpointsOfDeclarations(
  index: MeshIndex,
  faults: FaultState,
  declarations: readonly ServiceModel[],
  port: number,
): readonly RegistryEndpoint[] {
  const byDeclarations = getOrCreate(
    CONCATENATED,
    faults,
    () => new WeakMap<readonly ServiceModel[], Map<number, readonly RegistryEndpoint[]>>(),
  );
  const byPort = getOrCreate(
    byDeclarations,
    declarations,
    () => new Map<number, readonly RegistryEndpoint[]>(),
  );
  return getOrCreate(byPort, port, () =>
    declarations.flatMap((service) => declaredEndpoints(index, faults, service, port)),
  );
}

/**
 * Registry endpoints of a ServiceEntry for one of its ports: static addresses and WorkloadEntries,
 * and for `resolution: DNS` the hostname endpoints as Envoy's STRICT_DNS cluster holds them — one
 * host per address the name resolves to from the istiod's cluster (see `resolveEndpointHostname`;
 * a name that resolves to nothing stays as written, and the endpoint filter drops it). An endpoint
 * without a service account has no identity: clients then expect only the entry's subjectAltNames
 * (`serviceentry/conversion.go`: ServiceAccounts = spec.subjectAltNames, an endpoint's SPIFFE URI only
 * when it names a serviceAccount; `PushContext.addServiceAccounts` adds those).
 */
function serviceEntryEndpoints(
  entry: ServiceEntryService,
  port: number,
  cluster: Cluster,
  mesh: Mesh,
): RegistryEndpoint[] {
  const out: RegistryEndpoint[] = [];
  entry.endpoints.forEach((e, i) => {
    const target = e.ports[port];
    if (target === undefined) return;
    const base = {
      workloadId: `${cluster.name}/${entry.namespace}/${entry.entryName}-${i}`,
      port: target,
      cluster: cluster.name,
      network: e.network,
      locality: e.locality,
      labels: augmentLabels(e.labels, { locality: e.locality, cluster: cluster.name, network: e.network }),
      weight: e.weight,
      health: "healthy" as const,
      tlsMode: e.tlsMode,
      supportsTunnel: false,
      identity: e.serviceAccount ? workloadSpiffeId(mesh.trustDomain, entry.namespace, e.serviceAccount) : "",
    };
    if (e.addressKind === "ip") out.push({ ...base, address: e.address });
    if (e.addressKind !== "hostname" || entry.resolution !== "DNS") return;
    const resolved = resolveEndpointHostname(mesh, cluster, e.address).addresses;
    if (resolved.length === 0) out.push({ ...base, address: e.address, dnsName: e.address });
    for (const address of resolved) out.push({ ...base, address, dnsName: e.address });
  });
  return out;
}
