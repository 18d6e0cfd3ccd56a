import type { Diagnostic } from "@meshwright/core";
import { routingDiagnostic } from "./codes";
import type { DestinationRuleSpec } from "./destination-rule";
import { hostSubsetOf } from "./host-name";
import type { RoutingRegistry } from "./registry";
import type { RouteDestinationSpec, VirtualServiceSpec } from "./virtual-service";

/**
 * Compile-time checks of VirtualService destinations (what Istio's analyzer reports as IST0101
 * ReferencedResourceNotFound): a host that is no service of the registry, or a subset that no
 * DestinationRule of the cluster defines for it. At request time such routes end in 503 NC.
 */
export function destinationDiagnostics(
  virtualServices: readonly VirtualServiceSpec[],
  registry: RoutingRegistry,
  rules: readonly DestinationRuleSpec[],
  cluster: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const subsetsOf = (host: string) =>
    rules.filter((r) => hostSubsetOf(host, r.host)).flatMap((r) => r.subsets.map((s) => s.name));
  const check = (vs: VirtualServiceSpec, destination: RouteDestinationSpec, path: string) => {
    if (registry.byHostname(destination.host).length === 0) {
      out.push(
        routingDiagnostic("VS_DESTINATION_NOT_FOUND", {
          message: `${vs.ref} routes to ${destination.host}, which is not a Service or ServiceEntry host this istiod knows`,
          path: `${path}.destination.host`,
          cluster,
          found: destination.host,
        }),
      );
      return;
    }
    if (destination.subset !== undefined && !subsetsOf(destination.host).includes(destination.subset))
      out.push(
        routingDiagnostic("VS_SUBSET_NOT_FOUND", {
          message: `${vs.ref} routes to subset ${destination.subset} of ${destination.host}, which no DestinationRule of the cluster defines`,
          path: `${path}.destination.subset`,
          cluster,
          found: destination.subset,
        }),
      );
  };
  for (const vs of virtualServices) {
    for (const route of vs.http) {
      if (route.action.kind !== "route") continue;
      route.action.destinations.forEach((d, i) => {
        check(vs, d, `$.spec.http[${route.index}].route[${i}]`);
      });
    }
    for (const [kind, routes] of [
      ["tcp", vs.tcp],
      ["tls", vs.tls],
    ] as const) {
      for (const route of routes)
        route.destinations.forEach((d, i) => {
          check(vs, d, `$.spec.${kind}[${route.index}].route[${i}]`);
        });
    }
  }
  return out;
}
