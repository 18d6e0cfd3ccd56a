import { memoizeWeak } from "@meshwright/core";
import { type ClusterCatalog, listenerWeightTable, pickDestination } from "./destinations";
import { hostsMatch, isIpAddress, isWildcardHost, normalizeHost } from "./host-name";
import {
  httpRequestMismatch,
  httpSourceMatches,
  type MatchableRequest,
  matchableRequest,
} from "./http-match";
import type { RoutableService } from "./routable-service";
import {
  clusterName,
  type RouteDestination,
  type RouteRequest,
  type RouteResult,
  type RoutingProxy,
  routeFailure,
} from "./route-result";
import type { ScopeListener, SidecarScope } from "./scope";
import { seededFraction } from "./seeded-pick";
import type {
  HttpMatchSpec,
  HttpRouteSpec,
  RouteDestinationSpec,
  VirtualServiceSpec,
} from "./virtual-service";

/** What the routers need besides the scope and the request. */
export interface RouterContext {
  /** Kubernetes DNS domain (`cluster.local`). */
  readonly domain: string;
  /** Seed of the deterministic weighted pick and fault percentages. */
  readonly seed: number;
  readonly catalog: ClusterCatalog;
}

/** One Envoy route: an HTTPRoute with one of its matches (or none, for a catch-all route). */
interface EnvoyRoute {
  readonly route: HttpRouteSpec;
  readonly match?: HttpMatchSpec;
}

/** The virtual host a request's authority lands on. */
type VirtualHostChoice =
  | { readonly kind: "service"; readonly service: RoutableService; readonly owner?: VirtualServiceOwner }
  | { readonly kind: "vs-host"; readonly host: string; readonly owner: VirtualServiceOwner };

interface VirtualServiceOwner {
  readonly vs: VirtualServiceSpec;
  readonly routes: readonly EnvoyRoute[];
}

/**
 * The Envoy routes a VirtualService yields for this proxy on this listener port
 * (`BuildHTTPRoutesForVirtualService`): one per (route, match) whose config-time predicates hold,
 * in order, stopping after a catch-all route.
 */
export function envoyRoutesFor(vs: VirtualServiceSpec, proxy: RoutingProxy, port: number): EnvoyRoute[] {
  const out: EnvoyRoute[] = [];
  for (const route of vs.http) {
    if (route.action.kind === "delegate") continue;
    if (route.matches.length === 0) {
      out.push({ route });
      return out;
    }
    for (const match of route.matches) {
      if (!httpSourceMatches(match, proxy, port)) continue;
      out.push({ route, match });
      if (isCatchAll(match)) return out;
    }
  }
  return out;
}

/** `IsCatchAllRoute`: prefix `/` (or no uri) and nothing else to match on. */
function isCatchAll(match: HttpMatchSpec): boolean {
  const uriAll = match.uri === undefined || (match.uri.kind === "prefix" && match.uri.value === "/");
  return (
    uriAll &&
    match.headers.length === 0 &&
    match.withoutHeaders.length === 0 &&
    match.queryParams.length === 0 &&
    match.method === undefined &&
    match.authority === undefined &&
    match.scheme === undefined
  );
}

const claimCache = new WeakMap<ScopeListener, Map<string, readonly VirtualServiceSpec[]>>();

/**
 * The VirtualServices that may own a service's virtual host, in precedence order
 * (`buildSidecarVirtualHostsForVirtualService` + `separateVSHostsAndServices`): those naming the
 * hostname exactly, and a wildcard one only if it is the most specific match for the hostname among
 * all the listener's VirtualService hosts. The first with routes for the proxy wins; duplicate
 * virtual hosts of later ones are dropped (`dedupeDomains`).
 */
