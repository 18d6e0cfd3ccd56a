import { ipInCidr } from "./cidr";
import { weightTable } from "./destinations";
import { hostsMatch, normalizeHost } from "./host-name";
import { l4SourceMatches } from "./http-match";
import { authorityHost, forward, type RouterContext } from "./http-router";
import type { RoutableService } from "./routable-service";
import {
  clusterName,
  type RouteRequest,
  type RouteResult,
  type RoutingProxy,
  routeFailure,
} from "./route-result";
import type { ScopeListener, SidecarScope } from "./scope";
import type { RouteDestinationSpec, VirtualServiceSpec } from "./virtual-service";

/**
 * The VirtualServices whose hosts overlap the service's hostname (`getConfigsForHost`, using the
 * bidirectional `Matches`), in the listener's precedence order.
 */
function configsForHost(listener: ScopeListener, hostname: string): VirtualServiceSpec[] {
  return listener.virtualServices.filter((vs) => vs.hosts.some((h) => hostsMatch(h, hostname)));
}

/** A destination port default for L4 routes: the only port of the service, else the listener port. */
function l4DefaultPort(context: RouterContext, listenerPort: number) {
  return (spec: RouteDestinationSpec) => {
    const ports = context.catalog.service(spec.host)?.ports ?? [];
    return ports.length === 1 ? ports[0]!.port : listenerPort;
  };
}

/**
 * Routes a plain TCP connection to a service (`buildSidecarOutboundTCPFilterChainOpts`): the first
 * `tcp` route of the host's VirtualServices whose match holds — config-time predicates (port,
 * sourceLabels, sourceNamespace, gateways) and, at connection time, `destinationSubnets` against the
 * destination address; a route without match is a catch-all. Otherwise the default cluster.
 */
export function routeTcp(
  scope: SidecarScope,
  proxy: RoutingProxy,
  service: RoutableService,
  request: RouteRequest,
  context: RouterContext,
  explanation: string[],
): RouteResult {
  const listener = scope.listenerFor(request.port);
  const target = { hostname: service.hostname, namespace: service.namespace };
  for (const vs of listener ? configsForHost(listener, service.hostname) : []) {
    for (const route of vs.tcp) {
      if (route.destinations.length === 0) continue;
      const match =
        route.matches.length === 0
          ? undefined
          : route.matches.find(
              (m) =>
                l4SourceMatches(m, proxy, request.port) &&
                (m.destinationSubnets.length === 0 ||
                  (request.destinationAddress !== undefined &&
                    m.destinationSubnets.some((cidr) => ipInCidr(request.destinationAddress!, cidr)))),
            );
      if (route.matches.length > 0 && match === undefined) {
        explanation.push(`${vs.ref} tcp[${route.index}] does not match this connection`);
        continue;
      }
      explanation.push(
        `${vs.ref} tcp[${route.index}]${match ? ` match[${match.index}]` : ""} matches: first matching tcp route wins`,
      );
      const destinations = weightTable(
        route.destinations,
        l4DefaultPort(context, request.port),
        context.catalog,
      );
      return forward(
        "tcp",
        target,
        vs.ref,
        { index: route.index, ...(match ? { matchIndex: match.index } : {}) },
        destinations,
        request,
        context,
        explanation,
      );
    }
  }
  return defaultL4Route("tcp", service, request, context, explanation);
}

/**
 * Routes a TLS connection by SNI (`buildSidecarOutboundTLSFilterChainOpts`): `tls` routes whose
 * static predicates hold become filter chains keyed by `sniHosts`; the connection takes the first
 * whose SNI (exact or `*.` suffix) and destinationSubnets match. If some tls route applies to the
 * proxy but none matches the SNI, no filter chain matches and the connection is closed; with none
 * applicable, the default cluster carries it.
 */
export function routeTls(
  scope: SidecarScope,
  proxy: RoutingProxy,
  service: RoutableService,
  request: RouteRequest,
  context: RouterContext,
  explanation: string[],
): RouteResult {
  const listener = scope.listenerFor(request.port);
  const sni = normalizeHost(request.sni ?? authorityHost(request.authority));
  const target = { hostname: service.hostname, namespace: service.namespace };
  let applicable = false;
  for (const vs of listener ? configsForHost(listener, service.hostname) : []) {
    for (const route of vs.tls) {
      if (route.destinations.length === 0) continue;
      for (const match of route.matches) {
        if (!l4SourceMatches(match, proxy, request.port)) continue;
        applicable = true;
        const sniOk = match.sniHosts.some(
          (h) => h === sni || (h.startsWith("*") && sni.endsWith(h.slice(1))),
        );
        const subnetOk =
          match.destinationSubnets.length === 0 ||
          (request.destinationAddress !== undefined &&
            match.destinationSubnets.some((cidr) => ipInCidr(request.destinationAddress!, cidr)));
        if (!sniOk || !subnetOk) continue;
        explanation.push(`${vs.ref} tls[${route.index}] match[${match.index}] matches SNI ${sni}`);
        const destinations = weightTable(
          route.destinations,
          l4DefaultPort(context, request.port),
          context.catalog,
        );
        return forward(
          "tls",
          target,
          vs.ref,
          { index: route.index, matchIndex: match.index },
          destinations,
          request,
          context,
          explanation,
        );
      }
    }
  }
  if (applicable) {
    explanation.push(
      `tls routes apply to ${service.hostname}:${request.port} but none matches SNI ${sni}: no filter chain, connection closed`,
    );
    return {
      outcome: "route-not-found",
      protocol: "tls",
      service: target,
      destinations: [],
      failure: routeFailure(
        "ROUTE_NOT_FOUND",
        "curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL (Envoy response flag NR: no filter chain match)",
      ),
      explanation,
    };
  }
  return defaultL4Route("tls", service, request, context, explanation);
}

/** The default L4 route: `outbound|<port>||<host>`, port = the service's only port, else the listener port. */
function defaultL4Route(
  protocol: "tcp" | "tls",
  service: RoutableService,
  request: RouteRequest,
  context: RouterContext,
  explanation: string[],
): RouteResult {
  const port = service.ports.length === 1 ? service.ports[0]!.port : request.port;
  explanation.push(
    `no ${protocol} route of a VirtualService applies: default route to ${clusterName(service.hostname, port)}`,
  );
  const destinations = weightTable(
    [{ host: service.hostname, port, weight: 100 }],
    () => port,
    context.catalog,
  );
  return forward(
    protocol,
    { hostname: service.hostname, namespace: service.namespace },
    undefined,
    undefined,
    destinations,
    request,
    context,
    explanation,
  );
}
