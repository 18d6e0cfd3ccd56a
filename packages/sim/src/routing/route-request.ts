import { isIpAddress } from "./host-name";
import {
  authorityCandidates,
  authorityHost,
  catchAll,
  type RouterContext,
  routeAtVirtualHost,
  scopeLine,
  type VirtualHost,
  virtualHostOf,
} from "./http-router";
import { routeTcp, routeTls } from "./l4-router";
import type { RoutableService } from "./routable-service";
import { type RouteRequest, type RouteResult, type RoutingProxy, routeFailure } from "./route-result";
import type { ScopeListener, SidecarScope } from "./scope";

/** Where a request goes, before anything of its content is read: what picks the listener and the virtual host. */
export type RouteTarget = Pick<RouteRequest, "protocol" | "authority" | "port" | "destinationAddress">;

/**
 * What a proxy's listener and route configuration decide for one target, whatever the request
 * carries (Envoy's config, as opposed to its per-request evaluation): the service whose listener
 * takes the connection and, for HTTP, the virtual host. Build it with `prepareRoute` and route any
 * number of requests to that same target with `routePrepared`.
 */
export interface PreparedRoute {
  readonly scope: SidecarScope;
  readonly proxy: RoutingProxy;
  readonly context: RouterContext;
  readonly protocol: "http" | "tls" | "tcp";
  readonly service?: RoutableService;
  /** The protocol of the service's port, when the service has the port. */
  readonly traffic?: RoutableService["ports"][number]["traffic"];
  /** Set when the request is routed as HTTP: the virtual host (`undefined` inside: the catch-all one). */
  readonly http?: { readonly vhost: VirtualHost | undefined };
}

/**
 * Routes a request at the client's sidecar, choosing the path Envoy's listeners would: a service
 * whose VIP is the destination address (or, failing that, whose name is the authority) decides by
 * the protocol of its port — TCP ports get `tcp` routes even for HTTP requests (no L7 routing),
 * TLS/HTTPS ports `tls` routes by SNI, HTTP and undeclared (sniffed) ports `http` routes for HTTP
 * requests; opaque traffic on a sniffed port falls back to TCP.
 */
export function routeRequest(
  scope: SidecarScope,
  proxy: RoutingProxy,
  request: RouteRequest,
  context: RouterContext,
): RouteResult {
  return routePrepared(prepareRoute(scope, proxy, request, context), request);
}

/** The request-independent part of `routeRequest` for `target` (see `PreparedRoute`). */
export function prepareRoute(
  scope: SidecarScope,
  proxy: RoutingProxy,
  target: RouteTarget,
  context: RouterContext,
): PreparedRoute {
  const protocol = target.protocol ?? "http";
  const listener = scope.listenerFor(target.port);
  const service = listener && listenerService(listener, proxy.namespace, target, context.domain);
  const traffic = service?.ports.find((p) => p.port === target.port)?.traffic;
  const base = {
    scope,
    proxy,
    context,
    protocol,
    ...(service ? { service } : {}),
    ...(traffic ? { traffic } : {}),
  };
  const viaHttp = protocol === "http" && traffic !== "tcp" && traffic !== "tls";
  if (!viaHttp) return base;
  const vhost = listener && virtualHostOf(listener, proxy, target.authority, target.port, context.domain);
  return { ...base, http: { vhost } };
}

/**
 * Routes a request to the target `prepared` was made for (its authority, port, destination address
 * and protocol are those of `request`).
 */
export function routePrepared(prepared: PreparedRoute, request: RouteRequest): RouteResult {
  const { scope, proxy, context, protocol, service, traffic } = prepared;
  if (prepared.http) return routeAtVirtualHost(scope, prepared.http.vhost, request, context);
  if (service === undefined || traffic === undefined) {
    const host = authorityHost(request.authority);
    return catchAll(scope, request.destinationAddress ?? host, request, protocol, [scopeLine(scope)]);
  }
  const explanation = [scopeLine(scope)];
  if (traffic === "tcp") {
    explanation.push(
      `port ${request.port} of ${service.hostname} is declared TCP: the connection is proxied as opaque TCP${protocol === "http" ? " (no HTTP routing, VirtualService http routes do not apply)" : ""}`,
    );
    return routeTcp(scope, proxy, service, request, context, explanation);
  }
  if (traffic === "tls") {
    explanation.push(`port ${request.port} of ${service.hostname} is declared TLS/HTTPS: routed by SNI`);
    return routeTls(scope, proxy, service, request, context, explanation);
  }
  if (traffic === "http") {
    explanation.push(
      `port ${request.port} of ${service.hostname} is declared HTTP: Envoy's HTTP codec rejects ${protocol.toUpperCase()} bytes and closes the connection`,
    );
    return {
      outcome: "route-not-found",
      protocol,
      service: { hostname: service.hostname, namespace: service.namespace },
      destinations: [],
      failure: routeFailure(
        "ROUTE_NOT_FOUND",
        "curl: (56) Recv failure: Connection reset by peer (HTTP listener received non-HTTP bytes)",
        "Declare the port's real protocol (name it tcp-* / tls-*, or set appProtocol).",
      ),
      explanation,
    };
  }
  explanation.push(
    `port ${request.port} of ${service.hostname} is undeclared (protocol sniffing): non-HTTP traffic is proxied as TCP`,
  );
  return routeTcp(scope, proxy, service, request, context, explanation);
}

/**
 * The service whose listener takes the connection: the one owning the destination address, else the
 * one the authority names (`GenerateAltVirtualHosts` candidates from the proxy's namespace), on the
 * target's port.
 */
function listenerService(
  listener: ScopeListener,
  namespace: string,
  target: RouteTarget,
  domain: string,
): RoutableService | undefined {
  const onPort = (s: RoutableService | undefined) =>
    s?.ports.some((p) => p.port === target.port) ? s : undefined;
  const host = authorityHost(target.authority);
  const byAddress = target.destinationAddress
    ? onPort(listener.serviceByAddress(target.destinationAddress))
    : undefined;
  if (byAddress) return byAddress;
  return isIpAddress(host)
    ? onPort(listener.serviceByAddress(host))
    : authorityCandidates(host, namespace, domain)
        .map((h) => onPort(listener.service(h)))
        .find((s) => s !== undefined);
}
