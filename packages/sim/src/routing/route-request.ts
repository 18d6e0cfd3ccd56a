import { isIpAddress } from "./host-name";
import { authorityCandidates, authorityHost, catchAll, type RouterContext, routeHttp } from "./http-router";
import { routeTcp, routeTls } from "./l4-router";
import type { RoutableService } from "./routable-service";
import { type RouteRequest, type RouteResult, type RoutingProxy, routeFailure } from "./route-result";
import type { SidecarScope } from "./scope";

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
  const protocol = request.protocol ?? "http";
  const listener = scope.listenerFor(request.port);
  const onPort = (s: RoutableService | undefined) =>
    s?.ports.some((p) => p.port === request.port) ? s : undefined;
  const host = authorityHost(request.authority);
  const byAddress = request.destinationAddress
    ? onPort(listener?.serviceByAddress(request.destinationAddress))
    : undefined;
  const byName = isIpAddress(host)
    ? onPort(listener?.serviceByAddress(host))
    : authorityCandidates(host, proxy.namespace, context.domain)
        .map((h) => onPort(listener?.service(h)))
        .find((s) => s !== undefined);
  const service = byAddress ?? byName;
  const traffic = service?.ports.find((p) => p.port === request.port)?.traffic;
  const explanation = [`sidecar scope: ${scope.selection.reason}`];
  if (service === undefined || traffic === undefined) {
    if (protocol === "http") return routeHttp(scope, proxy, request, context);
    return catchAll(scope, request.destinationAddress ?? host, request, protocol, explanation);
  }
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
  if (protocol === "http") return routeHttp(scope, proxy, request, context);
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
