import type { Mesh, Workload } from "@meshwright/core";
import fc from "fast-check";
import { noWorkloadError } from "./codes";

/** Which workloads `arbWorkloadOf` draws from. */
export interface WorkloadArbitraryOptions {
  /** Only workloads with one of these dataplanes (default: all). */
  readonly dataplanes?: readonly Workload["dataplane"][];
}

/** Every workload of the mesh in model order (clusters, then each cluster's workloads). */
export function workloadsOf(mesh: Mesh): Workload[] {
  return mesh.clusters.flatMap((c) => c.workloads);
}

/**
 * One workload of `mesh` (a pod, VM or ECS task), drawn in model order so a fast-check seed always
 * picks the same one; its `id` is what `SimulatedMesh.request({ from })` takes. Throws
 * `MeshwrightError` MW5150 when the mesh has no (matching) workload.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(arbWorkloadOf(mesh), (w) => compile(mesh).endpoints(w.id, "web.shared", 8080).rows.length >= 0));
 * ```
 */
export function arbWorkloadOf(mesh: Mesh, options: WorkloadArbitraryOptions = {}): fc.Arbitrary<Workload> {
  const wanted = options.dataplanes;
  const workloads = workloadsOf(mesh).filter((w) => wanted === undefined || wanted.includes(w.dataplane));
  if (workloads.length === 0) throw noWorkloadError("arbWorkloadOf");
  return fc.constantFrom(...workloads);
}
