/**
 * Envoy's own view of the calling service ("local cluster", from proxy self-discovery): how many
 * healthy instances of the caller's service run in each locality (`region/zone/subzone`). Envoy's
 * zone-aware routing sends traffic to the local locality in proportion to it.
 */
export interface LocalClusterView {
  readonly hostsPerLocality: Readonly<Record<string, number>>;
}

/** One upstream locality of priority 0 as zone-aware routing sees it. */
export interface ZoneRoutingLocality {
  readonly localityKey: string;
  /** Healthy hosts in the locality. */
  readonly healthy: number;
}

/** The fraction of priority 0's requests each locality gets, or why zone routing does not apply. */
export type ZoneRoutingResult =
  | { readonly applies: true; readonly fractions: readonly number[]; readonly reason: string }
  | { readonly applies: false; readonly reason: string };

function percentages(counts: readonly number[]): number[] {
  let total = 0;
  for (const count of counts) total += count;
  return counts.map((count) => (total > 0 ? Math.floor((10000 * count) / total) : 0));
}

function noZoneRouting(reason: string): ZoneRoutingResult {
  return { applies: false, reason };
}

/**
 * Envoy zone-aware routing inside priority 0 (`regenerateLocalityRoutingStructures`,
 * `earlyExitNonLocalityRouting`, `tryChooseLocalLocalityHosts`; legacy HEALTHY_HOSTS_NUM basis, the
 * one Istio leaves configured). Preconditions: ≥ 2 upstream localities, ≥ 2 local localities, local
 * cluster instances in the proxy's locality, ≥ `minClusterSize` healthy upstream hosts. Then if the
 * proxy's locality holds at least its share of upstream hosts (in 1/10000) all requests stay there;
 * otherwise that share stays (`upstream% / local%`) and the rest goes to the other localities in
 * proportion to their residual capacity `upstream% − local%` (uniformly when none has any).
 * The simulation ignores Envoy's 1/10000 sampling bias at bucket edges, and its random fallback
 * (no residual capacity) only picks localities with healthy hosts.
 */
export function zoneRoutingFractions(
  localities: readonly ZoneRoutingLocality[],
  proxyLocalityKey: string,
  localCluster: LocalClusterView | undefined,
  minClusterSize: number,
): ZoneRoutingResult {
  if (localCluster === undefined) {
    return noZoneRouting("Envoy knows no local cluster (proxy self-discovery off): no zone routing");
  }
  if (localities.length < 2)
    return noZoneRouting("fewer than 2 upstream localities in priority 0: no zone routing");
  const localKeys = Object.keys(localCluster.hostsPerLocality).filter(
    (key) => localCluster.hostsPerLocality[key]! > 0,
  );
  if (localKeys.length < 2)
    return noZoneRouting("the local cluster spans fewer than 2 localities: no zone routing");
  if ((localCluster.hostsPerLocality[proxyLocalityKey] ?? 0) <= 0) {
    return noZoneRouting("the local cluster has no instance in the proxy's locality: no zone routing");
  }
  let healthy = 0;
  for (const locality of localities) healthy += locality.healthy;
  if (healthy < minClusterSize) {
    return noZoneRouting(`${healthy} healthy hosts < min_cluster_size ${minClusterSize}: no zone routing`);
  }

  let localTotal = 0;
  for (const key of localKeys) localTotal += localCluster.hostsPerLocality[key]!;
  const upstream = percentages(localities.map((locality) => locality.healthy));
  const local = localities.map((locality) =>
    localTotal > 0
      ? Math.floor((10000 * (localCluster.hostsPerLocality[locality.localityKey] ?? 0)) / localTotal)
      : 0,
  );
  const self = localities.findIndex((locality) => locality.localityKey === proxyLocalityKey);
  const fractions = localities.map(() => 0);
  if (self >= 0 && upstream[self]! > 0 && upstream[self]! >= local[self]!) {
    fractions[self] = 1;
    return {
      applies: true,
      fractions,
      reason: "the proxy's locality has enough upstream hosts: all requests stay in it",
    };
  }
  const direct =
    self >= 0 && local[self]! > 0 ? Math.floor((upstream[self]! * 10000) / local[self]!) / 10000 : 0;
  if (self >= 0) fractions[self] = direct;
  const residual = localities.map((_, i) => (i === self ? 0 : Math.max(0, upstream[i]! - local[i]!)));
  let residualTotal = 0;
  for (const value of residual) residualTotal += value;
  const withHosts = localities.filter((locality) => locality.healthy > 0).length;
  localities.forEach((locality, i) => {
    // No residual capacity anywhere (rounding): Envoy picks a random locality; only ones with hosts can answer.
    const cross = residualTotal > 0 ? residual[i]! / residualTotal : locality.healthy > 0 ? 1 / withHosts : 0;
    fractions[i]! += (1 - direct) * cross;
  });
  return {
    applies: true,
    fractions,
    reason: `the proxy's locality keeps ${(direct * 100).toFixed(2)}% (upstream share below local share); the rest goes by residual capacity`,
  };
}
