import { MeshwrightError } from "@meshwright/core";
import type { SimulatedMesh } from "../simulator/simulated-mesh";
import { cellOutcome, traceTouches } from "./cell-outcome";
import type { CellOutcome, MatrixCell, MatrixDestination, WorkloadClass } from "./types";

/** One request that answers for a group of classes at one destination. */
export interface Situation {
  /** The situation key (`SituationKeys.keysFor`). */
  readonly key: number;
  /** The workload whose request was simulated: the representative of the group's first class. */
  readonly sample: string;
  readonly outcome: CellOutcome;
  /** What its trace passed through (see `traceTouches`), listed when first asked. */
  readonly touches: () => readonly string[];
}

/**
 * One destination's column: the situations simulated for it, and which one answers for each
 * selected class. Cells are made from these when read (`columnCells`): a 50-cluster mesh has
 * millions, which as objects would cost more to keep (and to collect) than to compute.
 */
export interface Column {
  readonly destination: MatrixDestination;
  readonly situations: readonly Situation[];
  /** For each cell (selected-class order), the index of its situation. */
  readonly situationOf: Int32Array;
  /** Requests simulated for it (situations not taken from `known`). */
  readonly simulated: number;
}

/** Where a column computation may take a situation from instead of simulating it (an unchanged earlier answer). */
export type KnownSituation = (key: number, sample: string) => Situation | undefined;

/** A refused request touched nothing. */
const NO_TOUCHES = (): readonly string[] => [];

/** Simulates one request, turning a refused request into a failed cell instead of an exception. */
export function simulateSituation(
  sim: SimulatedMesh,
  key: number,
  sample: string,
  destination: MatrixDestination,
  networkOf: ReadonlyMap<string, string>,
): Situation {
  try {
    const trace = sim.request({ from: sample, to: destination.url });
    return { key, sample, outcome: cellOutcome(trace), touches: traceTouches(trace, networkOf) };
  } catch (error) {
    if (!(error instanceof MeshwrightError)) throw error;
    return {
      key,
      sample,
      outcome: {
        ok: false,
        code: error.code,
        name: "REQUEST_REFUSED",
        symptom: error.message,
        reason: error.message,
        servedBy: {},
      },
      touches: NO_TOUCHES,
    };
  }
}

/**
 * Fills one column for the selected classes: every class of the mesh is grouped by its situation
 * key, and one request is simulated per group that holds a selected class, from the representative
 * of the group's first class in id order (so a cell does not depend on which classes were
 * selected); `known` may supply a group's situation unchanged.
 */
export function computeColumn(
  sim: SimulatedMesh,
  classes: readonly WorkloadClass[],
  keys: Float64Array,
  selected: readonly number[],
  destination: MatrixDestination,
  networkOf: ReadonlyMap<string, string>,
  known?: KnownSituation,
): Column {
  // With every class selected, a group's first selected class is its first class.
  const firstOf = selected.length === classes.length ? undefined : new Map<number, number>();
  if (firstOf) for (let i = 0; i < keys.length; i++) if (!firstOf.has(keys[i]!)) firstOf.set(keys[i]!, i);
  const situations: Situation[] = [];
  const byKey = new Map<number, number>();
  const situationOf = new Int32Array(selected.length);
  let simulated = 0;
  for (let s = 0; s < selected.length; s++) {
    const i = selected[s]!;
    const key = keys[i]!;
    let index = byKey.get(key);
    if (index === undefined) {
      const sample = classes[firstOf ? firstOf.get(key)! : i]!.representative;
      let situation = known?.(key, sample);
      if (!situation) {
        situation = simulateSituation(sim, key, sample, destination, networkOf);
        simulated++;
      }
      index = situations.push(situation) - 1;
      byKey.set(key, index);
    }
    situationOf[s] = index;
  }
  return { destination, situations, situationOf, simulated };
}

/** The cells of a column, `sources` being the ids of its selected classes in order. */
export function columnCells(column: Column, sources: readonly string[]): MatrixCell[] {
  const cells: MatrixCell[] = new Array(sources.length);
  for (let s = 0; s < sources.length; s++) {
    cells[s] = cellOf(sources[s]!, column.destination.id, column.situations[column.situationOf[s]!]!);
  }
  return cells;
}

/** How many of a column's cells succeeded. */
export function okCells(column: Column): number {
  let ok = 0;
  for (const index of column.situationOf) if (column.situations[index]!.outcome.ok) ok++;
  return ok;
}

/** A cell: the situation's outcome for one class (one literal per cell: this runs for every cell). */
function cellOf(source: string, destination: string, situation: Situation): MatrixCell {
  const o = situation.outcome;
  if (o.ok) return { source, destination, ok: true, servedBy: o.servedBy, sample: situation.sample };
  // Failed outcomes always carry all four fields (`cellOutcome`, `simulateSituation`).
  const f = o as Required<CellOutcome>;
  return {
    source,
    destination,
    ok: false,
    code: f.code,
    name: f.name,
    symptom: f.symptom,
    reason: f.reason,
    servedBy: f.servedBy,
    sample: situation.sample,
  };
}
