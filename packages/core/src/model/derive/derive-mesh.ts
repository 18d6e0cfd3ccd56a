import type { Diagnostic } from "../../diagnostics/diagnostic";
import type { Cluster, Mesh, MeshSpec } from "../mesh";
import { deepFreeze } from "./deep-freeze";
import { deriveCluster } from "./derive-cluster";
import { checkSpec } from "./spec-checks";
import { applySpecDefaults } from "./spec-defaults";
import { reusedCluster, sharedParts } from "./structural-sharing";

/** The diagnostics each derived cluster produced, so a cluster reused by a later build reports them again. */
const CLUSTER_DIAGNOSTICS = new WeakMap<Cluster, readonly Diagnostic[]>();

/**
 * `createMesh`'s implementation: applies the document defaults (idempotent on a complete spec, and
 * a safety net for a partial one), runs the spec checks, derives every cluster, and deep-freezes
 * the result. Diagnostics come in a stable order: spec checks, then each cluster's in turn.
 *
 * With `previous`, a cluster whose declaration (and the mesh-wide settings) equal the previous
 * build's is taken as it was, and a re-derived cluster keeps the previous build's namespaces,
 * workloads, services and gateways wherever they come out equal: what is unchanged keeps its
 * identity, so work memoised on it (the simulator's) stays valid.
 */
export function deriveMesh(input: MeshSpec, previous?: Mesh): { mesh: Mesh; diagnostics: Diagnostic[] } {
  const spec = applySpecDefaults(input);
  const diagnostics = checkSpec(spec);
  const clusters = spec.clusters.map((cluster, index) => {
    const reused = previous && reusedCluster(spec, cluster, index, previous);
    if (reused) {
      diagnostics.push(...(CLUSTER_DIAGNOSTICS.get(reused) ?? []));
      return reused;
    }
    const own: Diagnostic[] = [];
    const derived = deriveCluster(spec, cluster, index, own);
    const shared = previous ? sharedParts(derived, previous) : derived;
    CLUSTER_DIAGNOSTICS.set(shared, own);
    diagnostics.push(...own);
    return shared;
  });
  const mesh: Mesh = { ...spec, clusters };
  return { mesh: deepFreeze(mesh), diagnostics };
}