function claimingVirtualServices(listener: ScopeListener, hostname: string): readonly VirtualServiceSpec[] {
  let byHost = claimCache.get(listener);
  if (byHost === undefined) {
    byHost = new Map();
    claimCache.set(listener, byHost);
  }
  let list = byHost.get(hostname);
  if (list === undefined) {
    const exact = listener.virtualServicesNaming(hostname);
    const mostSpecific = listener.hasWildcardVirtualServices
      ? listener.mostSpecificVirtualService(hostname)
      : undefined;
    const viaWildcard =
      mostSpecific !== undefined &&
      !exact.includes(mostSpecific) &&
      mostSpecific.hosts.some((h) => isWildcardHost(h) && hostsMatch(hostname, h));
    // Keep the listener's precedence order between the exact owners and the wildcard one.
    list = viaWildcard
      ? listener.virtualServices.filter((vs) => vs === mostSpecific || exact.includes(vs))
      : exact;
    byHost.set(hostname, list);
  }
  return list;
}

/**
 * The service names an authority can stand for from a proxy in `namespace`
 * (`GenerateAltVirtualHosts`): the name itself, `name` → `name.<proxy ns>.svc.<domain>`,
 * `name.ns` → `name.ns.svc.<domain>`, `name.ns.svc` → `name.ns.svc.<domain>`.
 */
export function authorityCandidates(host: string, namespace: string, domain: string): string[] {
  const out = [host];
  const dots = host.split(".").length - 1;
  if (dots === 0) out.push(`${host}.${namespace}.svc.${domain}`);
  else if (dots === 1) out.push(`${host}.svc.${domain}`);
  else if (dots === 2 && host.endsWith(".svc")) out.push(`${host}.${domain}`);
  return out;
}

/** The host part of an authority (`[v6]:port`, `host:port`, `host`), normalized. */
export function authorityHost(authority: string): string {
  if (authority.startsWith("[")) {
    const end = authority.indexOf("]");
    return normalizeHost(authority.slice(1, end < 0 ? undefined : end));
  }
  const colon = authority.lastIndexOf(":");
  const host = colon >= 0 && authority.indexOf(":") === colon ? authority.slice(0, colon) : authority;
  return normalizeHost(host);
}

/** True when the service has an HTTP (or sniffed) port `port`, so it gets a virtual host on that listener. */
function hasHttpPort(service: RoutableService, port: number): boolean {
  return service.ports.some((p) => p.port === port && (p.traffic === "http" || p.traffic === "sniffed"));
}

function chooseVirtualHost(
  listener: ScopeListener,
  proxy: RoutingProxy,
  host: string,
  port: number,
  domain: string,
): VirtualHostChoice | undefined {
  const services = isIpAddress(host)
    ? [listener.serviceByAddress(host)]
    : authorityCandidates(host, proxy.namespace, domain).map((h) => listener.service(h));
  const service = services.find((s): s is RoutableService => s !== undefined && hasHttpPort(s, port));
  if (service !== undefined) {
    for (const vs of claimingVirtualServices(listener, service.hostname)) {
      const routes = envoyRoutesFor(vs, proxy, port);
      if (routes.length > 0) return { kind: "service", service, owner: { vs, routes } };
    }
    return { kind: "service", service };
  }
  // VirtualService hosts that are not registry services get virtual hosts of their own (e.g. `google.com`
  // on port 80, the "gross hack" in buildSidecarVirtualHostsForVirtualService).
  let best: { owner: VirtualServiceOwner; host: string } | undefined;
  for (const vs of listener.virtualServices) {
    if (port !== 80 && !vs.hosts.some((h) => listener.service(h)?.ports.some((p) => p.port === port)))
      continue;
    for (const vsHost of vs.hosts) {
      const exact = vsHost === host;
      if (!exact && !(isWildcardHost(vsHost) && host.endsWith(vsHost.slice(1)))) continue;
      if (best !== undefined && (best.host === host || (!exact && best.host.length >= vsHost.length)))
        continue;
      const routes = envoyRoutesFor(vs, proxy, port);
      if (routes.length > 0) best = { owner: { vs, routes }, host: vsHost };
    }
  }
  return best === undefined ? undefined : { kind: "vs-host", host: best.host, owner: best.owner };
}

