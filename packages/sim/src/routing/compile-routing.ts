import {
  type Diagnostic,
  getOrCreate,
  istioObjects,
  type KubeObject,
  type LocalityLbSetting,
  type MeshConfigModel,
  memoizeWeak,
  type ServiceModel,
  type Workload,
} from "@meshwright/core";
import {
  type AllocatedAddresses,
  type AutoAllocationMode,
  allocateServiceEntryAddresses,
  autoAllocationMode,
} from "./auto-allocate";
import { destinationDiagnostics } from "./destination-check";
import {
  type ConsolidatedDestinationRule,
  indexDestinationRules,
  parseDestinationRules,
  type TrafficPolicy,
} from "./destination-rule";
import { DEFAULT_EXPORT_TO, type ExportToDefaults } from "./export-to";
import type { RouterContext } from "./http-router";
import { buildRoutingRegistry, type RoutingRegistry } from "./registry";
import { type RoutableService, routableServicesFromModel } from "./routable-service";
import { type PreparedRoute, prepareRoute, type RouteTarget, routePrepared } from "./route-request";
import type { RouteRequest, RouteResult, RoutingProxy } from "./route-result";
import { buildSidecarScope, type SidecarScope } from "./scope";
import { routableFromServiceEntry, type ServiceEntryService, serviceEntryServices } from "./service-entry";
import { type OutboundTrafficMode, parseSidecars, rootSidecarDiagnostics, selectSidecar } from "./sidecar";
import { type DestinationTlsMode, destinationTls, subsetTrafficPolicy } from "./traffic-policy";
import { parseVirtualServices } from "./virtual-service";
import { indexVirtualServices, type VirtualServiceIndex } from "./vs-index";

/**
 * What routing is compiled from: the objects of **one cluster — the client's**. A primary istiod
 * reads VirtualServices, DestinationRules, ServiceEntries and Sidecars only from its own cluster
 * (istio-semantics §4.4), so a rule applied to cluster1 never affects clients in cluster2; services
 * (endpoints) it reads from every cluster it has credentials for.
 */
export interface RoutingInput {
  /** The client's cluster: the one whose istiod computes the client's configuration. */
  readonly cluster: string;
  /** Network of ServiceEntry endpoints that set none (the cluster's network). */
  readonly network?: string;
  /** Every object of the client's cluster, unchanged (Istio config kinds are picked out). */
  readonly resources: readonly KubeObject[];
  /** Kubernetes / ECS services of every cluster this istiod reads, own cluster first (registry order). */
  readonly services: readonly ServiceModel[];
  /** Workloads ServiceEntry `workloadSelector`s may select. */
  readonly workloads?: readonly Workload[];
  /** istiod environment (`PILOT_ENABLE_IP_AUTOALLOCATE`). */
  readonly istiodFeatures?: Readonly<Record<string, string>>;
  /** The cluster's effective MeshConfig (for `dnsAutoAllocate`). */
  readonly meshConfig?: Pick<MeshConfigModel, "dnsAutoAllocate">;
}

/** Mesh-level knobs; all optional with Istio's defaults. */
export interface RoutingOptions {
  /** MeshConfig rootNamespace (default `istio-system`). */
  readonly rootNamespace?: string;
  /** Kubernetes DNS domain (default `cluster.local`). */
  readonly domain?: string;
  /** MeshConfig default exportTo per kind (default `*` for all). */
  readonly defaultExportTo?: Partial<ExportToDefaults>;
  /** MeshConfig `outboundTrafficPolicy.mode` (default `ALLOW_ANY`). */
  readonly outboundTrafficPolicy?: OutboundTrafficMode;
  /** Seed of the deterministic weighted pick (default 0). */
  readonly seed?: number;
}

/** The DestinationRule a proxy uses for a host, and why. */
export interface DestinationRuleMatch {
  readonly rule: ConsolidatedDestinationRule;
  /** Which lookup step found it (client namespace, service namespace, root namespace). */
  readonly step: string;
}

/** The effective policy of one Envoy cluster `outbound|<port>|<subset>|<host>` for a proxy. */
export interface ClusterTrafficPolicy {
  readonly host: string;
  readonly port: number;
  readonly subset?: string;
  /** The merged rule used (its source objects), if any. */
  readonly destinationRule?: {
    readonly from: readonly string[];
    readonly host: string;
    readonly step: string;
  };
  /** Labels endpoints must carry for the subset; undefined without subset, `null` when the subset is not defined. */
  readonly subsetLabels?: Readonly<Record<string, string>> | null;
  /** `getSubsetTrafficPolicy`: subset over rule, port-level settings applied. */
  readonly policy?: TrafficPolicy;
  /** Client TLS mode the rule sets; undefined = auto mTLS decides. */
  readonly tls?: {
    readonly mode: DestinationTlsMode;
    readonly sni?: string;
    readonly subjectAltNames?: readonly string[];
  };
  readonly loadBalancer?: NonNullable<TrafficPolicy["loadBalancer"]>;
  readonly localityLbSetting?: LocalityLbSetting;
  readonly outlierDetection?: NonNullable<TrafficPolicy["outlierDetection"]>;
  readonly explanation: readonly string[];
}

