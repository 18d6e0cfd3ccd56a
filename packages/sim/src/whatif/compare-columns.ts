import { cellOutcome, sameOutcome } from "../matrix/cell-outcome";
import type { CellOutcome, MatrixCell, MatrixDestination, WorkloadClass } from "../matrix/types";
import type { SimulatedMesh } from "../simulator/simulated-mesh";
import type { Trace } from "../trace/trace";
import { explainAuthorization } from "./authz-explanation";
import { traceDifference, whyChanged } from "./trace-difference";
import type { DecisionChange, HopChange, OutcomeChange } from "./types";

/** One side of a comparison: its classes, each destination's cells aligned with them, and its simulation if known. */
export interface DiffSide {
  readonly sim?: SimulatedMesh;
  readonly classes: readonly WorkloadClass[];
  /** Cells of a destination, one per class in class order; undefined when this side has no such column. */
  readonly column: (destination: string) => readonly MatrixCell[] | undefined;
}

/** Traces of one simulation, memoised per (workload, destination). */
class TraceMemo {
  private readonly traces = new Map<string, Trace>();
  simulated = 0;

  constructor(readonly sim: SimulatedMesh) {}

  trace(sample: string, destination: MatrixDestination): Trace {
    const key = `${sample}\u0000${destination.id}`;
    let trace = this.traces.get(key);
    if (!trace) {
      trace = this.sim.request({ from: sample, to: destination.url });
      this.simulated++;
      this.traces.set(key, trace);
    }
    return trace;
  }
}

/**
 * The (before class, after class) pairs that share workloads: the common refinement of the two
 * classings (usually one to one; a change that makes a rule read a new label splits classes).
 */
function classPairs(before: readonly WorkloadClass[], after: readonly WorkloadClass[]): [number, number][] {
  const beforeOf = new Map<string, number>();
  before.forEach((c, i) => {
    for (const member of c.members) beforeOf.set(member, i);
  });
  const pairs: [number, number][] = [];
  after.forEach((c, a) => {
    const seen = new Set<number>();
    for (const member of c.members) {
      const b = beforeOf.get(member);
      if (b === undefined || seen.has(b)) continue;
      seen.add(b);
      pairs.push([b, a]);
    }
  });
  return pairs;
}

/**
 * Compares two sides pair by pair and returns exactly the pairs whose outcome changed. A change is
 * judged on the same request: when the two cells were answered by different workloads (the
 * classings differ) and both simulations are known, the "before" request is re-run from the
 * "after" cell's workload, so a different seeded pick is never reported as a change. Each change
 * carries where the two traces part ways, when both simulations are known.
 */
export function compareSides(
  before: DiffSide,
  after: DiffSide,
  destinations: readonly MatrixDestination[],
): { changes: OutcomeChange[]; compared: number; requests: number } {
  const pairs = classPairs(before.classes, after.classes);
  const beforeTraces = before.sim ? new TraceMemo(before.sim) : undefined;
  const afterTraces = after.sim ? new TraceMemo(after.sim) : undefined;
  const changes: OutcomeChange[] = [];
  let compared = 0;
  for (const destination of destinations) {
    const b = before.column(destination.id);
    const a = after.column(destination.id);
    if (!b || !a) continue;
    for (const [bi, ai] of pairs) {
      const beforeCell = b[bi]!;
      const afterCell = a[ai]!;
      compared++;
      const rerun = beforeCell.sample !== afterCell.sample && beforeTraces !== undefined;
      const beforeOutcome: CellOutcome = rerun
        ? cellOutcome(beforeTraces.trace(afterCell.sample, destination))
        : beforeCell;
      if (sameOutcome(beforeOutcome, afterCell)) continue;
      const difference =
        beforeTraces && afterTraces ? explain(beforeTraces, afterTraces, afterCell.sample, destination) : {};
      changes.push({
        source: afterCell.source,
        ...(beforeCell.source !== afterCell.source ? { beforeSource: beforeCell.source } : {}),
        destination: destination.id,
        sample: afterCell.sample,
        before: strip(beforeOutcome),
        after: strip(afterCell),
        ...difference,
        why: whyChanged(beforeOutcome, afterCell, difference.decision),
      });
    }
  }
  return {
    changes,
    compared,
    requests: (beforeTraces?.simulated ?? 0) + (afterTraces?.simulated ?? 0),
  };
}

/** Where the two traces of one request part ways; for an authz decision, with the policies on each side. */
function explain(
  before: TraceMemo,
  after: TraceMemo,
  sample: string,
  destination: MatrixDestination,
): { hop?: HopChange; decision?: DecisionChange } {
  const b = before.trace(sample, destination);
  const a = after.trace(sample, destination);
  const difference = traceDifference(b, a);
  const decision = difference.decision;
  if (decision?.kind !== "authz") return difference;
  const applied = (sim: SimulatedMesh, trace: Trace) =>
    explainAuthorization(sim, trace)?.decision.applied.map((p) => p.policy) ?? [];
  const policies = { before: applied(before.sim, b), after: applied(after.sim, a) };
  return { ...difference, decision: { ...decision, policies } };
}

/** The outcome fields of a cell (without its source, destination and sample). */
function strip(outcome: CellOutcome): CellOutcome {
  const { ok, code, name, symptom, reason, servedBy } = outcome;
  return {
    ok,
    ...(code !== undefined ? { code } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(symptom !== undefined ? { symptom } : {}),
    ...(reason !== undefined ? { reason } : {}),
    servedBy,
  };
}
