import type { Locality } from "@meshwright/core";
import type { ClusterLbFlags } from "./cluster-flags";
import type { DistributionOutcome, EndpointShare } from "./endpoint-share";
import type { LocalClusterView } from "./envoy-zone-routing";
import { explain, type LbRule, SOURCES, type StepSink } from "./explanation";
import { type HostSource, type PriorityHostSet, withinPriorityFractions } from "./host-selection";
import type { LbEndpoint, LocalityLbGroup } from "./locality-groups";
import { type PriorityHosts, type PriorityLoads, priorityLoads } from "./priority-load";

/** What else Envoy's runtime needs besides the groups and flags. */
export interface RequestSharesOptions {
  /** Workload ids Envoy's outlier detection has ejected (they count as unhealthy hosts). */
  readonly ejected?: ReadonlySet<string> | undefined;
  /** The calling proxy's locality (zone-aware routing compares it to the upstream localities). */
  readonly proxyLocality?: Locality | undefined;
  /** The caller's own service per locality, for zone-aware routing (absent = Envoy has no local cluster). */
  readonly localCluster?: LocalClusterView | undefined;
  /** Explanation steps are appended here when given. */
  readonly steps?: StepSink | undefined;
}

/** Envoy's answer for a cluster: the share of requests per endpoint and the priority loads behind it. */
export interface RequestShares<E extends LbEndpoint = LbEndpoint> {
  readonly outcome: DistributionOutcome;
  /** Every EDS endpoint, by priority then EDS group order, with its share (empty when nothing can be reached). */
  readonly shares: readonly EndpointShare<E>[];
  readonly priorityLoads: PriorityLoads;
}

/** Whether Envoy counts the endpoint as a healthy host (EDS health, then outlier ejection). */
export function envoyHostHealthy(endpoint: LbEndpoint, ejected: ReadonlySet<string> | undefined): boolean {
  return (
    endpoint.health === "healthy" &&
    (ejected === undefined || endpoint.workloadId === undefined || !ejected.has(endpoint.workloadId))
  );
}

function hostSets<E extends LbEndpoint>(
  groups: readonly LocalityLbGroup<E>[],
  ejected: ReadonlySet<string> | undefined,
): PriorityHostSet<E>[] {
  let maxPriority = -1;
  for (const group of groups) if (group.priority > maxPriority) maxPriority = group.priority;
  const sets: { groups: LocalityLbGroup<E>[]; healthy: boolean[][] }[] = [];
  for (let p = 0; p <= maxPriority; p++) sets.push({ groups: [], healthy: [] });
  for (const group of groups) {
    const set = sets[group.priority]!;
    set.groups.push(group);
    set.healthy.push(group.endpoints.map((endpoint) => envoyHostHealthy(endpoint, ejected)));
  }
  return sets;
}

function levelOf(set: PriorityHostSet): PriorityHosts {
  let hosts = 0;
  let healthy = 0;
  for (const row of set.healthy) {
    hosts += row.length;
    for (const value of row) if (value) healthy++;
  }
  return { hosts, healthy };
}

/** Which rule and source explain each way of picking hosts inside a priority. */
const STEP_OF_SOURCE: Readonly<Record<HostSource, { rule: LbRule; source: string }>> = {
  "all-hosts": { rule: "panic", source: SOURCES.panic },
  "locality-weighted": { rule: "locality-weights", source: SOURCES.localityWeights },
  "zone-routing": { rule: "zone-routing", source: SOURCES.zoneRouting },
  "healthy-hosts": { rule: "host-selection", source: SOURCES.hostSelection },
};

function describeLoads(loads: PriorityLoads): string {
  return loads.loads.map((load, p) => `P${p} ${load}% (health ${loads.health[p]})`).join(", ");
}

/**
 * The share of requests each endpoint receives from one Envoy (istio-semantics §1.8): priority loads
 * with overprovisioning 1.4, partial health and normalisation, panic mode per the cluster's
 * threshold, then the split inside each priority (locality weights when LocalityWeightedLbConfig is
 * set, zone-aware routing in P0 for zone-aware clusters, else endpoint weights — the steady state of
 * LEAST_REQUEST / ROUND_ROBIN). Shares sum to 1, or are empty when Envoy would answer `no healthy
 * upstream` (nothing healthy, panic disabled) or has no endpoints.
 */
export function requestShares<E extends LbEndpoint>(
  groups: readonly LocalityLbGroup<E>[],
  flags: ClusterLbFlags,
  options: RequestSharesOptions = {},
): RequestShares<E> {
  const steps = options.steps ?? null;
  const sets = hostSets(groups, options.ejected);
  const levels = sets.map(levelOf);
  const loads = priorityLoads(levels, flags.panicThreshold);
  let hosts = 0;
  for (const level of levels) hosts += level.hosts;
  if (hosts === 0) {
    explain(
      steps,
      "priority-load",
      SOURCES.priorityLoad,
      () => "no endpoints: Envoy answers 503 no healthy upstream",
    );
    return { outcome: "no-endpoints", shares: [], priorityLoads: loads };
  }
  if (loads.noHealthyUpstream) {
    explain(
      steps,
      "panic",
      SOURCES.panic,
      () =>
        "no healthy endpoint in any priority and panic mode disabled (threshold 0): 503 no healthy upstream",
    );
    return { outcome: "no-healthy-upstream", shares: [], priorityLoads: loads };
  }
  explain(steps, "priority-load", SOURCES.priorityLoad, () =>
    loads.totalPanic
      ? `nothing healthy, panic threshold ${flags.panicThreshold}%: total panic, load by host count: ${describeLoads(loads)}`
      : `priority loads (overprovisioning 1.4): ${describeLoads(loads)}`,
  );

  const shares: EndpointShare<E>[] = [];
  let reachesUnhealthy = false;
  sets.forEach((set, p) => {
    const load = loads.loads[p]! / 100;
    const within =
      load > 0
        ? withinPriorityFractions(set, {
            flags,
            panic: loads.panic[p]!,
            isPriorityZero: p === 0,
            proxyLocality: options.proxyLocality,
            localCluster: options.localCluster,
          })
        : null;
    if (within !== null) {
      explain(
        steps,
        STEP_OF_SOURCE[within.source].rule,
        STEP_OF_SOURCE[within.source].source,
        () => `P${p}: ${within.reason}`,
      );
    }
    set.groups.forEach((group, g) => {
      group.endpoints.forEach((endpoint, e) => {
        const share = within === null ? 0 : load * within.fractions[g]![e]!;
        const healthy = set.healthy[g]![e]!;
        if (share > 0 && !healthy) reachesUnhealthy = true;
        shares.push({ endpoint, localityKey: group.localityKey, priority: p, healthy, share });
      });
    });
  });
  return { outcome: reachesUnhealthy ? "panic" : "ok", shares, priorityLoads: loads };
}