/** Routing compiled for one istiod: indexes built once, every query a lookup. */
export interface CompiledRouting {
  readonly cluster: string;
  readonly diagnostics: readonly Diagnostic[];
  /** Every ServiceEntry host of the cluster (for the simulator's registry). */
  readonly serviceEntries: readonly ServiceEntryService[];
  /** Auto-allocated addresses of ServiceEntry hosts, by `<namespace>/<hostname>`. */
  readonly allocatedAddresses: ReadonlyMap<string, AllocatedAddresses>;
  readonly allocationMode: AutoAllocationMode;
  readonly registry: RoutingRegistry;
  readonly virtualServices: VirtualServiceIndex;
  readonly rootNamespace: string;
  readonly domain: string;
  /** The proxy's Sidecar scope (cached per Sidecar and namespace). */
  scopeFor(proxy: RoutingProxy): SidecarScope;
  /** The service a proxy has a cluster for under `hostname` (scope imports and VirtualService destinations). */
  visibleService(proxy: RoutingProxy, hostname: string): RoutableService | undefined;
  /**
   * Routes one request from the proxy (see `routeRequest`): sidecar (and waypoint) semantics.
   * ztunnel is L4 only: an ambient client without a waypoint applies no VirtualService, so the
   * simulator should not route its requests here.
   */
  route(proxy: RoutingProxy, request: RouteRequest): RouteResult;
  /**
   * The request-independent part of routing from the proxy to a target (see `prepareRoute`): route
   * requests to that target with `routePrepared`. For callers that keep it per destination (the
   * simulator, in `SimMemos.preparedRoutes`); `route` prepares anew on every call and keeps nothing.
   */
  prepare(proxy: RoutingProxy, target: RouteTarget): PreparedRoute;
  /** The DestinationRule the proxy uses for `host`. */
  destinationRule(proxy: RoutingProxy, host: string): DestinationRuleMatch | undefined;
  /** The effective traffic policy of `outbound|port|subset|host` for the proxy. */
  trafficPolicy(proxy: RoutingProxy, host: string, port: number, subset?: string): ClusterTrafficPolicy;
}

/**
 * Compiles the routing configuration of one cluster's istiod: parses VirtualServices,
 * DestinationRules, ServiceEntries and Sidecars (reporting bad input as diagnostics), allocates
 * ServiceEntry addresses, and builds the registry and config indexes.
 */
