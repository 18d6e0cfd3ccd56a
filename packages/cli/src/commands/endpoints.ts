/**
 * `meshwright endpoints --mesh <mesh.yaml> --proxy <cluster>/<ns>/<workload> --host <host> --port <n>`:
 * the endpoints the workload's proxy holds for a destination (Envoy EDS or ztunnel WDS), and with
 * `--distribution` the share of requests each workload receives.
 */
import type { Command } from "commander";
import { CliError } from "../output/errors";
import { serialise } from "../output/format";
import { outputFormat } from "../output/options";
import { renderDistribution, renderEndpoints } from "../output/trace-render";
import { compileForCommand, type SimulationOptions, simulate, withSimulationOptions } from "./trace";

/** Registers `endpoints`. */
export function registerEndpoints(program: Command): void {
  withSimulationOptions(
    program
      .command("endpoints")
      .description(
        "Show the endpoints a proxy holds for a host and port, as istioctl proxy-config endpoints would.",
      )
      .requiredOption("--proxy <workload>", "whose proxy: <cluster>/<namespace>/<pod, deployment or app>")
      .requiredOption("--host <host>", "destination host (as the workload would name it)")
      .requiredOption("--port <port>", "destination service port")
      .option("--distribution", "show the share of requests per workload instead"),
  )
    .addHelpText(
      "after",
      `
Examples:
  meshwright endpoints --mesh mesh.yaml --proxy cluster1/sample/curl --host helloworld.sample --port 5000
  meshwright endpoints --mesh mesh.yaml --proxy cluster1/sample/curl --host helloworld.sample --port 5000 --distribution -o json`,
    )
    .action(
      (
        options: SimulationOptions & { proxy: string; host: string; port: string; distribution?: boolean },
      ) => {
        const format = outputFormat(options.output);
        const port = Number(options.port);
        if (!Number.isInteger(port) || port < 1 || port > 65535)
          throw new CliError(`--port must be 1-65535, got ${options.port}`, 2);
        const sim = compileForCommand(options);
        if (options.distribution) {
          const summary = simulate(() => sim.distribution(options.proxy, options.host, port));
          process.stdout.write(
            format === "json" || format === "yaml" ? serialise(summary, format) : renderDistribution(summary),
          );
          return;
        }
        const table = simulate(() => sim.endpoints(options.proxy, options.host, port));
        process.stdout.write(
          format === "json" || format === "yaml" ? serialise(table, format) : renderEndpoints(table),
        );
      },
    );
}
