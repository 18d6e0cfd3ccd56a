import { existsSync } from "node:fs";
import { type Diagnostic, loadMesh, type Mesh } from "@meshwright/core";
import { CliError, formatDiagnostic } from "./errors";
import type { OutputFormat } from "./format";

/** The formats `-o` accepts. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["json", "yaml", "table"];

/** Checks `-o`; undefined means the command's default human output. */
export function outputFormat(value: string | undefined): OutputFormat | undefined {
  if (value === undefined) return undefined;
  if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) {
    throw new CliError(`unknown output format "${value}" (use ${OUTPUT_FORMATS.join(", ")})`, 2);
  }
  return value as OutputFormat;
}

/**
 * Loads a Mesh document for a command that needs a valid mesh: a missing file or an invalid mesh
 * (its errors printed) exits 2. Exit 1 is each command's negative answer — an outcome changed
 * (`diff`, a CI gate), a request failed (`trace`) or was denied (`authz`) — so a broken file must
 * not read as one; only `validate`, whose question is the mesh's validity, exits 1 for it.
 * `previous`: an earlier mesh to build incrementally from (see `createMesh`).
 */
export function loadValidMesh(meshFile: string, previous?: Mesh): Mesh {
  if (!existsSync(meshFile)) throw new CliError(`cannot read ${meshFile}: no such file`, 2);
  const result = loadMesh(meshFile, previous ? { previous } : {});
  if (!result.ok || !result.mesh) {
    const errors: Diagnostic[] = result.diagnostics.filter((d) => d.severity === "error");
    throw new CliError(
      `${meshFile} is invalid (run meshwright validate ${meshFile}):\n${errors.map(formatDiagnostic).join("\n")}`,
      2,
    );
  }
  return result.mesh;
}