export function compileRouting(input: RoutingInput, options: RoutingOptions = {}): CompiledRouting {
  const rootNamespace = options.rootNamespace ?? "istio-system";
  const domain = options.domain ?? "cluster.local";
  const exportDefaults: ExportToDefaults = { ...DEFAULT_EXPORT_TO, ...options.defaultExportTo };
  const seed = options.seed ?? 0;
  const cluster = input.cluster;
  const diagnostics: Diagnostic[] = [];

  const entries = serviceEntryServices(istioObjects(input.resources, "ServiceEntry"), {
    cluster,
    defaultNetwork: input.network ?? "",
    workloads: input.workloads ?? [],
    defaultExportTo: exportDefaults.service,
  });
  const allocationMode = autoAllocationMode(
    input.istiodFeatures ?? {},
    input.meshConfig?.dnsAutoAllocate ?? false,
  );
  const allocation = allocateServiceEntryAddresses(entries.services, allocationMode);
  const kube = routableServicesFromModel(input.services, exportDefaults.service);
  const registry = buildRoutingRegistry([
    ...kube.services,
    ...entries.services.map((se) => {
      const auto = allocation.addresses.get(se.key);
      return routableFromServiceEntry(
        se,
        [auto?.v4, auto?.v6].filter((a): a is string => a !== undefined),
      );
    }),
  ]);
  const vsParsed = parseVirtualServices(istioObjects(input.resources, "VirtualService"), {
    cluster,
    domain,
    defaultExportTo: exportDefaults.virtualService,
  });
  const vsIndex = indexVirtualServices(vsParsed.virtualServices, cluster);
  const drParsed = parseDestinationRules(istioObjects(input.resources, "DestinationRule"), {
    cluster,
    domain,
  });
  const drIndex = indexDestinationRules(
    drParsed.rules,
    rootNamespace,
    cluster,
    exportDefaults.destinationRule,
  );
  const sidecars = parseSidecars(istioObjects(input.resources, "Sidecar"), cluster);
  diagnostics.push(
    ...entries.diagnostics,
    ...allocation.diagnostics,
    ...kube.diagnostics,
    ...vsParsed.diagnostics,
    ...vsIndex.diagnostics,
    ...drParsed.diagnostics,
    ...drIndex.diagnostics,
    ...sidecars.diagnostics,
    ...rootSidecarDiagnostics(sidecars.sidecars, rootNamespace, cluster),
    ...destinationDiagnostics(vsIndex.index.all, registry, drParsed.rules, cluster),
  );

  const scopes = new Map<string, SidecarScope>();
  // Per proxy: its Sidecar selection and router context do not change (proxies are immutable views).
  const scopeFor = memoizeWeak((proxy: RoutingProxy): SidecarScope => {
    const selection = selectSidecar(sidecars.sidecars, rootNamespace, proxy);
    const key = `${selection.sidecar?.ref ?? "default"}@${selection.configNamespace}`;
    return getOrCreate(scopes, key, () =>
      buildSidecarScope(selection, {
        registry,
        virtualServices: vsIndex.index,
        meshOutboundTrafficPolicy: options.outboundTrafficPolicy ?? "ALLOW_ANY",
      }),
    );
  });
  const destinationRule = (proxy: RoutingProxy, host: string): DestinationRuleMatch | undefined =>
    drIndex.index.lookup(proxy, host, scopeFor(proxy).clusterService(host)?.namespace);
  const contextFor = memoizeWeak(
    (proxy: RoutingProxy): RouterContext => ({
      domain,
      seed,
      catalog: {
        service: (hostname) => scopeFor(proxy).clusterService(hostname),
        subsets: (service) => destinationRule(proxy, service.hostname)?.rule.subsets.map((s) => s.name) ?? [],
      },
    }),
  );

  const prepare = (proxy: RoutingProxy, target: RouteTarget): PreparedRoute =>
    prepareRoute(scopeFor(proxy), proxy, target, contextFor(proxy));

  return {
    cluster,
    diagnostics,
    serviceEntries: entries.services,
    allocatedAddresses: allocation.addresses,
    allocationMode,
    registry,
    virtualServices: vsIndex.index,
    rootNamespace,
    domain,
    scopeFor,
    visibleService: (proxy, hostname) => scopeFor(proxy).clusterService(hostname),
    route: (proxy, request) => routePrepared(prepare(proxy, request), request),
    prepare,
    destinationRule,
    trafficPolicy: (proxy, host, port, subset) =>
      clusterTrafficPolicy(destinationRule(proxy, host), host, port, subset),
  };
}

/** The effective policy of one cluster from the DestinationRule found for its host. */
export function clusterTrafficPolicy(
  match: DestinationRuleMatch | undefined,
  host: string,
  port: number,
  subset?: string,
): ClusterTrafficPolicy {
  const base = { host, port, ...(subset !== undefined ? { subset } : {}) };
  if (match === undefined) {
    return {
      ...base,
      ...(subset !== undefined ? { subsetLabels: null } : {}),
      explanation: [
        `no DestinationRule for ${host} is visible to the client: Istio defaults (auto mTLS, LEAST_REQUEST)`,
      ],
    };
  }
  const { rule, step } = match;
  const definition = subset === undefined ? undefined : rule.subsets.find((s) => s.name === subset);
  const policy = subsetTrafficPolicy(rule, subset, port);
  const tls = destinationTls(policy);
  const explanation = [`DestinationRule ${rule.from.join(" + ")} (host ${rule.host}) found as ${step}`];
  if (subset !== undefined)
    explanation.push(
      definition === undefined
        ? `subset ${subset} is not defined: istiod builds no cluster for it`
        : `subset ${subset} selects endpoints labelled ${JSON.stringify(definition.labels)}`,
    );
  if (tls !== undefined) explanation.push(`tls.mode ${tls.mode} set by the rule (overrides auto mTLS)`);
  const p = policy as Record<string, unknown> | undefined;
  const loadBalancer = p?.loadBalancer as ClusterTrafficPolicy["loadBalancer"];
  const outlierDetection = p?.outlierDetection as ClusterTrafficPolicy["outlierDetection"];
  const localityLbSetting = (loadBalancer as { localityLbSetting?: LocalityLbSetting } | undefined)
    ?.localityLbSetting;
  return {
    ...base,
    destinationRule: { from: rule.from, host: rule.host, step },
    ...(subset !== undefined ? { subsetLabels: definition?.labels ?? null } : {}),
    ...(policy !== undefined ? { policy } : {}),
    ...(tls !== undefined ? { tls } : {}),
    ...(loadBalancer !== undefined ? { loadBalancer } : {}),
    ...(localityLbSetting !== undefined ? { localityLbSetting } : {}),
    ...(outlierDetection !== undefined ? { outlierDetection } : {}),
    explanation,
  };
}
