import type { Locality } from "@meshwright/core";
import { localityString } from "@meshwright/core";
import type { ClusterLbFlags, EnvoyLbPolicy } from "./cluster-flags";
import { type LocalClusterView, zoneRoutingFractions } from "./envoy-zone-routing";
import { endpointWeight, type LbEndpoint, type LocalityLbGroup } from "./locality-groups";
import { OVERPROVISIONING_FACTOR } from "./priority-load";

/** Which hosts Envoy picks from inside one priority (`hostSourceToUse`). */
export type HostSource = "all-hosts" | "locality-weighted" | "zone-routing" | "healthy-hosts";

/** One priority's groups with each endpoint's health. */
export interface PriorityHostSet<E extends LbEndpoint = LbEndpoint> {
  readonly groups: readonly LocalityLbGroup<E>[];
  /** `healthy[g][e]` for `groups[g].endpoints[e]`. */
  readonly healthy: readonly (readonly boolean[])[];
}

/** How one priority's requests spread over its endpoints. */
export interface WithinPriority {
  /** `fractions[g][e]`: fraction of this priority's requests for `groups[g].endpoints[e]` (Σ = 1). */
  readonly fractions: number[][];
  readonly source: HostSource;
  readonly reason: string;
}

/** What else inside-priority selection depends on. */
export interface HostSelectionContext {
  readonly flags: ClusterLbFlags;
  readonly panic: boolean;
  readonly isPriorityZero: boolean;
  readonly proxyLocality?: Locality | undefined;
  readonly localCluster?: LocalClusterView | undefined;
}

/**
 * A host's weight for the LB policy in steady state: RANDOM ignores weights (uniform pick);
 * LEAST_REQUEST, ROUND_ROBIN and the hash policies (over many keys) send in proportion to weight.
 */
export function policyHostWeight(endpoint: LbEndpoint, policy: EnvoyLbPolicy): number {
  return policy === "RANDOM" ? 1 : endpointWeight(endpoint);
}

function zeros(set: PriorityHostSet): number[][] {
  const out: number[][] = [];
  for (const group of set.groups) out.push(new Array<number>(group.endpoints.length).fill(0));
  return out;
}

/** Σ policy weight of a group's hosts (healthy ones only, or all). */
function groupHostWeight(
  set: PriorityHostSet,
  g: number,
  onlyHealthy: boolean,
  policy: EnvoyLbPolicy,
): number {
  const endpoints = set.groups[g]!.endpoints;
  const healthy = set.healthy[g]!;
  let total = 0;
  for (let e = 0; e < endpoints.length; e++) {
    if (!onlyHealthy || healthy[e]) total += policyHostWeight(endpoints[e]!, policy);
  }
  return total;
}

/** Gives `amount` of the priority to a group's chosen hosts in proportion to their policy weight. */
function spreadInGroup(
  set: PriorityHostSet,
  fractions: number[][],
  g: number,
  amount: number,
  denominator: number,
  onlyHealthy: boolean,
  policy: EnvoyLbPolicy,
): void {
  if (amount === 0 || denominator === 0) return;
  const endpoints = set.groups[g]!.endpoints;
  const healthy = set.healthy[g]!;
  const row = fractions[g]!;
  for (let e = 0; e < endpoints.length; e++) {
    if (!onlyHealthy || healthy[e]) row[e] = (amount * policyHostWeight(endpoints[e]!, policy)) / denominator;
  }
}

/** Spreads the whole priority over its hosts by policy weight, ignoring localities. False when there are none. */
function spreadOverPriority(
  set: PriorityHostSet,
  fractions: number[][],
  onlyHealthy: boolean,
  policy: EnvoyLbPolicy,
): boolean {
  let total = 0;
  for (let g = 0; g < set.groups.length; g++) total += groupHostWeight(set, g, onlyHealthy, policy);
  if (total === 0) return false;
  for (let g = 0; g < set.groups.length; g++) spreadInGroup(set, fractions, g, 1, total, onlyHealthy, policy);
  return true;
}

/** Spreads the priority over groups by the given per-group amounts, then over each group's healthy hosts. */
function spreadByGroup(
  set: PriorityHostSet,
  fractions: number[][],
  amounts: readonly number[],
  policy: EnvoyLbPolicy,
): void {
  for (let g = 0; g < set.groups.length; g++) {
    spreadInGroup(set, fractions, g, amounts[g]!, groupHostWeight(set, g, true, policy), true, policy);
  }
}

