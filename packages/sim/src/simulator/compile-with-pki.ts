import { generateMeshPki, type Mesh, type MeshPkiOptions, MeshwrightError } from "@meshwright/core";
import { trustFromMeshPki } from "../mtls";
import type { CompileOptions } from "./context";
import { SimulatedMesh } from "./simulated-mesh";

/** Options of `compileWithPki`: compile options, the simulated time, and how to generate the PKI. */
export interface CompileWithPkiOptions extends Omit<CompileOptions, "pki"> {
  /** The simulated moment: certificates are issued and checked then (default: now). */
  readonly at?: Date;
  /** Passed to `generateMeshPki` (keys, validity, templates); its clock defaults to `at`. */
  readonly generate?: MeshPkiOptions;
}

/**
 * Generates the mesh's PKI the way `meshwright certs generate` does (one shared root, one
 * intermediate per cluster, ECDSA P-256 by default) and compiles the mesh with it, so every TLS /
 * HBONE session of every trace is checked with real certificates.
 */
export async function compileWithPki(
  mesh: Mesh,
  options: CompileWithPkiOptions = {},
): Promise<SimulatedMesh> {
  const at = options.at ?? new Date();
  const generated = await generateMeshPki(mesh, { clock: () => at, ...options.generate });
  if (!generated.ok) throw new MeshwrightError(generated.findings, "cannot generate the mesh PKI");
  const { at: _at, generate: _generate, ...compileOptions } = options;
  return new SimulatedMesh(mesh, {
    ...compileOptions,
    pki: { clusters: trustFromMeshPki(generated.value), at },
  });
}
