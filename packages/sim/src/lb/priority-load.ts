/** Envoy's default overprovisioning factor (1.4, in percent); Istio never changes it. */
export const OVERPROVISIONING_FACTOR = 140;

/** Host counts of one priority level as Envoy sees them. */
export interface PriorityHosts {
  readonly hosts: number;
  readonly healthy: number;
}

/** How Envoy spreads requests over priority levels. */
export interface PriorityLoads {
  /** Health of each priority: `min(100, ⌊140 × healthy / hosts⌋)`. */
  readonly health: readonly number[];
  /** Percent of requests each priority receives (integers summing to 100, or all 0 when nothing is healthy and panic is disabled). */
  readonly loads: readonly number[];
  /** Per priority: in panic mode (its requests go to all its hosts, healthy or not). */
  readonly panic: readonly boolean[];
  /** No priority has a healthy host and panic mode is disabled: Envoy answers `no healthy upstream`. */
  readonly noHealthyUpstream: boolean;
  /** No priority has a healthy host and panic is enabled: load spreads by host count over all hosts. */
  readonly totalPanic: boolean;
}

/** `min(100, ⌊140 × healthy / hosts⌋)`, in Envoy's integer arithmetic (0 for an empty priority). */
export function priorityHealth(level: PriorityHosts): number {
  if (level.hosts === 0) return 0;
  return Math.min(100, Math.floor((OVERPROVISIONING_FACTOR * level.healthy) / level.hosts));
}

/** Envoy `isHostSetInPanic`: healthy percent below the threshold (never with threshold 0). */
export function inPanic(level: PriorityHosts, panicThreshold: number): boolean {
  if (panicThreshold <= 0) return false;
  const healthyPercent = level.hosts === 0 ? 0 : (100 * level.healthy) / level.hosts;
  return healthyPercent < Math.min(100, panicThreshold);
}

function totalPanicLoads(levels: readonly PriorityHosts[]): number[] {
  const loads = levels.map(() => 0);
  let total = 0;
  for (const level of levels) total += level.hosts;
  if (total === 0) return loads;
  let remaining = 100;
  let firstNonEmpty = -1;
  levels.forEach((level, i) => {
    if (firstNonEmpty < 0 && level.hosts > 0) firstNonEmpty = i;
    loads[i] = Math.floor((100 * level.hosts) / total);
    remaining -= loads[i]!;
  });
  loads[firstNonEmpty]! += remaining;
  return loads;
}

/**
 * Envoy's priority load (istio-semantics §1.8; `recalculatePerPriorityState`, `distributeLoad`,
 * `recalculatePerPriorityPanic`, `recalculateLoadInTotalPanic`): each priority takes up to its
 * health, the rest cascades to the next; when Σ health < 100 the loads are normalised by it; integer
 * rounding leftovers go to the first healthy priority. So priority 0 keeps everything while at least
 * 5/7 (≈71.4%) of its hosts are healthy, and spills below that. With nothing healthy anywhere, a
 * panic threshold > 0 spreads load by host count (total panic); 0 means `no healthy upstream`.
 */
export function priorityLoads(levels: readonly PriorityHosts[], panicThreshold: number): PriorityLoads {
  const health = levels.map(priorityHealth);
  let sum = 0;
  for (const value of health) sum += value;
  const normalized = Math.min(100, sum);
  if (normalized === 0) {
    const totalPanic = panicThreshold > 0;
    return {
      health,
      loads: totalPanic ? totalPanicLoads(levels) : levels.map(() => 0),
      panic: levels.map(() => totalPanic),
      noHealthyUpstream: !totalPanic,
      totalPanic,
    };
  }
  const loads = levels.map(() => 0);
  let remaining = 100;
  let firstHealthy = -1;
  health.forEach((value, i) => {
    if (firstHealthy < 0 && value > 0) firstHealthy = i;
    loads[i] = Math.min(remaining, Math.floor((value * 100) / normalized));
    remaining -= loads[i]!;
  });
  if (remaining > 0) loads[firstHealthy]! += remaining;
  return {
    health,
    loads,
    panic: levels.map((level) => inPanic(level, panicThreshold)),
    noHealthyUpstream: false,
    totalPanic: false,
  };
}