function healthyCount(set: PriorityHostSet, g: number): number {
  let count = 0;
  for (const healthy of set.healthy[g]!) if (healthy) count++;
  return count;
}

/** Envoy `effectiveLocalityWeight`: weight × min(1, 1.4 × healthy / hosts). */
export function effectiveLocalityWeight(weight: number, healthy: number, hosts: number): number {
  if (hosts === 0) return 0;
  return weight * Math.min(1, ((OVERPROVISIONING_FACTOR / 100) * healthy) / hosts);
}

function localityWeighted(set: PriorityHostSet, fractions: number[][], policy: EnvoyLbPolicy): boolean {
  const effective: number[] = [];
  let total = 0;
  for (let g = 0; g < set.groups.length; g++) {
    const value = effectiveLocalityWeight(
      set.groups[g]!.weight,
      healthyCount(set, g),
      set.groups[g]!.endpoints.length,
    );
    effective.push(value);
    total += value;
  }
  if (total === 0) return false;
  for (let g = 0; g < effective.length; g++) effective[g] = effective[g]! / total;
  spreadByGroup(set, fractions, effective, policy);
  return true;
}

function zoneRouted(
  set: PriorityHostSet,
  fractions: number[][],
  context: HostSelectionContext,
): string | null {
  const config = context.flags.zoneAwareLbConfig;
  if (
    config === null ||
    !config.routingEnabled ||
    !context.isPriorityZero ||
    context.proxyLocality === undefined
  ) {
    return null;
  }
  const occupied: number[] = [];
  for (let g = 0; g < set.groups.length; g++) if (set.groups[g]!.endpoints.length > 0) occupied.push(g);
  const result = zoneRoutingFractions(
    occupied.map((g) => ({ localityKey: set.groups[g]!.localityKey, healthy: healthyCount(set, g) })),
    localityString(context.proxyLocality),
    context.localCluster,
    config.minClusterSize,
  );
  if (!result.applies) return `${result.reason}; healthy hosts by weight`;
  const amounts = new Array<number>(set.groups.length).fill(0);
  for (let i = 0; i < occupied.length; i++) amounts[occupied[i]!] = result.fractions[i]!;
  spreadByGroup(set, fractions, amounts, context.flags.lbPolicy);
  return result.reason;
}

function anyPositive(fractions: readonly (readonly number[])[]): boolean {
  for (const row of fractions) for (const value of row) if (value > 0) return true;
  return false;
}

/**
 * How Envoy spreads one priority's requests over its hosts (`hostSourceToUse`, istio-semantics
 * §1.8): in panic all hosts by weight, ignoring localities; with LocalityWeightedLbConfig a locality
 * is picked by its effective weight and then a healthy host in it; with zone-aware routing (P0) by
 * the local-cluster rule; otherwise healthy hosts by weight.
 */
export function withinPriorityFractions(set: PriorityHostSet, context: HostSelectionContext): WithinPriority {
  const fractions = zeros(set);
  const policy = context.flags.lbPolicy;
  if (context.panic) {
    spreadOverPriority(set, fractions, false, policy);
    return { fractions, source: "all-hosts", reason: "priority in panic: all its hosts, healthy or not" };
  }
  if (context.flags.localityWeightedLbConfig && localityWeighted(set, fractions, policy)) {
    return {
      fractions,
      source: "locality-weighted",
      reason: "locality picked by weight × min(1, 1.4 × healthy/total), then a healthy host",
    };
  }
  const zoneReason = zoneRouted(set, fractions, context);
  if (zoneReason !== null && anyPositive(fractions)) {
    return { fractions, source: "zone-routing", reason: zoneReason };
  }
  spreadOverPriority(set, fractions, true, policy);
  return {
    fractions,
    source: "healthy-hosts",
    reason: zoneReason ?? (policy === "RANDOM" ? HEALTHY_UNIFORM : HEALTHY_BY_WEIGHT),
  };
}

const HEALTHY_UNIFORM = "healthy hosts uniformly (RANDOM)";
const HEALTHY_BY_WEIGHT = "healthy hosts in proportion to endpoint weight";
