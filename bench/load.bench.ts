/**
 * Load benchmark: a synthetic mesh of 50 clusters × 200 namespaces, 10k services, 50k workloads
 * and 5k Istio policies, written as YAML files, then `loadMesh` (read + parse + validate + build
 * the model). Prints wall times and peak RSS. Target on 2 cores: load + validate < 5 s, < 1 GiB.
 *
 * Run: `pnpm bench load`. Profile: `node --import tsx --cpu-prof bench/load.bench.ts` (writes a
 * .cpuprofile to open in Chrome DevTools).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMesh, loadMesh, parseManifests, validateObjects } from "@meshwright/core";
import { peakRssMiB, report, timed } from "./measure";
import { LOAD_BENCH_SIZE, syntheticMesh, writeSyntheticMesh } from "./synthetic-mesh";

const directory = mkdtempSync(join(tmpdir(), "meshwright-load-bench-"));
try {
  const generated = await timed(() => {
    const mesh = syntheticMesh(LOAD_BENCH_SIZE);
    return {
      counts: mesh.counts,
      meshPath: writeSyntheticMesh(mesh, directory),
      files: [...mesh.manifests.keys()],
    };
  });
  const { counts, meshPath, files } = generated.value;
  process.stdout.write(
    `synthetic mesh: ${counts.clusters} clusters, ${counts.namespaces} namespaces, ${counts.services} services, ` +
      `${counts.workloads} workloads, ${counts.policies} policies, ${(counts.bytes / 1024 / 1024).toFixed(1)} MiB of YAML ` +
      `in ${files.length + 1} files (generated in ${generated.ms.toFixed(0)} ms)\n`,
  );
  (globalThis as { gc?: () => void }).gc?.();

  // Cold: the first thing this process loads, as `meshwright validate` would.
  const cpuBefore = process.cpuUsage();
  const loaded = await timed(() => loadMesh(meshPath));
  const cpu = process.cpuUsage(cpuBefore);
  const result = loaded.value;
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  const workloads = result.mesh?.clusters.reduce((sum, c) => sum + c.workloads.length, 0) ?? 0;
  process.stdout.write(
    `loadMesh: ok=${result.ok}, ${result.diagnostics.length} diagnostics (${errors.length} errors), ${workloads} workloads derived\n`,
  );
  for (const error of errors.slice(0, 5))
    process.stdout.write(`  ${error.code} ${error.file}:${error.line} ${error.message}\n`);
  report("load + validate (ms)", loaded.ms, "ms", { max: 5000 });
  // CPU time of this process: the wall time an idle machine would show (the shared machine may be busy).
  report("  CPU time of the load (ms)", (cpu.user + cpu.system) / 1000, "ms");
  report("peak RSS (MiB)", peakRssMiB(), "MiB", { max: 1024 });

  // Breakdown (warm): reading + parsing + validating the manifests alone, without building the model.
  const parseOnly = await timed(() => {
    let objects = 0;
    for (const path of files) {
      const text = readFileSync(join(directory, path), "utf8");
      const parsed = parseManifests(text, path);
      validateObjects(parsed.objects, new Map([[path, text]]));
      objects += parsed.objects.length;
    }
    return objects;
  });
  report(`  read + parse + validate ${parseOnly.value} objects alone, warm (ms)`, parseOnly.ms, "ms");
  if (result.mesh) {
    const model = result.mesh;
    const derived = await timed(() => createMesh(model));
    report("  createMesh alone on the loaded spec, warm (ms)", derived.ms, "ms");
  }
  if (!result.ok) process.exitCode = 1;
} finally {
  rmSync(directory, { recursive: true, force: true });
}
