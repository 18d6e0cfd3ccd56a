/**
 * `meshwright validate <mesh.yaml> [-o json|yaml|table]`: loads a Mesh document and its manifests
 * and prints every finding. Exit codes: 0 valid (warnings and infos allowed), 1 invalid, 2 usage
 * error (bad arguments, unreadable mesh file). Never prints a stack trace.
 */
import { existsSync } from "node:fs";
import { type Diagnostic, loadMesh } from "@meshwright/core";
import type { Command } from "commander";
import { CliError, formatDiagnostic } from "../output/errors";
import { colors, renderTable, serialise } from "../output/format";
import { OUTPUT_FORMATS, outputFormat } from "../output/options";

/** The machine-readable report: findings grouped by severity. */
export interface ValidationReport {
  readonly ok: boolean;
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
  readonly infos: readonly Diagnostic[];
}

/** Groups diagnostics by severity. */
export function validationReport(ok: boolean, diagnostics: readonly Diagnostic[]): ValidationReport {
  return {
    ok,
    errors: diagnostics.filter((d) => d.severity === "error"),
    warnings: diagnostics.filter((d) => d.severity === "warning"),
    infos: diagnostics.filter((d) => d.severity === "info"),
  };
}

/** Human output: one line per finding (and its fix), then a summary line. */
function renderHuman(report: ValidationReport, meshFile: string): string {
  const lines = [...report.errors, ...report.warnings, ...report.infos].map(formatDiagnostic);
  const counts = `${report.errors.length} error(s), ${report.warnings.length} warning(s), ${report.infos.length} info(s)`;
  const verdict = report.ok ? colors.green(`${meshFile} is valid`) : colors.red(`${meshFile} is invalid`);
  return `${[...lines, `${verdict}: ${counts}`].join("\n")}\n`;
}

function renderFindingsTable(report: ValidationReport): string {
  const rows = [...report.errors, ...report.warnings, ...report.infos].map((d) => [
    d.file ? `${d.file}${d.line ? `:${d.line}:${d.column ?? 1}` : ""}` : (d.cluster ?? ""),
    d.severity,
    d.code,
    d.path ?? "",
    d.message,
    d.fix ?? "",
  ]);
  return renderTable(["where", "severity", "code", "path", "message", "fix"], rows);
}

/** Runs the command; returns the exit code. */
export function runValidate(meshFile: string, output: string | undefined): number {
  outputFormat(output);
  if (!existsSync(meshFile)) throw new CliError(`cannot read ${meshFile}: no such file`, 2);
  const result = loadMesh(meshFile);
  const report = validationReport(result.ok, result.diagnostics);
  const text =
    output === "json" || output === "yaml"
      ? serialise(report, output)
      : output === "table"
        ? renderFindingsTable(report)
        : renderHuman(report, meshFile);
  process.stdout.write(text);
  return report.ok ? 0 : 1;
}

/** Registers `validate`. */
export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("Load a Mesh document and its manifests and report every problem found.")
    .argument("<mesh.yaml>", "the Mesh document (apiVersion meshwright.dev/v1alpha1, kind Mesh)")
    .option(
      "-o, --output <format>",
      `output format: ${OUTPUT_FORMATS.join(", ")} (default: one line per finding)`,
    )
    .action((meshFile: string, options: { output?: string }) => {
      process.exitCode = runValidate(meshFile, options.output);
    });
}
