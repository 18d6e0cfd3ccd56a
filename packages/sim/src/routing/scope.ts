import { mostSpecificHostMatch } from "./host-name";
import { pickServiceForNamespace, type RoutingRegistry, serviceVisibleIn } from "./registry";
import type { RoutableService } from "./routable-service";
import {
  ANY_NAMESPACE,
  classifyEgressHosts,
  type EgressHosts,
  egressExcludesHost,
  egressImportsHost,
  type OutboundTrafficMode,
  type SidecarSelection,
} from "./sidecar";
import type { VirtualServiceSpec } from "./virtual-service";
import { selectVirtualServices, type VirtualServiceIndex } from "./vs-index";

/** One egress listener of a proxy's scope. */
export interface ScopeListener {
  /** The listener's port; undefined = catch-all. */
  readonly port?: number;
  /** The VirtualServices this listener imports, in precedence order. */
  readonly virtualServices: readonly VirtualServiceSpec[];
  /** The service this listener imports for a hostname (`IstioEgressListenerWrapper.Services()`), if any. */
  service(hostname: string): RoutableService | undefined;
  /** The imported service owning an address (VIP, ServiceEntry or auto-allocated address), if any. */
  serviceByAddress(address: string): RoutableService | undefined;
  /**
   * The VirtualService that owns a hostname through a wildcard host (`computeWildcardHostVirtualServiceIndex`):
   * the VirtualService with the most specific host covering it, an exact host beating any wildcard.
   */
  mostSpecificVirtualService(hostname: string): VirtualServiceSpec | undefined;
  /** The listener's VirtualServices naming `hostname` exactly, in precedence order. */
  virtualServicesNaming(hostname: string): readonly VirtualServiceSpec[];
  /** Whether any VirtualService of the listener has a wildcard host. */
  readonly hasWildcardVirtualServices: boolean;
  /** Whether a VirtualService of the listener routes to `hostname` (`virtualServiceDestinations`). */
  routesTo(hostname: string): boolean;
}

/**
 * What a sidecar sees (`SidecarScope`): which services it imports per egress listener, which
 * VirtualServices apply, which services it has clusters for, and what happens to unknown hosts.
 */
export interface SidecarScope {
  /** Stable key: the Sidecar (or `default`) and the config namespace. */
  readonly id: string;
  readonly selection: SidecarSelection;
  readonly listeners: readonly ScopeListener[];
  readonly outboundTrafficPolicy: OutboundTrafficMode;
  /** `GetEgressListenerForRDS`: the listener of this port, else the catch-all listener. */
  listenerFor(port: number): ScopeListener | undefined;
  /**
   * The service istiod builds clusters for under this hostname (`SidecarScope.services`): imported by
   * a listener, or inferred from a VirtualService destination (`collectImportedServices`).
   */
  clusterService(hostname: string): RoutableService | undefined;
}

/** What a scope is built from. */
export interface ScopeInputs {
  readonly registry: RoutingRegistry;
  readonly virtualServices: VirtualServiceIndex;
  readonly meshOutboundTrafficPolicy: OutboundTrafficMode;
}

/** Builds the scope of a Sidecar selection (lazily: lookups are computed per hostname and cached). */
export function buildSidecarScope(selection: SidecarSelection, inputs: ScopeInputs): SidecarScope {
  const configNamespace = selection.configNamespace;
  const sidecar = selection.sidecar;
  const candidates = inputs.virtualServices.forNamespace(configNamespace);
  const listeners = (sidecar?.egress ?? [{ hosts: ["*/*"] }]).map((egress) => {
    const hosts = classifyEgressHosts(egress.hosts, configNamespace);
    const importsAll = isImportAll(hosts);
    return buildListener(
      egress.port,
      importsAll ? candidates : selectVirtualServices(candidates, hosts),
      importsAll ? undefined : hosts,
      configNamespace,
      inputs.registry,
    );
  });
  const catchAll = listeners.find((l) => l.port === undefined);
  const clusterCache = new Map<string, RoutableService | undefined>();
  return {
    id: `${sidecar?.ref ?? "default"}@${configNamespace}`,
    selection,
    listeners,
    outboundTrafficPolicy: sidecar?.outboundTrafficPolicy ?? inputs.meshOutboundTrafficPolicy,
    listenerFor: (port) => listeners.find((l) => l.port === port) ?? catchAll,
    clusterService(hostname) {
      if (clusterCache.has(hostname)) return clusterCache.get(hostname);
      const found = findClusterService(hostname, listeners, configNamespace, inputs.registry);
      clusterCache.set(hostname, found);
      return found;
    },
  };
}

function isImportAll(hosts: ReadonlyMap<string, EgressHosts>): boolean {
  if (hosts.size !== 1) return false;
  const any = hosts.get(ANY_NAMESPACE);
  return any !== undefined && any.excluded.length === 0 && any.all.includes("*");
}

