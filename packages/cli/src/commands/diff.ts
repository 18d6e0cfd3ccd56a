/**
 * `meshwright diff`: which (source class × service port) outcomes differ between two meshes
 * (`--before a.yaml --after b.yaml`), or what a change would do to one (`--mesh a.yaml` with
 * `--apply <manifests...> [--cluster c]`, `--delete <kind>/<namespace>/<name>` or `--fault ...`).
 * A CI gate: exit 1 when any outcome changed, 0 when none did, 2 on usage errors and invalid meshes.
 */
import { readFileSync } from "node:fs";
import { type KubeObject, parseManifests } from "@meshwright/core";
import {
  compile,
  diff,
  type Fault,
  type MatrixDiff,
  type MeshChange,
  type ObjectRef,
  parseFault,
  type SimulatedMesh,
  whatIf,
} from "@meshwright/sim";
import type { Command } from "commander";
import { CliError, formatDiagnostic } from "../output/errors";
import { colors, renderTable, serialise } from "../output/format";
import { loadValidMesh, OUTPUT_FORMATS, outputFormat } from "../output/options";
import { progressDisplay } from "./matrix";
import { collect, compileForCommand, type SimulationOptions } from "./trace";

interface DiffOptions extends Omit<SimulationOptions, "mesh"> {
  readonly mesh?: string;
  readonly before?: string;
  readonly after?: string;
  readonly apply?: string[];
  readonly delete: string[];
  readonly cluster?: string;
  readonly sources: string[];
  readonly destinations: string[];
}

/** The objects of manifest files; a file that does not parse is a usage error. */
function readManifests(files: readonly string[]): KubeObject[] {
  return files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new CliError(`cannot read ${file}: no such file`, 2);
    }
    const parsed = parseManifests(text, file);
    const errors = parsed.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) throw new CliError(errors.map(formatDiagnostic).join("\n"), 2);
    return parsed.objects.map((o) => o.object);
  });
}

/** `<kind>/<namespace>/<name>` (or `<kind>/<name>` for cluster-scoped objects). */
export function parseObjectRef(text: string): ObjectRef {
  const parts = text.split("/");
  if (parts.length === 3 && parts.every(Boolean))
    return { kind: parts[0]!, namespace: parts[1]!, name: parts[2]! };
  if (parts.length === 2 && parts.every(Boolean)) return { kind: parts[0]!, name: parts[1]! };
  throw new CliError(
    `--delete ${JSON.stringify(text)} must be <kind>/<namespace>/<name> or <kind>/<name>`,
    2,
  );
}

/** The cluster manifests go to: `--cluster`, or the mesh's only cluster. */
function targetCluster(sim: SimulatedMesh, cluster: string | undefined): string {
  if (cluster) return cluster;
  const names = sim.mesh.clusters.map((c) => c.name);
  if (names.length === 1) return names[0]!;
  throw new CliError(`--cluster is required: the mesh has clusters ${names.join(", ")}`, 2);
}

/** The changes `--apply`, `--delete` and `--fault` describe. */
function changesOf(sim: SimulatedMesh, options: DiffOptions): MeshChange[] {
  const changes: MeshChange[] = [];
  const apply = options.apply ?? [];
  if (apply.length > 0) {
    changes.push({
      kind: "apply",
      cluster: targetCluster(sim, options.cluster),
      objects: readManifests(apply),
    });
  }
  if (options.delete.length > 0) {
    changes.push({
      kind: "delete",
      cluster: targetCluster(sim, options.cluster),
      objects: options.delete.map(parseObjectRef),
    });
  }
  const faults: Fault[] = (options.fault ?? []).map((text) => {
    const fault = parseFault(text);
    if ("error" in fault) throw new CliError(fault.error, 2);
    return fault;
  });
  if (faults.length > 0) changes.push({ kind: "faults", faults });
  return changes;
}

/** `cluster/namespace (sa name)` out of a class id. */
function shortSource(id: string): string {
  const [place, sa, dataplane, , locality] = id.split("|");
  return `${place} (${sa?.replace("sa=", "sa ")}, ${dataplane}${locality ? `, ${locality.replace(/\/+$/, "")}` : ""})`;
}

const outcomeText = (o: MatrixDiff["changes"][number]["before"]) =>
  o.ok ? "ok" : (o.name ?? o.code ?? "failed");

