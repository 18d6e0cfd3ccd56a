import type { Diagnostic } from "@meshwright/core";
import { evidenceOf } from "../matrix/evidence";
import {
  assembleMatrix,
  type MatrixPlan,
  planMatrix,
  selectClasses,
  selectDestinations,
} from "../matrix/reachability-matrix";
import type { MatrixCell, MatrixDestination, MatrixOptions, ReachabilityMatrix } from "../matrix/types";
import type { SimulatedMesh } from "../simulator/simulated-mesh";
import type { DiffSide } from "./compare-columns";

/** A side read from a matrix: cells are destination-major (as `reachabilityMatrix` lays them out). */
export function sideOfMatrix(matrix: ReachabilityMatrix): DiffSide {
  const evidence = evidenceOf(matrix);
  const width = matrix.classes.length;
  const position = new Map(matrix.destinations.map((d, i) => [d.id, i]));
  const laidOut =
    matrix.cells.length === width * matrix.destinations.length &&
    matrix.destinations.every((d, i) => width === 0 || matrix.cells[i * width]?.destination === d.id);
  const byPair = laidOut
    ? undefined
    : new Map(matrix.cells.map((c) => [`${c.source}\u0000${c.destination}`, c]));
  return {
    ...(evidence ? { sim: evidence.plan.sim } : {}),
    classes: matrix.classes,
    column: (id) => {
      const at = position.get(id);
      if (at === undefined) return undefined;
      if (!byPair) return matrix.cells.slice(at * width, (at + 1) * width);
      const cells = matrix.classes.map((c) => byPair.get(`${c.id}\u0000${id}`));
      return cells.every((c): c is MatrixCell => c !== undefined) ? cells : undefined;
    },
  };
}

/** A simulation's matrix over given destinations (whether or not its mesh declares them). */
export function matrixOver(
  sim: SimulatedMesh,
  destinations: readonly MatrixDestination[],
  sources: readonly string[] | undefined,
  diagnostics: Diagnostic[],
): ReachabilityMatrix {
  const plan = planMatrix(sim);
  return assembleMatrix(plan, selectClasses(plan, sources, diagnostics), destinations, []);
}

/** Destinations of both lists once, by id, in first-seen order. */
export function unionDestinations(
  a: readonly MatrixDestination[],
  b: readonly MatrixDestination[],
): MatrixDestination[] {
  const seen = new Map<string, MatrixDestination>();
  for (const d of [...a, ...b]) if (!seen.has(d.id)) seen.set(d.id, d);
  return [...seen.values()];
}

/**
 * Both simulations' matrices over the same destinations: the union of what the filters keep on
 * either side, so a service that appears or disappears is compared too (its URL fails to resolve on
 * the side without it).
 */
export function simulatedSides(
  before: SimulatedMesh,
  after: SimulatedMesh,
  options: MatrixOptions,
  diagnostics: Diagnostic[],
): { before: ReachabilityMatrix; after: ReachabilityMatrix; plans: [MatrixPlan, MatrixPlan] } {
  const plans: [MatrixPlan, MatrixPlan] = [planMatrix(before), planMatrix(after)];
  const destinations = unionDestinations(
    selectDestinations(plans[0], options, diagnostics),
    selectDestinations(plans[1], options, []),
  );
  const [b, a] = plans.map((plan, i) =>
    assembleMatrix(
      plan,
      selectClasses(plan, options.sources, i === 0 ? diagnostics : []),
      destinations,
      [],
      // One progress scale over both sides.
      (done, total) => options.onProgress?.(done + i * total, 2 * total),
    ),
  ) as [ReachabilityMatrix, ReachabilityMatrix];
  return { before: b, after: a, plans };
}
