/**
 * `meshwright demo [--out <dir>] [-o json|yaml]`: seed 000 (EKS + ECS + AKS, ambient, Solo) end to
 * end offline — PKI, the guide's cross-cloud calls, its authorization policies — with a hop table,
 * a JSON report and diagrams. Exit 0 when every outcome matches the guide, 1 otherwise.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { writeDemoDiagrams } from "../demo/demo-diagrams";
import { renderDemo } from "../demo/render-demo";
import { runSeed000Demo } from "../demo/seed-000-demo";
import { CliError } from "../output/errors";
import { serialise } from "../output/format";
import { outputFormat } from "../output/options";

/** Registers `demo`. */
export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description(
      "Run seed 000 (EKS + ECS + AKS ambient mesh) end to end, offline: PKI, cross-cloud calls, policies.",
    )
    .option("--out <dir>", "where the report, certificates and diagrams go", "meshwright-demo")
    .option("--at <iso-time>", "the simulated time certificates are issued and checked at (default: now)")
    .option("-o, --output <format>", "json or yaml: print the report instead of the tables")
    .addHelpText("after", "\nExample:\n  meshwright demo --out /tmp/demo\n")
    .action(async (options: { out: string; at?: string; output?: string }) => {
      const format = outputFormat(options.output);
      const at = options.at ? new Date(options.at) : new Date();
      if (Number.isNaN(at.getTime())) throw new CliError(`--at must be an ISO time, got ${options.at}`, 2);
      const outDir = resolve(options.out);
      mkdirSync(outDir, { recursive: true });
      const started = performance.now();
      const report = await runSeed000Demo({ outDir, at });
      const diagrams = await writeDemoDiagrams(outDir, report);
      const reportFile = join(outDir, "report.json");
      const withFiles = { ...report, files: [...report.files, ...diagrams, reportFile] };
      writeFileSync(reportFile, serialise(withFiles, "json"));
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        format === "json" || format === "yaml"
          ? serialise(withFiles, format)
          : renderDemo(withFiles, seconds),
      );
      process.exitCode = report.ok ? 0 : 1;
    });
}
