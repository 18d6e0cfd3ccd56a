import { getOrCreate } from "@meshwright/core";
import type { RoutableService } from "./routable-service";
import { clusterName, type RouteDestination } from "./route-result";
import { pickByWeight, seededFraction } from "./seeded-pick";
import type { RouteDestinationSpec } from "./virtual-service";

/** What istiod builds clusters for, from the client proxy's point of view. */
export interface ClusterCatalog {
  /** The service behind a hostname in the proxy's scope (`SidecarScope.services`). */
  service(hostname: string): RoutableService | undefined;
  /** The subsets the proxy's DestinationRule for the service defines (empty when no rule applies). */
  subsets(service: RoutableService): readonly string[];
}

/**
 * The weight table of a route (`applyHTTPRouteDestination`): one destination gets the whole
 * traffic whatever its weight; with several, weight-0 destinations are dropped and each gets
 * weight / Σ weights. A destination's port defaults to `defaultPort` (the listener port).
 * Each row says whether its cluster exists: the host must be a service of the scope with that port,
 * and a subset must be defined by the DestinationRule the proxy uses (no cluster → Envoy 503 `NC`).
 */
export function weightTable(
  specs: readonly RouteDestinationSpec[],
  defaultPort: (spec: RouteDestinationSpec) => number,
  catalog: ClusterCatalog,
): RouteDestination[] {
  const kept = specs.length === 1 ? [{ ...specs[0]!, weight: 100 }] : specs.filter((s) => s.weight > 0);
  // Invalid configs (all weights 0, reported as MW4021) are split evenly instead of rejected.
  const rows = kept.length > 0 ? kept : specs.map((s) => ({ ...s, weight: 1 }));
  const total = rows.reduce((sum, r) => sum + r.weight, 0);
  return rows.map((spec) => {
    const port = spec.port ?? defaultPort(spec);
    const missing = missingCluster(spec, port, catalog);
    return {
      host: spec.host,
      ...(spec.subset !== undefined ? { subset: spec.subset } : {}),
      port,
      weight: spec.weight,
      share: total > 0 ? spec.weight / total : 0,
      cluster: clusterName(spec.host, port, spec.subset),
      clusterExists: missing === undefined,
      ...(missing !== undefined ? { missingReason: missing } : {}),
    };
  });
}

const listenerTables = new WeakMap<
  ClusterCatalog,
  WeakMap<readonly RouteDestinationSpec[], Map<number, readonly RouteDestination[]>>
>();

/**
 * `weightTable` for destinations whose port defaults to the listener port (HTTP routes), kept per
 * (catalog, route destinations, port): a proxy's clusters do not change between requests, so its
 * route's table is built once.
 */
export function listenerWeightTable(
  specs: readonly RouteDestinationSpec[],
  port: number,
  catalog: ClusterCatalog,
): readonly RouteDestination[] {
  const bySpecs = getOrCreate(listenerTables, catalog, () => new WeakMap());
  const byPort = getOrCreate(bySpecs, specs, () => new Map<number, readonly RouteDestination[]>());
  return getOrCreate(byPort, port, () => weightTable(specs, () => port, catalog));
}

function missingCluster(
  spec: RouteDestinationSpec,
  port: number,
  catalog: ClusterCatalog,
): string | undefined {
  const service = catalog.service(spec.host);
  if (service === undefined) return `no service ${spec.host} is visible to the client (IST0101)`;
  if (!service.ports.some((p) => p.port === port)) return `service ${spec.host} has no port ${port}`;
  if (spec.subset !== undefined && !catalog.subsets(service).includes(spec.subset))
    return `no DestinationRule visible to the client defines subset ${spec.subset} of ${spec.host}`;
  return undefined;
}

/** The seeded pick among the table's rows (Envoy's weighted_clusters choice for this request). */
export function pickDestination(
  table: readonly RouteDestination[],
  seed: number,
  key: string,
): RouteDestination | undefined {
  // One row takes every request (when its weight is positive): no draw to make.
  if (table.length === 1) return table[0]!.weight > 0 ? table[0] : undefined;
  return pickByWeight(table, seededFraction(seed, `weighted-cluster|${key}`));
}
