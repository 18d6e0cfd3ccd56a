import type { RouteResult } from "../routing";
import type { Flow } from "./flow";

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
