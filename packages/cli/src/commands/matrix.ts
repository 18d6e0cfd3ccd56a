/**
 * `meshwright matrix --mesh <mesh.yaml> [--sources <glob>] [--destinations <glob>] [--sample n]`:
 * the outcome of a request from every source class (workloads no rule tells apart) to every service
 * port, as a grid (default), CSV, JSON or YAML. A progress line goes to stderr on a terminal while a
 * long matrix is computed. Exit 0, or 2 on usage errors and invalid meshes.
 */
import {
  matrixToCsv,
  matrixToTable,
  type ReachabilityMatrix,
  reachabilityMatrix,
  type SimulatedMesh,
} from "@meshwright/sim";
import type { Command } from "commander";
import ora from "ora";
import { CliError, formatDiagnostic } from "../output/errors";
import { serialise } from "../output/format";
import { collect, compileForCommand, type SimulationOptions, withSimulationOptions } from "./trace";

const MATRIX_FORMATS = ["json", "yaml", "table", "csv"] as const;

/** Columns from which a progress display is worth showing. */
const PROGRESS_FROM = 20;

/** `-o` of `matrix`: the shared formats plus csv. */
export function matrixFormat(value: string | undefined): (typeof MATRIX_FORMATS)[number] {
  if (value === undefined) return "table";
  if (!(MATRIX_FORMATS as readonly string[]).includes(value)) {
    throw new CliError(`unknown output format "${value}" (use ${MATRIX_FORMATS.join(", ")})`, 2);
  }
  return value as (typeof MATRIX_FORMATS)[number];
}

/** Parses `--sample`: a whole number of destinations. */
export function sampleSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new CliError(`--sample must be a whole number > 0, got ${value}`, 2);
  return n;
}

/**
 * A progress callback for long matrices: an `ora` spinner on stderr, only when stderr is a terminal
 * (never in pipes or CI logs). Returns the callback and a function that clears the line.
 */
export function progressDisplay(label: string): {
  onProgress: (done: number, total: number) => void;
  stop: () => void;
} {
  if (!process.stderr.isTTY) return { onProgress: () => {}, stop: () => {} };
  const spinner = ora({ stream: process.stderr, text: label });
  return {
    onProgress: (done, total) => {
      if (total < PROGRESS_FROM) return;
      if (!spinner.isSpinning) spinner.start();
      spinner.text = `${label}: ${done}/${total} destinations`;
    },
    stop: () => spinner.stop(),
  };
}

/** Usage errors among a matrix's diagnostics become a CLI error; warnings go to stderr. */
export function reportMatrixDiagnostics(matrix: Pick<ReachabilityMatrix, "diagnostics">): void {
  const errors = matrix.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new CliError(errors.map(formatDiagnostic).join("\n"), 2);
  for (const d of matrix.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
}

/** Computes the matrix with a progress display. */
function computeMatrix(
  sim: SimulatedMesh,
  options: { sources: string[]; destinations: string[]; sample?: string },
): ReachabilityMatrix {
  const sample = sampleSize(options.sample);
  const progress = progressDisplay("reachability matrix");
  try {
    return reachabilityMatrix(sim, {
      ...(options.sources.length > 0 ? { sources: options.sources } : {}),
      ...(options.destinations.length > 0 ? { destinations: options.destinations } : {}),
      ...(sample !== undefined ? { sampleDestinations: sample } : {}),
      onProgress: progress.onProgress,
    });
  } finally {
    progress.stop();
  }
}

/** Registers `matrix`. */
export function registerMatrix(program: Command): void {
  withSimulationOptions(
    program
      .command("matrix")
      .description(
        "Which source classes reach which service ports: one simulated request per group of equivalent workloads.",
      )
      .option("--sources <glob>", "keep source workloads matching (repeatable; * crosses /)", collect, [])
      .option(
        "--destinations <glob>",
        "keep destinations matching <host>:<port>, <host> or <ns>/<service> (repeatable)",
        collect,
        [],
      )
      .option("--sample <n>", "keep n destinations, picked deterministically (large meshes)"),
  )
    .addHelpText(
      "after",
      `
Output formats: table (default), csv, json, yaml.

Examples:
  meshwright matrix --mesh mesh.yaml
  meshwright matrix --mesh mesh.yaml --sources 'eks-cluster/*' --destinations '*.app-a.svc.cluster.local:*' -o csv
  meshwright matrix --mesh mesh.yaml --sample 50 --fault cluster-down=aks-cluster -o json`,
    )
    .action((options: SimulationOptions & { sources: string[]; destinations: string[]; sample?: string }) => {
      const format = matrixFormat(options.output);
      const matrix = computeMatrix(compileForCommand(options), options);
      reportMatrixDiagnostics(matrix);
      process.stdout.write(
        format === "table"
          ? matrixToTable(matrix)
          : format === "csv"
            ? matrixToCsv(matrix)
            : serialise(matrix, format),
      );
    });
}
