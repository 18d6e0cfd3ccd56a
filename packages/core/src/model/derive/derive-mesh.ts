import type { Diagnostic } from "../../diagnostics/diagnostic";
import type { Mesh, MeshSpec } from "../mesh";
import { deepFreeze } from "./deep-freeze";
import { deriveCluster } from "./derive-cluster";
import { checkSpec } from "./spec-checks";
import { applySpecDefaults } from "./spec-defaults";

/**
 * `createMesh`'s implementation: applies the document defaults (idempotent on a complete spec, and
 * a safety net for a partial one), runs the spec checks, derives every cluster, and deep-freezes
 * the result. Diagnostics come in a stable order: spec checks, then each cluster's in turn.
 */
export function deriveMesh(input: MeshSpec): { mesh: Mesh; diagnostics: Diagnostic[] } {
  const spec = applySpecDefaults(input);
  const diagnostics = checkSpec(spec);
  const clusters = spec.clusters.map((cluster, index) => deriveCluster(spec, cluster, index, diagnostics));
  const mesh: Mesh = { ...spec, clusters };
  return { mesh: deepFreeze(mesh), diagnostics };
}
