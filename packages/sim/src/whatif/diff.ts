import type { Diagnostic } from "@meshwright/core";
import { matrixDiagnostic } from "../matrix/codes";
import type { MatrixOptions, ReachabilityMatrix } from "../matrix/types";
import { SimulatedMesh } from "../simulator/simulated-mesh";
import { compareSides } from "./compare-columns";
import { objectChange } from "./mesh-delta";
import { matrixOver, sideOfMatrix, simulatedSides } from "./sides";
import type { MatrixDiff } from "./types";
import { compareApplied } from "./what-if";

/**
 * The pairs whose outcome differs between two simulations or two matrices (`diff(before, after)`,
 * issue "Simulator II" §4): each with both outcomes, the first hop and decision where the traces of
 * the same request part ways (when the simulations are known), and why. Simulations are compared
 * over the union of their destinations (filtered by `options`); two matrices over the destinations
 * they share.
 *
 * Two simulations compiled alike (seed, Istio version, faults, PKI) of meshes that differ only in
 * objects (`objectDelta`) are compared as a what-if of those objects: only the pairs they can reach
 * are recomputed (`compared` counts those). Build `after` with `createMesh(spec, { previous })` and
 * compile it with `{ previous: before }` for the rest of the speed.
 */
export function diff(
  before: SimulatedMesh | ReachabilityMatrix,
  after: SimulatedMesh | ReachabilityMatrix,
  options: MatrixOptions = {},
): MatrixDiff {
  if (before instanceof SimulatedMesh && after instanceof SimulatedMesh) {
    const related = objectChange(before, after);
    if (related) return compareApplied(before, related, options);
  }
  return diffEveryPair(before, after, options);
}

/** `diff` without the what-if shortcut: every pair of both sides is computed and compared. */
export function diffEveryPair(
  before: SimulatedMesh | ReachabilityMatrix,
  after: SimulatedMesh | ReachabilityMatrix,
  options: MatrixOptions = {},
): MatrixDiff {
  const diagnostics: Diagnostic[] = [];
  let beforeMatrix: ReachabilityMatrix;
  let afterMatrix: ReachabilityMatrix;
  let requests = 0;
  if (before instanceof SimulatedMesh && after instanceof SimulatedMesh) {
    const sides = simulatedSides(before, after, options, diagnostics);
    beforeMatrix = sides.before;
    afterMatrix = sides.after;
  } else {
    // A simulation against a matrix: the simulation's matrix over the matrix's destinations.
    const asMatrix = (side: SimulatedMesh | ReachabilityMatrix, other: SimulatedMesh | ReachabilityMatrix) =>
      side instanceof SimulatedMesh
        ? matrixOver(side, (other as ReachabilityMatrix).destinations, options.sources, diagnostics)
        : side;
    beforeMatrix = asMatrix(before, after);
    afterMatrix = asMatrix(after, before);
  }
  if (diagnostics.some((d) => d.severity === "error"))
    return { changes: [], compared: 0, requests: 0, diagnostics };
  requests += beforeMatrix.requests + afterMatrix.requests;
  const shared = afterMatrix.destinations.filter((d) => beforeMatrix.destinations.some((b) => b.id === d.id));
  if (
    shared.length !== afterMatrix.destinations.length ||
    shared.length !== beforeMatrix.destinations.length
  ) {
    diagnostics.push(
      matrixDiagnostic("DIFF_DIFFERENT_SCOPE", {
        message: `the matrices cover different destinations: only the ${shared.length} they share are compared`,
        path: "$.destinations",
        found: `${beforeMatrix.destinations.length} before, ${afterMatrix.destinations.length} after`,
      }),
    );
  }
  const compared = compareSides(sideOfMatrix(beforeMatrix), sideOfMatrix(afterMatrix), shared);
  return {
    changes: compared.changes,
    compared: compared.compared,
    requests: requests + compared.requests,
    diagnostics,
  };
}
