import { type HealthStatus, type Locality, localityString } from "@meshwright/core";

/**
 * The endpoint fields locality LB reads. The registry's `RegistryEndpoint` and the EDS view's
 * endpoints (including gateway pseudo-endpoints) both have them, so every rule is generic over the
 * concrete endpoint type and hands it back unchanged.
 */
export interface LbEndpoint {
  readonly address: string;
  readonly cluster: string;
  readonly network: string;
  readonly locality: Locality;
  /** Topology-augmented labels (`failoverPriority` reads them). */
  readonly labels: Readonly<Record<string, string>>;
  /** LB weight (ztunnel: WDS capacity); unset or 0 counts as 1. */
  readonly weight: number;
  readonly health: HealthStatus;
  /** The workload it belongs to (gateway pseudo-endpoints may have none). */
  readonly workloadId?: string | undefined;
  /** Kubernetes node (ztunnel NODE scope). */
  readonly node?: string | undefined;
}

/**
 * One EDS `LocalityLbEndpoints` as istiod sends it to one calling proxy: the locality, the Envoy
 * priority, the group's `load_balancing_weight` and its endpoints.
 */
export interface LocalityLbGroup<E extends LbEndpoint = LbEndpoint> {
  readonly locality: Locality;
  /** `region/zone/subzone`: the key istiod groups and sorts by. */
  readonly localityKey: string;
  readonly priority: number;
  readonly weight: number;
  /** Empty when `distribute` gave the locality no weight (istiod clears its endpoints). */
  readonly endpoints: readonly E[];
}

/** An endpoint's LB weight as istiod reads it (`IstioEndpoint.GetLoadBalancingWeight`: unset or 0 → 1). */
export function endpointWeight(endpoint: LbEndpoint): number {
  return endpoint.weight > 0 ? endpoint.weight : 1;
}

/** Σ of the endpoints' LB weights: an EDS group's weight (`generate`, `applyFailoverPriorityPerLocality`). */
export function sumEndpointWeights(endpoints: readonly LbEndpoint[]): number {
  let total = 0;
  for (const endpoint of endpoints) total += endpointWeight(endpoint);
  return total;
}

function sameLocality(a: Locality, b: Locality): boolean {
  return a === b || (a.region === b.region && a.zone === b.zone && a.subzone === b.subzone);
}

const SLASH = 0x2f;

function compareSegment(x: string, y: string, last: boolean): number {
  if (x === y) return 0;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const difference = x.charCodeAt(i) - y.charCodeAt(i);
    if (difference !== 0) return difference;
  }
  // One is a prefix of the other: in the key string the shorter one goes on with "/" (the subzone just ends).
  if (last) return x.length - y.length;
  return x.length < y.length ? SLASH - y.charCodeAt(n) : x.charCodeAt(n) - SLASH;
}

/**
 * Orders localities exactly as their `region/zone/subzone` strings sort (istiod `sort.Strings`),
 * without building the strings: grouping runs for every (proxy, service) pair.
 */
export function compareLocalities(a: Locality, b: Locality): number {
  return (
    compareSegment(a.region, b.region, false) ||
    compareSegment(a.zone, b.zone, false) ||
    compareSegment(a.subzone, b.subzone, true)
  );
}

function byLocality(a: LocalityLbGroup, b: LocalityLbGroup): number {
  return compareLocalities(a.locality, b.locality);
}

/**
 * Groups endpoints by locality the way istiod's EDS builder does (`endpoint_builder.go` `generate`,
 * istio-semantics §1.2 step 2): one group per locality string, groups sorted by that string,
 * endpoints in input order, group weight = Σ endpoint weights, every group at priority 0.
 * Gateway pseudo-endpoints keep the remote locality they stand for, so they group with it.
 */
export function localityLbGroups<E extends LbEndpoint>(endpoints: readonly E[]): LocalityLbGroup<E>[] {
  // A service has few localities: a linear scan beats hashing a key string per endpoint. The
  // endpoints mostly come in runs of one locality (an EDS view's groups, flattened), so the bucket
  // of the previous endpoint is tried first.
  const buckets: { locality: Locality; members: E[]; weight: number }[] = [];
  let last: (typeof buckets)[number] | undefined;
  for (const endpoint of endpoints) {
    let bucket = last !== undefined && sameLocality(last.locality, endpoint.locality) ? last : undefined;
    for (let i = 0; bucket === undefined && i < buckets.length; i++) {
      if (sameLocality(buckets[i]!.locality, endpoint.locality)) bucket = buckets[i];
    }
    if (bucket === undefined) {
      bucket = { locality: endpoint.locality, members: [endpoint], weight: endpointWeight(endpoint) };
      buckets.push(bucket);
    } else {
      bucket.members.push(endpoint);
      bucket.weight += endpointWeight(endpoint);
    }
    last = bucket;
  }
  const groups: LocalityLbGroup<E>[] = buckets.map((bucket) => ({
    locality: bucket.locality,
    localityKey: localityString(bucket.locality),
    priority: 0,
    weight: bucket.weight,
    endpoints: bucket.members,
  }));
  if (groups.length > 1) groups.sort(byLocality);
  return groups;
}

/** How explanations name an endpoint: its workload id, else its address (gateway pseudo-endpoints). */
export function endpointName(endpoint: LbEndpoint): string {
  return (
    endpoint.workloadId ??
    (endpoint.address === "" ? `(address-less, ${endpoint.network})` : endpoint.address)
  );
}