/** The diff as a table of changed pairs and a summary line. */
export function renderDiff(result: MatrixDiff): string {
  const summary = `${result.changes.length} pair(s) changed of ${result.compared} compared (${result.requests} request(s) simulated)`;
  if (result.changes.length === 0) return `${colors.green("no outcome changed")}: ${summary}\n`;
  const rows = result.changes.map((c) => [
    shortSource(c.source),
    c.destination.replace(/\.svc\.cluster\.local:/, ":"),
    outcomeText(c.before),
    outcomeText(c.after),
    c.hop
      ? `hop ${c.hop.index}${c.decision ? ` ${c.decision.kind}: ${c.decision.before ?? "-"} → ${c.decision.after ?? "-"}` : ""}`
      : "",
    c.why,
  ]);
  return `${renderTable(["SOURCE", "DESTINATION", "BEFORE", "AFTER", "WHERE", "WHY"], rows)}${colors.red(summary)}\n`;
}

/** Runs the comparison the options ask for. */
function runDiff(options: DiffOptions): MatrixDiff {
  const filters = {
    ...(options.sources.length > 0 ? { sources: options.sources } : {}),
    ...(options.destinations.length > 0 ? { destinations: options.destinations } : {}),
  };
  const twoMeshes = options.before !== undefined || options.after !== undefined;
  if (twoMeshes) {
    if (!options.before || !options.after) throw new CliError("--before and --after go together", 2);
    if (
      options.mesh ||
      (options.apply ?? []).length > 0 ||
      options.delete.length > 0 ||
      (options.fault ?? []).length > 0
    ) {
      throw new CliError(
        "compare two meshes (--before/--after) or change one (--mesh with --apply/--delete/--fault), not both",
        2,
      );
    }
    const before = compileForCommand({ ...options, mesh: options.before, fault: [] });
    // Built and compiled as successors of the "before" side: when the meshes differ only in
    // objects, `diff` recomputes just the pairs those objects can reach, on carried-over istiods.
    const after = compile(loadValidMesh(options.after, before.mesh), {
      previous: before,
      seed: before.ctx.seed,
      istioVersion: before.ctx.istioVersion,
    });
    const progress = progressDisplay("diff");
    try {
      return diff(before, after, { ...filters, onProgress: progress.onProgress });
    } finally {
      progress.stop();
    }
  }
  if (!options.mesh)
    throw new CliError("give --before and --after, or --mesh with --apply, --delete or --fault", 2);
  const sim = compileForCommand({ ...options, mesh: options.mesh, fault: [] });
  const changes = changesOf(sim, options);
  if (changes.length === 0) throw new CliError("--mesh needs a change: --apply, --delete or --fault", 2);
  const result = whatIf(sim, changes, filters);
  if (!result.ok) throw new CliError(result.diagnostics.map(formatDiagnostic).join("\n"), 2);
  return result.diff;
}

/** Registers `diff`. */
export function registerDiff(program: Command): void {
  program
    .command("diff")
    .description(
      "Which request outcomes change between two meshes, or with a change (CI gate: exit 1 on any change).",
    )
    .option("--before <mesh.yaml>", "the mesh as it is")
    .option("--after <mesh.yaml>", "the mesh as it would be")
    .option("--mesh <mesh.yaml>", "the mesh to apply a change to")
    .option("--apply <manifests...>", "manifest files to apply to --cluster")
    .option("--delete <kind/ns/name>", "an object to delete from --cluster (repeatable)", collect, [])
    .option("--cluster <name>", "the cluster --apply / --delete act on (default: the only one)")
    .option("--fault <fault>", "a fault to add (repeatable), e.g. cluster-down=aks-cluster", collect, [])
    .option("--sources <glob>", "compare only source workloads matching (repeatable)", collect, [])
    .option("--destinations <glob>", "compare only destinations matching (repeatable)", collect, [])
    .option("--seed <n>", "seed of the deterministic picks (default 0)")
    .option("--istio-version <v>", "apply the rules of Istio 1.30 or 1.31 (default: the mesh's)")
    .option("-o, --output <format>", `output format: ${OUTPUT_FORMATS.join(", ")} (default: table)`)
    .addHelpText(
      "after",
      `
Examples:
  meshwright diff --before main/mesh.yaml --after pr/mesh.yaml
  meshwright diff --mesh mesh.yaml --apply policies/deny-all.yaml --cluster aks-cluster
  meshwright diff --mesh mesh.yaml --delete AuthorizationPolicy/app-a/deny-all --cluster aks-cluster -o json
  meshwright diff --mesh mesh.yaml --fault cluster-down=aks-cluster`,
    )
    .action((options: DiffOptions) => {
      const format = outputFormat(options.output);
      const result = runDiff(options);
      for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      process.stdout.write(
        format === "json" || format === "yaml" ? serialise(result, format) : renderDiff(result),
      );
      process.exitCode = result.changes.length > 0 ? 1 : 0;
    });
}