/** A virtual host with what it answers the same way for every request that lands on it. */
export interface VirtualHost {
  readonly choice: VirtualHostChoice;
  /** The registry service of the virtual host, as the result names it. */
  readonly service?: { readonly hostname: string; readonly namespace: string };
  /** Why the request is routed as it is: the owning VirtualService, or the service's default route. */
  readonly line: string;
  /** The default route's single destination, when no VirtualService with routes owns the host. */
  readonly defaultRoute?: readonly RouteDestinationSpec[];
}

/**
 * The virtual host an authority lands on at a listener (`undefined`: the catch-all one). The
 * proxy's route configuration (RDS) is fixed once istiod has pushed it: only the request's
 * matches vary, so callers keep this per destination (see `prepareRoute`).
 */
export function virtualHostOf(
  listener: ScopeListener,
  proxy: RoutingProxy,
  authority: string,
  port: number,
  domain: string,
): VirtualHost | undefined {
  const choice = chooseVirtualHost(listener, proxy, authorityHost(authority), port, domain);
  return choice === undefined ? undefined : describeVirtualHost(choice, port);
}

function describeVirtualHost(choice: VirtualHostChoice, port: number): VirtualHost {
  if (choice.kind === "vs-host") {
    return {
      choice,
      line: `${choice.owner.vs.ref} owns the virtual host ${choice.host} (a VirtualService host that is not a registry service)`,
    };
  }
  const { hostname, namespace } = choice.service;
  const service = { hostname, namespace };
  if (choice.owner === undefined) {
    return {
      choice,
      service,
      line: `no VirtualService with routes for this client claims ${hostname}: default route to ${clusterName(hostname, port)}`,
      defaultRoute: [{ host: hostname, weight: 100 }],
    };
  }
  return {
    choice,
    service,
    line: `${choice.owner.vs.ref} owns the virtual host of ${hostname}:${port} (first VirtualService for the host, precedence: namespace-local, exported, public; oldest first)`,
  };
}

/** The first line of every sidecar routing explanation: which Sidecar scope the proxy has. */
export const scopeLine = memoizeWeak((scope: SidecarScope) => `sidecar scope: ${scope.selection.reason}`);

/**
 * Routes an HTTP request at the client's sidecar (the outbound `0.0.0.0:<port>` listener's route
 * configuration): picks the virtual host by `:authority`, evaluates the owning VirtualService's
 * routes in order (first match wins), applies fault abort / redirect / direct response, or returns
 * the weight table with a seeded pick. Without a VirtualService the service's default route sends
 * everything to `outbound|<port>||<host>`. Unknown authorities take the catch-all virtual host:
 * PassthroughCluster (ALLOW_ANY) or 502 (REGISTRY_ONLY).
 */
export function routeHttp(
  scope: SidecarScope,
  proxy: RoutingProxy,
  request: RouteRequest,
  context: RouterContext,
): RouteResult {
  const listener = scope.listenerFor(request.port);
  const vhost = listener && virtualHostOf(listener, proxy, request.authority, request.port, context.domain);
  return routeAtVirtualHost(scope, vhost, request, context);
}

/** `routeHttp` once the virtual host of the request's authority is known. */
export function routeAtVirtualHost(
  scope: SidecarScope,
  vhost: VirtualHost | undefined,
  request: RouteRequest,
  context: RouterContext,
): RouteResult {
  const explanation = [scopeLine(scope)];
  if (vhost === undefined)
    return catchAll(scope, authorityHost(request.authority), request, "http", explanation);
  const { choice, service } = vhost;
  explanation.push(vhost.line);
  if (vhost.defaultRoute) {
    const destinations = listenerWeightTable(vhost.defaultRoute, request.port, context.catalog);
    return forward("http", service, undefined, undefined, destinations, request, context, explanation);
  }
  const owner = choice.owner!;
  const matchable = matchableRequest(request);
  const matched = firstMatch(owner.routes, matchable, explanation);
  if (matched === undefined) {
    explanation.push(`no route of ${owner.vs.ref} matches the request: Envoy answers 404 (NR)`);
    return {
      outcome: "route-not-found",
      protocol: "http",
      ...(service !== undefined ? { service } : {}),
      virtualService: owner.vs.ref,
      destinations: [],
      response: { status: 404 },
      failure: routeFailure("ROUTE_NOT_FOUND", "HTTP 404 Not Found (Envoy response flag NR: no route)"),
      explanation,
    };
  }
  return applyRoute(matched, owner.vs, service, request, context, explanation);
}

