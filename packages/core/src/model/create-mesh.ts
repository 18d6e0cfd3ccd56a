import type { Diagnostic } from "../diagnostics/diagnostic";
import { deriveMesh } from "./derive/derive-mesh";
import type { Mesh, MeshSpec } from "./mesh";

/** Options of `createMesh`. */
export interface CreateMeshOptions {
  /**
   * An earlier build of (nearly) the same spec. Clusters whose declaration is unchanged are taken
   * from it as they are, and a changed cluster keeps its namespaces, workloads, services and
   * gateways wherever they come out equal: a one-object edit of a 50-cluster mesh derives one
   * cluster, and everything unchanged keeps its identity (what the simulator's memos key on).
   */
  readonly previous?: Mesh;
}

/**
 * Builds the Mesh model from a declared MeshSpec: derives every cluster's namespaces, workloads,
 * services and gateways from its objects, checks cross-references, and returns a deterministic,
 * deeply frozen model together with every diagnostic found (never throws on bad input).
 */
export function createMesh(
  spec: MeshSpec,
  options: CreateMeshOptions = {},
): { mesh: Mesh; diagnostics: Diagnostic[] } {
  return deriveMesh(spec, options.previous);
}