function buildListener(
  port: number | undefined,
  virtualServices: readonly VirtualServiceSpec[],
  hosts: ReadonlyMap<string, EgressHosts> | undefined,
  configNamespace: string,
  registry: RoutingRegistry,
): ScopeListener {
  const cache = new Map<string, RoutableService | undefined>();
  const anyNamespace = hosts?.get(ANY_NAMESPACE);
  const imported = (service: RoutableService): boolean => {
    if (!serviceVisibleIn(service, configNamespace)) return false;
    if (port !== undefined && !service.ports.some((p) => p.port === port)) return false;
    if (hosts === undefined) return true;
    const own = hosts.get(service.namespace);
    if (egressExcludesHost(own, service.hostname) || egressExcludesHost(anyNamespace, service.hostname))
      return false;
    return (
      (own !== undefined && egressImportsHost(own, service.hostname)) ||
      (anyNamespace !== undefined && egressImportsHost(anyNamespace, service.hostname))
    );
  };
  const service = (hostname: string) => {
    if (cache.has(hostname)) return cache.get(hostname);
    const found = pickServiceForNamespace(registry.byHostname(hostname).filter(imported), configNamespace);
    cache.set(hostname, found);
    return found;
  };
  let vsHostIndex:
    | { exact: Map<string, VirtualServiceSpec>; wildcard: Map<string, VirtualServiceSpec> }
    | undefined;
  let naming: Map<string, VirtualServiceSpec[]> | undefined;
  let destinations: Set<string> | undefined;
  return {
    hasWildcardVirtualServices: virtualServices.some((vs) => vs.hosts.some((h) => h.startsWith("*"))),
    virtualServicesNaming(hostname) {
      if (naming === undefined) {
        naming = new Map();
        for (const vs of virtualServices) {
          for (const host of new Set(vs.hosts)) {
            const list = naming.get(host) ?? [];
            list.push(vs);
            naming.set(host, list);
          }
        }
      }
      return naming.get(hostname) ?? [];
    },
    routesTo(hostname) {
      if (destinations === undefined) {
        destinations = new Set();
        for (const vs of virtualServices) for (const host of destinationHosts(vs)) destinations.add(host);
      }
      return destinations.has(hostname);
    },
    ...(port !== undefined ? { port } : {}),
    virtualServices,
    service,
    serviceByAddress: (address) => registry.byAddress(address).find((s) => service(s.hostname) === s),
    mostSpecificVirtualService(hostname) {
      if (vsHostIndex === undefined) {
        vsHostIndex = { exact: new Map(), wildcard: new Map() };
        for (const vs of virtualServices) {
          for (const host of vs.hosts) {
            const map = host.startsWith("*") ? vsHostIndex.wildcard : vsHostIndex.exact;
            if (!map.has(host)) map.set(host, vs);
          }
        }
      }
      return mostSpecificHostMatch(hostname, vsHostIndex.exact, vsHostIndex.wildcard)?.value;
    },
  };
}

/**
 * `collectImportedServices`: listener imports first; then destinations of the listeners'
 * VirtualServices — the config namespace's service of that hostname (even if not exported), else the
 * best visible one (a Kubernetes Service, else the oldest: `pickBestVisibleNamespace`).
 */
function findClusterService(
  hostname: string,
  listeners: readonly ScopeListener[],
  configNamespace: string,
  registry: RoutingRegistry,
): RoutableService | undefined {
  for (const listener of listeners) {
    const found = listener.service(hostname);
    if (found) return found;
  }
  if (!listeners.some((l) => l.routesTo(hostname))) return undefined;
  const byNamespace = registry.byHostname(hostname);
  const own = byNamespace.find((s) => s.namespace === configNamespace);
  if (own) return own;
  const visible = byNamespace.filter((s) => serviceVisibleIn(s, configNamespace));
  return visible.find((s) => s.registry === "Kubernetes") ?? visible[0];
}

const destinationHostCache = new WeakMap<VirtualServiceSpec, ReadonlySet<string>>();

/** Every destination host of a VirtualService (`virtualServiceDestinations`), memoized per object. */
export function destinationHosts(vs: VirtualServiceSpec): ReadonlySet<string> {
  let hosts = destinationHostCache.get(vs);
  if (hosts === undefined) {
    const set = new Set<string>();
    for (const route of vs.http)
      if (route.action.kind === "route") for (const d of route.action.destinations) set.add(d.host);
    for (const route of [...vs.tcp, ...vs.tls]) for (const d of route.destinations) set.add(d.host);
    hosts = set;
    destinationHostCache.set(vs, hosts);
  }
  return hosts;
}
