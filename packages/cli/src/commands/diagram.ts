/**
 * `meshwright diagram --mesh <mesh.yaml> [--from <workload> --to <url> [--fault ...]]
 * [-f mermaid|dot|svg] [--detail namespaces|services|workloads] [-o <file>]`: draws the mesh's
 * topology (clouds, clusters and their networks, east-west gateways, istiods and the clusters each
 * reads, namespaces, services, workloads, ECS clusters) and, with `--from` / `--to`, the simulated
 * request's hops over it. Exit 0 when the diagram is written (a failed request is drawn, not an
 * error), 2 when the mesh is invalid and on usage errors.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { type DiagramTrace, hasErrors, type Mesh } from "@meshwright/core";
import { FAULT_SYNTAX } from "@meshwright/sim";
import type { Command } from "commander";
import { CliError, formatDiagnostic } from "../output/errors";
import { loadValidMesh } from "../output/options";
import { CLI_DIAGRAM_FORMATS, diagramText } from "./diagram/diagram-text";
import { collect, compileForCommand, simulate } from "./trace";

/** The options `diagram` takes. */
export interface DiagramOptions {
  readonly mesh: string;
  readonly from?: string;
  readonly to?: string;
  readonly fault: readonly string[];
  readonly seed?: string;
  readonly istioVersion?: string;
  readonly format: string;
  readonly detail: string;
  readonly output?: string;
}

/** The mesh to draw and, when `--from` / `--to` are given, the simulated request's trace. */
function meshAndTrace(options: DiagramOptions): { mesh: Mesh; trace?: DiagramTrace } {
  const { from, to } = options;
  if ((from === undefined) !== (to === undefined)) {
    throw new CliError("--from and --to go together: give both to draw a request, or neither", 2);
  }
  if (from === undefined || to === undefined) {
    const simulationOnly = [
      options.fault.length > 0 ? "--fault" : "",
      options.seed === undefined ? "" : "--seed",
      options.istioVersion === undefined ? "" : "--istio-version",
    ].filter(Boolean);
    if (simulationOnly.length > 0) {
      throw new CliError(`${simulationOnly.join(", ")}: only with a request (add --from and --to)`, 2);
    }
    return { mesh: loadValidMesh(options.mesh) };
  }
  const sim = compileForCommand(options);
  return { mesh: sim.mesh, trace: simulate(() => sim.request({ from, to })) };
}

/** Runs the command: draws, then writes to `--output` or standard output. */
export async function runDiagram(options: DiagramOptions): Promise<void> {
  const { mesh, trace } = meshAndTrace(options);
  const result = await diagramText({
    mesh,
    format: options.format,
    detail: options.detail,
    ...(trace === undefined ? {} : { trace }),
  });
  if (hasErrors(result.diagnostics) || result.text === undefined) {
    throw new CliError(result.diagnostics.map(formatDiagnostic).join("\n"), 2);
  }
  for (const warning of result.diagnostics) process.stderr.write(`${formatDiagnostic(warning)}\n`);
  if (options.output === undefined) {
    process.stdout.write(result.text);
    return;
  }
  mkdirSync(dirname(options.output), { recursive: true });
  writeFileSync(options.output, result.text);
  process.stderr.write(
    `wrote ${options.output} (${options.format}, ${Buffer.byteLength(result.text)} bytes)\n`,
  );
}

/** Registers `diagram`. */
export function registerDiagram(program: Command): void {
  program
    .command("diagram")
    .description(
      "Draw the mesh topology (clouds, clusters, networks, gateways, control planes, services) as Mermaid, DOT or SVG, optionally with a simulated request's hops over it.",
    )
    .requiredOption("--mesh <mesh.yaml>", "the Mesh document")
    .option(
      "--from <workload>",
      "draw a request from this workload: <cluster>/<namespace>/<pod, deployment or app>",
    )
    .option("--to <url>", "... to this URL, as curl takes it")
    .option(
      "--fault <fault>",
      `inject a fault into the request (repeatable): ${FAULT_SYNTAX.join(" | ")}`,
      collect,
      [],
    )
    .option("--seed <n>", "seed of the request's deterministic picks (default 0)")
    .option("--istio-version <v>", "simulate the request with the rules of Istio 1.30 or 1.31")
    .option("-f, --format <format>", `diagram format: ${CLI_DIAGRAM_FORMATS.join(", ")}`, "mermaid")
    .option("--detail <level>", "what each cluster shows: namespaces, services or workloads", "services")
    .option("-o, --output <file>", "write the diagram to this file (default: standard output)")
    .addHelpText(
      "after",
      `
Examples:
  meshwright diagram --mesh mesh.yaml > topology.mmd
  meshwright diagram --mesh mesh.yaml --detail namespaces -f svg -o topology.svg
  meshwright diagram --mesh mesh.yaml --from cluster1/sample/sleep --to reviews.bookinfo:9080 --fault gateway-down=cluster2 -f svg -o failing-hop.svg`,
    )
    .action((options: DiagramOptions) => runDiagram(options));
}
