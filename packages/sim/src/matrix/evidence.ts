import type { Column } from "./column";
import type { MatrixPlan } from "./reachability-matrix";
import type { ReachabilityMatrix } from "./types";

/**
 * What a matrix was computed from, kept beside it (never inside it, so the matrix stays plain data
 * that serialises as is): the simulation, the classing, and each column's situations. `diff` and
 * `whatIf` use it to re-run traces and to recompute only what a change can touch; a matrix read
 * back from JSON has none, and they fall back to comparing cells.
 */
export interface MatrixEvidence {
  readonly plan: MatrixPlan;
  /** The plan's class indexes the matrix holds, in matrix order. */
  readonly selected: readonly number[];
  readonly columns: ReadonlyMap<string, Column>;
}

const EVIDENCE = new WeakMap<ReachabilityMatrix, MatrixEvidence>();

/** Records what `matrix` was computed from. */
export function attachEvidence(matrix: ReachabilityMatrix, evidence: MatrixEvidence): void {
  EVIDENCE.set(matrix, evidence);
}

/** What `matrix` was computed from, when it was computed in this process. */
export function evidenceOf(matrix: ReachabilityMatrix): MatrixEvidence | undefined {
  return EVIDENCE.get(matrix);
}