function firstMatch(
  routes: readonly EnvoyRoute[],
  request: MatchableRequest,
  explanation: string[],
): EnvoyRoute | undefined {
  for (const candidate of routes) {
    if (candidate.match === undefined) return candidate;
    const mismatch = httpRequestMismatch(candidate.match, request);
    if (mismatch === undefined) return candidate;
    explanation.push(`http[${candidate.route.index}].match[${candidate.match.index}] skipped: ${mismatch}`);
  }
  return undefined;
}

function applyRoute(
  matched: EnvoyRoute,
  vs: VirtualServiceSpec,
  service: { hostname: string; namespace: string } | undefined,
  request: RouteRequest,
  context: RouterContext,
  explanation: string[],
): RouteResult {
  const { route, match } = matched;
  const routeInfo = {
    index: route.index,
    ...(route.name !== undefined ? { name: route.name } : {}),
    ...(match !== undefined ? { matchIndex: match.index } : {}),
    ...(route.origin !== undefined ? { origin: route.origin } : {}),
  };
  explanation.push(
    `matched http[${route.index}]${route.name ? ` (${route.name})` : ""}${match ? ` match[${match.index}]` : " (no match conditions)"}${route.origin ? ` from ${route.origin}` : ""}: first matching route wins`,
  );
  const base = {
    protocol: "http" as const,
    ...(service ? { service } : {}),
    virtualService: vs.ref,
    route: routeInfo,
  };
  const key = requestKey(request);
  if (route.abort !== undefined) {
    if (route.abort.percentage <= 0)
      explanation.push("fault.abort has no percentage: Envoy aborts 0% of requests (istio/istio#36303)");
    else if (seededFraction(context.seed, `fault-abort|${key}`) * 100 < route.abort.percentage) {
      const status = route.abort.httpStatus ?? 200;
      explanation.push(
        `fault.abort fires for this request (${route.abort.percentage}% of requests): ${route.abort.grpcStatus ? `gRPC status ${route.abort.grpcStatus}` : `HTTP ${status}`}`,
      );
      return {
        ...base,
        outcome: "fault-abort",
        destinations: [],
        response: { status, body: "fault filter abort" },
        failure: routeFailure(
          "FAULT_ABORT",
          route.abort.grpcStatus
            ? `gRPC status ${route.abort.grpcStatus}: fault filter abort`
            : `HTTP ${status}: fault filter abort`,
        ),
        explanation,
      };
    } else explanation.push(`fault.abort (${route.abort.percentage}%) does not fire for this request`);
  }
  if (route.delay !== undefined && route.delay.percentage > 0)
    explanation.push(
      `fault.delay ${route.delay.fixedDelay ?? ""} applies to ${route.delay.percentage}% of requests`,
    );
  const action = route.action;
  if (action.kind === "redirect") {
    const location = redirectLocation(action, request);
    explanation.push(`redirect ${action.status} to ${location}`);
    return {
      ...base,
      outcome: "redirect",
      destinations: [],
      response: { status: action.status, location },
      failure: routeFailure("REDIRECT", `HTTP ${action.status}, Location: ${location}`),
      explanation,
    };
  }
  if (action.kind === "direct-response") {
    explanation.push(`direct response ${action.status}`);
    return {
      ...base,
      outcome: "direct-response",
      destinations: [],
      response: { status: action.status, ...(action.body !== undefined ? { body: action.body } : {}) },
      failure: routeFailure(
        "DIRECT_RESPONSE",
        `HTTP ${action.status}${action.body ? `: ${action.body}` : ""}`,
      ),
      explanation,
    };
  }
  // A destination without port uses the listener port (services are trimmed to that port in `servicesByName`).
  // Delegating routes never get here: they are expanded (or dropped) when the index is built.
  const specs = action.kind === "route" ? action.destinations : [];
  const destinations = listenerWeightTable(specs, request.port, context.catalog);
  return forward("http", service, vs.ref, routeInfo, destinations, request, context, explanation);
}

