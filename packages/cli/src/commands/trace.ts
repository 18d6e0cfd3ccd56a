/**
 * `meshwright trace --mesh <mesh.yaml> --from <cluster>/<ns>/<workload> --to <url> [--fault ...]`:
 * simulates one request and prints its hops (or the Trace as JSON / YAML). Exit 0 when the request
 * succeeds, 1 when it fails, 2 on usage errors and invalid meshes.
 */
import { MeshwrightError } from "@meshwright/core";
import { compile, FAULT_SYNTAX, type Fault, parseFault } from "@meshwright/sim";
import type { Command } from "commander";
import { CliError } from "../output/errors";
import { serialise } from "../output/format";
import { loadValidMesh, OUTPUT_FORMATS, outputFormat } from "../output/options";
import { renderTrace } from "../output/trace-render";

/** Options shared by the simulation commands. */
export interface SimulationOptions {
  readonly mesh: string;
  readonly fault?: readonly string[];
  readonly seed?: string;
  readonly istioVersion?: string;
  readonly output?: string;
}

/** Compiles the mesh of a simulation command with its faults, seed and Istio version. */
export function compileForCommand(options: SimulationOptions) {
  const faults: Fault[] = (options.fault ?? []).map((text) => {
    const fault = parseFault(text);
    if ("error" in fault) throw new CliError(fault.error, 2);
    return fault;
  });
  const seed = options.seed === undefined ? 0 : Number(options.seed);
  if (!Number.isInteger(seed)) throw new CliError(`--seed must be an integer, got ${options.seed}`, 2);
  const version = options.istioVersion;
  if (version !== undefined && version !== "1.30" && version !== "1.31") {
    throw new CliError(`--istio-version must be 1.30 or 1.31, got ${version}`, 2);
  }
  return compile(loadValidMesh(options.mesh), {
    faults,
    seed,
    ...(version ? { istioVersion: version } : {}),
  });
}

/** Runs a simulation step, turning bad workload references or URLs into usage errors. */
export function simulate<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof MeshwrightError) throw new CliError(error.message, 2);
    throw error;
  }
}

/** Adds the options every simulation command takes. */
export function withSimulationOptions(command: Command): Command {
  return command
    .requiredOption("--mesh <mesh.yaml>", "the Mesh document")
    .option("--fault <fault>", `inject a fault (repeatable): ${FAULT_SYNTAX.join(" | ")}`, collect, [])
    .option("--seed <n>", "seed of the deterministic picks (default 0)")
    .option("--istio-version <v>", "apply the rules of Istio 1.30 or 1.31 (default: the mesh's)")
    .option("-o, --output <format>", `output format: ${OUTPUT_FORMATS.join(", ")} (default: hop table)`);
}

/** `-H name:value` options as a header map (names lower-cased, as Envoy sees them). */
export function parseHeaders(values: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    values.map((h) => {
      const colon = h.indexOf(":");
      if (colon <= 0) throw new CliError(`header ${JSON.stringify(h)} must be name:value`, 2);
      return [h.slice(0, colon).trim().toLowerCase(), h.slice(colon + 1).trim()];
    }),
  );
}

/** The options of a command that simulates one request: caller, URL, method, headers. */
export function withRequestOptions(command: Command): Command {
  return command
    .requiredOption(
      "--from <workload>",
      "the calling workload: <cluster>/<namespace>/<pod, deployment or app>",
    )
    .requiredOption("--to <url>", "the URL the workload calls, as curl takes it")
    .option("-X, --method <method>", "HTTP method (default GET)")
    .option("-H, --header <name:value>", "request header (repeatable)", collect, []);
}

/** What `withRequestOptions` collects. */
export type RequestOptions = SimulationOptions & {
  from: string;
  to: string;
  method?: string;
  header: string[];
};

/** Compiles the mesh of a request command and simulates its one request. */
export function requestFromOptions(options: RequestOptions) {
  const sim = compileForCommand(options);
  const headers = parseHeaders(options.header);
  const trace = simulate(() =>
    sim.request({
      from: options.from,
      to: options.to,
      ...(options.method ? { method: options.method } : {}),
      headers,
    }),
  );
  return { sim, trace, headers };
}

/** Commander accumulator for repeatable options. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Registers `trace`. */
export function registerTrace(program: Command): void {
  withSimulationOptions(
    withRequestOptions(
      program
        .command("trace")
        .description(
          "Simulate one request hop by hop: DNS, routing, endpoints, gateways, tunnels, mTLS, policy.",
        ),
    ),
  )
    .addHelpText(
      "after",
      `
Examples:
  meshwright trace --mesh mesh.yaml --from eks-cluster/default/eks-shell --to echo-service.app-a.svc.cluster.local:8080
  meshwright trace --mesh mesh.yaml --from cluster1/sample/curl --to helloworld.sample:5000/hello --fault gateway-down=cluster2 -o json`,
    )
    .action((options: RequestOptions) => {
      const format = outputFormat(options.output);
      const { trace } = requestFromOptions(options);
      process.stdout.write(
        format === "json" || format === "yaml" ? serialise(trace, format) : renderTrace(trace),
      );
      process.exitCode = trace.outcome.ok ? 0 : 1;
    });
}
