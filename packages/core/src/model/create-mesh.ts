import type { Diagnostic } from "../diagnostics/diagnostic";
import { deriveMesh } from "./derive/derive-mesh";
import type { Mesh, MeshSpec } from "./mesh";

/**
 * Builds the Mesh model from a declared MeshSpec: derives every cluster's namespaces, workloads,
 * services and gateways from its objects, checks cross-references, and returns a deterministic,
 * deeply frozen model together with every diagnostic found (never throws on bad input).
 */
export function createMesh(spec: MeshSpec): { mesh: Mesh; diagnostics: Diagnostic[] } {
  return deriveMesh(spec);
}