/** Builds a `forward` (or `cluster-not-found`) result with the seeded pick. */
export function forward(
  protocol: "http" | "tls" | "tcp",
  service: { hostname: string; namespace: string } | undefined,
  virtualService: string | undefined,
  route: RouteResult["route"],
  destinations: readonly RouteDestination[],
  request: RouteRequest,
  context: RouterContext,
  explanation: string[],
): RouteResult {
  const picked = pickDestination(destinations, context.seed, requestKey(request));
  // Absent fields stay undefined rather than spread in: one object shape, built once per request.
  const base = {
    protocol,
    service,
    virtualService,
    route,
    destinations,
    picked,
  };
  if (destinations.length > 1)
    explanation.push(
      `weighted destinations: ${destinations.map((d) => `${d.cluster} ${(d.share * 100).toFixed(1)}%`).join(", ")}; this request picks ${picked?.cluster}`,
    );
  if (picked === undefined || !picked.clusterExists) {
    explanation.push(
      `cluster ${picked?.cluster ?? "(none)"} does not exist: ${picked?.missingReason ?? "no destination"}`,
    );
    return {
      ...base,
      outcome: "cluster-not-found",
      ...(protocol === "http" ? { response: { status: 503 } } : {}),
      failure: routeFailure(
        "CLUSTER_NOT_FOUND",
        protocol === "http"
          ? "HTTP 503 Service Unavailable, empty body (Envoy response flag NC: cluster not found)"
          : "curl: (56) Recv failure: Connection reset by peer (Envoy tcp_proxy: cluster not found)",
      ),
      explanation,
    };
  }
  explanation.push(forwardLine(picked));
  return { ...base, outcome: "forward", explanation };
}

/** The last line of a forwarded request's explanation, once per weight-table row. */
const forwardLine = memoizeWeak((picked: RouteDestination) => `forward to ${picked.cluster}`);

/** What the catch-all (`allow_any` / `block_all`) virtual host or listener does with an unknown destination. */
export function catchAll(
  scope: SidecarScope,
  host: string,
  request: RouteRequest,
  protocol: "http" | "tls" | "tcp",
  explanation: string[],
): RouteResult {
  if (scope.outboundTrafficPolicy === "REGISTRY_ONLY") {
    explanation.push(
      `${host}:${request.port} is not a service in the proxy's scope and outboundTrafficPolicy is REGISTRY_ONLY: BlackHoleCluster`,
    );
    return {
      outcome: "blackhole",
      protocol,
      destinations: [],
      ...(protocol === "http" ? { response: { status: 502 } } : {}),
      failure: routeFailure(
        "BLACKHOLE",
        protocol === "http"
          ? "HTTP 502 Bad Gateway (Envoy BlackHoleCluster: REGISTRY_ONLY)"
          : "curl: (56) Recv failure: Connection reset by peer (BlackHoleCluster: REGISTRY_ONLY)",
      ),
      explanation,
    };
  }
  explanation.push(
    `${host}:${request.port} is not a service in the proxy's scope: PassthroughCluster (ALLOW_ANY) forwards to the original destination`,
  );
  return { outcome: "passthrough", protocol, destinations: [], explanation };
}

function redirectLocation(
  action: {
    readonly uri?: string;
    readonly authority?: string;
    readonly scheme?: string;
    readonly port?: number;
  },
  request: RouteRequest,
): string {
  const scheme = action.scheme ?? request.scheme ?? "http";
  const authority = action.authority ?? authorityHost(request.authority);
  const port = action.port !== undefined ? `:${action.port}` : "";
  return `${scheme}://${authority}${port}${action.uri ?? request.path ?? "/"}`;
}

/** The key that identifies a request for the seeded choices. */
export function requestKey(request: RouteRequest): string {
  return (
    request.requestKey ??
    `${request.method ?? "GET"} ${request.authority}:${request.port}${request.path ?? "/"}`
  );
}
