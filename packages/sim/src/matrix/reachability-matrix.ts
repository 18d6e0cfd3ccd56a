import { isDeepStrictEqual } from "node:util";
import type { Diagnostic } from "@meshwright/core";
import { lazyProperty } from "@meshwright/core";
import type { SimulatedMesh } from "../simulator/simulated-mesh";
import { matrixDiagnostic } from "./codes";
import { type Column, columnCells, computeColumn, type KnownSituation, okCells } from "./column";
import { matrixDestinations } from "./destinations";
import { attachEvidence } from "./evidence";
import { compileGlobs, destinationNames, sampleDestinations, sourceNames } from "./filters";
import { SituationKeys } from "./situation-keys";
import type { MatrixDestination, MatrixOptions, ReachabilityMatrix, WorkloadClass } from "./types";
import { type ClassingRules, classingRules, workloadClasses } from "./workload-classes";

/** Everything a matrix of one simulation is computed from: its classes, destinations and keys. */
export interface MatrixPlan {
  readonly sim: SimulatedMesh;
  readonly rules: ClassingRules;
  /** Every class of the mesh, in id order. */
  readonly classes: readonly WorkloadClass[];
  /** Every destination of the mesh. */
  readonly destinations: readonly MatrixDestination[];
  readonly keys: SituationKeys;
  /** Network of each cluster. */
  readonly networkOf: ReadonlyMap<string, string>;
}

/** Plans per simulation: a compiled simulation is immutable, so its plan never changes. */
const PLANS = new WeakMap<SimulatedMesh, MatrixPlan>();

/**
 * Classes, destinations and situation keys of a simulation (no request is simulated; memoised per
 * simulation). With `basis`, the plan of a simulation of an earlier build of the mesh (a what-if's
 * "before"), classes and destinations are taken from it when the workloads, services and classing
 * rules they are computed from are the same.
 */
export function planMatrix(sim: SimulatedMesh, basis?: MatrixPlan): MatrixPlan {
  const known = PLANS.get(sim);
  if (known) return known;
  const rules = classingRules(sim.mesh);
  const before = basis?.sim.mesh.clusters;
  const same = (part: "workloads" | "services") =>
    before !== undefined &&
    before.length === sim.mesh.clusters.length &&
    sim.mesh.clusters.every((c, i) => c.name === before[i]!.name && c[part] === before[i]![part]);
  const sameClasses = basis !== undefined && same("workloads") && isDeepStrictEqual(rules, basis.rules);
  const classes = sameClasses ? basis.classes : workloadClasses(sim.mesh, rules);
  const plan: MatrixPlan = {
    sim,
    rules,
    classes,
    destinations: basis && same("services") ? basis.destinations : matrixDestinations(sim.mesh),
    keys: new SituationKeys(sim, rules, classes, sameClasses ? basis.keys : undefined),
    networkOf: new Map(sim.mesh.clusters.map((c) => [c.name, c.network])),
  };
  PLANS.set(sim, plan);
  return plan;
}

/** Indexes of the plan's classes the source globs keep. */
export function selectClasses(
  plan: MatrixPlan,
  globs: readonly string[] | undefined,
  diagnostics: Diagnostic[],
): number[] {
  // Every class without a filter: the owner names (one string per workload of the mesh) are made
  // only for globs to test.
  if (!globs || globs.length === 0) return plan.classes.map((_, i) => i);
  const test = compileGlobs(globs, "sources", diagnostics);
  const owners = new Map<string, string>();
  for (const cluster of plan.sim.mesh.clusters) {
    for (const w of cluster.workloads) owners.set(w.id, `${w.cluster}/${w.namespace}/${w.owner.name}`);
  }
  const kept: number[] = [];
  plan.classes.forEach((c, i) => {
    if (test(sourceNames(c, owners))) kept.push(i);
  });
  if (kept.length === 0 && plan.classes.length > 0) {
    diagnostics.push(
      matrixDiagnostic("MATRIX_NO_SOURCES", {
        message: `no workload matches the source filter ${JSON.stringify(globs)}`,
        path: "$.sources",
        found: JSON.stringify(globs),
      }),
    );
  }
  return kept;
}

