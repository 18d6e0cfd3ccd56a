import { memoizeWeak } from "@meshwright/core";
import type { RequestTarget } from "../request/target";
import { type PreparedRoute, type RouteResult, type RoutingProxy, routePrepared } from "../routing";
import type { SimContext } from "./context";
import type { Flow } from "./flow";
import type { PlaneView } from "./plane-view";
import type { OutboundRequest } from "./sidecar-outbound";

/**
 * Routes a request at an Envoy (a client sidecar or a waypoint) with its istiod's routing config,
 * recording each routing decision on the flow with `reason`. The authority is what curl sends: the
 * host alone on HTTP port 80, else host:port.
 */
export function routeAt(
  ctx: SimContext,
  flow: Flow,
  plane: PlaneView,
  proxy: RoutingProxy,
  req: OutboundRequest,
  protocol: "http" | "tls" | "tcp",
  reason: string,
): RouteResult {
  const { target } = req;
  const authority = target.port === 80 && protocol === "http" ? target.host : hostAndPort(target);
  const request = {
    protocol,
    authority,
    port: target.port,
    destinationAddress: req.address,
    method: req.method,
    path: target.path || "/",
    headers: req.headers,
    requestKey: req.requestKey,
  };
  const kept = ctx.memos.preparedRoutes.get([plane.routing, proxy, target, protocol], () => ({
    address: req.address,
    prepared: plane.routing.prepare(proxy, request),
  }));
  // The caller's DNS answer for a target is always the same; another address is another destination.
  const prepared = kept.address === req.address ? kept.prepared : plane.routing.prepare(proxy, request);
  const route = routePrepared(prepared, request);
  for (const line of route.explanation) flow.decide("route", line, reason);
  return route;
}

/**
 * What a proxy's routing config decides for a target (URL) it sends to, with the address DNS gave
 * for it (kept in `SimMemos.preparedRoutes`): only the request's content is evaluated per request.
 */
export interface KeptRoute {
  readonly address: string;
  readonly prepared: PreparedRoute;
}

/**
 * A routing outcome other than forwarding, as the Envoy that routed answers it: the router's own
 * failure (route or cluster not found, fault abort...), or a direct response / redirect it sends
 * itself, or — with neither — no route at all.
 */
export function failRoute(flow: Flow, route: RouteResult, proxy: "sidecar" | "waypoint"): void {
  if (route.failure) {
    flow.failWith({
      code: route.failure.code,
      name: route.failure.name,
      symptom: route.failure.symptom,
      reason: route.explanation.at(-1) ?? route.outcome,
      fix: route.failure.fix,
    });
  } else if (route.response) {
    flow.decide("route", `the ${proxy} answers itself: HTTP ${route.response.status}`, route.outcome);
  } else {
    flow.fail("NO_ROUTE", `the ${proxy} has no route for this request (${route.outcome})`);
  }
}

/** `host:port` of a target, once per (memoised) target: routing memos key on it. */
const hostAndPort = memoizeWeak((target: RequestTarget) => `${target.host}:${target.port}`);
