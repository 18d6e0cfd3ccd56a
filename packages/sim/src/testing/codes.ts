import { type Diagnostic, MeshwrightError } from "@meshwright/core";

/**
 * Diagnostics of the simulator's test arbitraries (MW5150–MW5159): an arbitrary asked of a mesh
 * that cannot supply what it draws from. Thrown as `MeshwrightError` when the arbitrary is built,
 * never while fast-check runs.
 */
export const TESTING_CODES = {
  noWorkload: "MW5150",
  noCallableService: "MW5151",
} as const;

function arbitraryError(diagnostic: Omit<Diagnostic, "severity">): MeshwrightError {
  return new MeshwrightError([{ severity: "error", ...diagnostic }]);
}

/** `arbWorkloadOf` / `arbRequestFor` on a mesh without workloads. */
export function noWorkloadError(what: string): MeshwrightError {
  return arbitraryError({
    code: TESTING_CODES.noWorkload,
    message: `${what}: the mesh has no workload to draw from`,
    path: "$.clusters[*].workloads",
    expected: "at least one workload (a Deployment, Pod, WorkloadEntry or ECS task)",
    found: "none",
    fix: "Generate the mesh with arbMesh(), which always deploys a client and a replicated service.",
  });
}

/** `arbRequestFor` on a mesh where no workload's cluster declares a Service with a port. */
export function noCallableServiceError(): MeshwrightError {
  return arbitraryError({
    code: TESTING_CODES.noCallableService,
    message:
      "arbRequestFor: no workload's cluster declares a Service with a port, so no request can be drawn",
    path: "$.clusters[*].services",
    expected: "a Service with at least one port in a cluster that runs a workload",
    found: "none",
    fix: "Add a Service to a cluster that has workloads, or generate the mesh with arbMesh().",
  });
}