/** The destinations the globs and the sample size keep. */
export function selectDestinations(
  plan: MatrixPlan,
  options: MatrixOptions,
  diagnostics: Diagnostic[],
): MatrixDestination[] {
  const test = compileGlobs(options.destinations, "destinations", diagnostics);
  let kept = plan.destinations.filter(
    (d) => !options.destinations || options.destinations.length === 0 || test(destinationNames(d)),
  );
  if (kept.length === 0 && plan.destinations.length > 0) {
    diagnostics.push(
      matrixDiagnostic("MATRIX_NO_DESTINATIONS", {
        message: `no service port matches the destination filter ${JSON.stringify(options.destinations)}`,
        path: "$.destinations",
        found: JSON.stringify(options.destinations),
      }),
    );
  }
  const sample = options.sampleDestinations;
  if (sample !== undefined) {
    if (!Number.isInteger(sample) || sample <= 0) {
      diagnostics.push(
        matrixDiagnostic("MATRIX_BAD_SAMPLE", {
          message: `cannot sample ${sample} destinations`,
          path: "$.sampleDestinations",
          expected: "a whole number > 0",
          found: String(sample),
        }),
      );
    } else kept = sampleDestinations(kept, sample, plan.sim.ctx.seed);
  }
  return kept;
}

/** Computes the columns of `destinations` for the selected classes and assembles the matrix. */
export function assembleMatrix(
  plan: MatrixPlan,
  selected: readonly number[],
  destinations: readonly MatrixDestination[],
  diagnostics: readonly Diagnostic[],
  onProgress?: (done: number, total: number) => void,
  known?: (destination: MatrixDestination) => KnownSituation | undefined,
): ReachabilityMatrix {
  const columns = new Map<string, Column>();
  let requests = 0;
  let ok = 0;
  if (selected.length > 0) {
    destinations.forEach((destination, done) => {
      // Destinations come host by host (ports in order); a host's views serve only its columns.
      if (done > 0 && destinations[done - 1]!.host !== destination.host) plan.sim.ctx.memos.forgetViews();
      const keys = plan.keys.keysFor(destination);
      const column = computeColumn(
        plan.sim,
        plan.classes,
        keys,
        selected,
        destination,
        plan.networkOf,
        known?.(destination),
      );
      columns.set(destination.id, column);
      ok += okCells(column);
      requests += column.simulated;
      onProgress?.(done + 1, destinations.length);
    });
  }
  const classes = selected.map((i) => plan.classes[i]!);
  const sources = classes.map((c) => c.id);
  const size = classes.length * columns.size;
  // The cells are made when first read (they stay enumerable, so JSON and YAML hold them).
  const matrix: ReachabilityMatrix = Object.assign(
    lazyProperty({ classes, destinations }, "cells", () =>
      [...columns.values()].flatMap((column) => columnCells(column, sources)),
    ),
    { totals: { cells: size, ok, failed: size - ok }, requests, diagnostics },
  );
  attachEvidence(matrix, { plan, selected, columns });
  return matrix;
}

/**
 * The reachability matrix of a simulation: the outcome of a request from every source class to every
 * destination service port (`sim.matrix()`, issue "Simulator II" §4). Classes that no rule of a
 * destination tells apart share one simulated request, so the cost follows what the mesh's rules
 * distinguish, not the number of workloads. Bad filters are diagnostics in the result, never
 * exceptions.
 */
export function reachabilityMatrix(sim: SimulatedMesh, options: MatrixOptions = {}): ReachabilityMatrix {
  const diagnostics: Diagnostic[] = [];
  const plan = planMatrix(sim);
  const selected = selectClasses(plan, options.sources, diagnostics);
  const destinations = selectDestinations(plan, options, diagnostics);
  if (diagnostics.some((d) => d.severity === "error")) return assembleMatrix(plan, [], [], diagnostics);
  return assembleMatrix(plan, selected, destinations, diagnostics, options.onProgress);
}
