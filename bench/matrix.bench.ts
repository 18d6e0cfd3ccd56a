/**
 * `pnpm bench matrix`: the reachability matrix and a what-if diff on the synthetic 50-cluster mesh
 * (10k Service objects, 50k workloads, 5k policies; every cluster its own network with an ambient
 * and a classic east-west gateway, ambient multi-network on, every istiod reading every cluster).
 *
 * Figures: the full matrix (every source class × every service port; target < 30 s), then the diff
 * after adding one AuthorizationPolicy, reusing that matrix as the baseline and the compile it was
 * computed on (target < 1 s; the "after" side is a successor compile), each with
 * CPU time beside wall time (the machine may be shared), and how many requests the class grouping
 * needed against the cells it filled. Loading the mesh is reported apart: it is not part of either.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { getHeapStatistics } from "node:v8";
import { createMesh, type KubeObject, loadMesh } from "@meshwright/core";
import { compile, diff, reachabilityMatrix, whatIf } from "@meshwright/sim";
import { peakRssMiB, report } from "./measure";
import { LOAD_BENCH_SIZE, syntheticMesh, writeSyntheticMesh } from "./synthetic-mesh";

/** Runs `fn`, returning its value with wall and CPU milliseconds. */
function measured<T>(fn: () => T): { value: T; wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = fn();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * The full matrix holds 12M cells, and the simulator keeps its per-proxy EDS views (one per
 * simulated request): more than Node's default heap. Re-run this file with a 16 GiB heap (the
 * machine has 24) unless it already has one.
 */
const HEAP_MIB = 16_384;
if (getHeapStatistics().heap_size_limit < HEAP_MIB * 1024 * 1024 * 0.9) {
  const child = spawnSync(
    process.execPath,
    [`--max-old-space-size=${HEAP_MIB}`, ...process.execArgv, fileURLToPath(import.meta.url)],
    { stdio: "inherit" },
  );
  process.exit(child.status ?? 1);
}

/** A full collection before a short timed phase, when the bench runs with `--expose-gc`. */
function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const directory = mkdtempSync(join(tmpdir(), "meshwright-matrix-bench-"));
try {
  const generated = syntheticMesh({ ...LOAD_BENCH_SIZE, eastWest: "both", ambientMultiNetwork: true });
  const loaded = measured(() => loadMesh(writeSyntheticMesh(generated, directory)));
  const mesh = loaded.value.mesh;
  if (!mesh) throw new Error("the synthetic mesh did not load");
  report("load the synthetic mesh (not part of the figures below)", loaded.wallMs, "ms");
  const sim = compile(mesh);

  // Progress on stderr: the full matrix runs for a while.
  const started = performance.now();
  const onProgress = (done: number, total: number) => {
    if (done % 20 === 0 || done === total) {
      const seconds = (performance.now() - started) / 1000;
      process.stderr.write(`  ${done}/${total} destinations in ${seconds.toFixed(1)} s\n`);
    }
  };
  const sample = Number(process.env.MATRIX_BENCH_DESTINATIONS ?? "0");
  const full = measured(() =>
    reachabilityMatrix(sim, { onProgress, ...(sample > 0 ? { sampleDestinations: sample } : {}) }),
  );
  const matrix = full.value;
  const { cells, ok, failed } = matrix.totals;
  process.stdout.write(
    `full matrix: ${matrix.classes.length} source classes × ${matrix.destinations.length} service ports = ` +
      `${cells} cells (${ok} ok, ${failed} failed) from ${matrix.requests} simulated requests\n`,
  );
  report("full matrix wall (ms)", full.wallMs, "ms", { max: 30_000 });
  report("full matrix CPU (ms)", full.cpuMs, "ms");
  report("  per simulated request (µs)", (full.wallMs * 1000) / Math.max(1, matrix.requests), "µs");

  // One more ALLOW policy on one service in one cluster: only callers of that service may change.
  const policy: KubeObject = {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: { name: "bench-allow-frontend", namespace: "team-007" },
    spec: {
      selector: { matchLabels: { app: "svc-7" } },
      action: "ALLOW",
      rules: [{ from: [{ source: { principals: ["cluster.local/ns/team-008/sa/svc-8"] } }] }],
    },
  };
  const change = { kind: "apply" as const, cluster: "cluster-07", objects: [policy] };
  // The matrix leaves ~100 MiB of garbage in a ~900 MiB heap: collected first, or the full
  // collection it is due for lands inside the half-second diff (a 2 s pause in some runs, none in
  // others) and the figure measures where V8 happened to schedule it, not the diff.
  settle();
  const diffed = measured(() => whatIf(sim, change, { baseline: matrix }));
  const result = diffed.value;
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("; "));
  process.stdout.write(
    `diff after one AuthorizationPolicy: ${result.diff.changes.length} changed pair(s) of ${result.diff.compared} compared, ` +
      `${result.diff.requests} requests simulated\n`,
  );
  report("diff after one added AuthorizationPolicy wall (ms)", diffed.wallMs, "ms", { max: 1000 });
  report("diff after one added AuthorizationPolicy CPU (ms)", diffed.cpuMs, "ms");
  // The same comparison as `meshwright diff --before a.yaml --after b.yaml` makes it: the second mesh
  // built and compiled as a successor of the first, then `diff` of the two simulations.
  settle();
  const twoMeshes = measured(() => {
    const afterMesh = createMesh(
      {
        ...mesh,
        clusters: mesh.clusters.map((c) =>
          c.name === change.cluster ? { ...c, resources: [...c.resources, policy] } : c,
        ),
      },
      { previous: mesh },
    ).mesh;
    return diff(sim, compile(afterMesh, { previous: sim }));
  });
  process.stdout.write(
    `diff of the two meshes: ${twoMeshes.value.changes.length} changed pair(s) of ${twoMeshes.value.compared} compared\n`,
  );
  report(
    "diff of two meshes differing by that policy (diff --before/--after) wall (ms)",
    twoMeshes.wallMs,
    "ms",
  );
  // What the diff saves by rebuilding incrementally: the Mesh is re-derived for the changed cluster
  // only (createMesh with previous), and every istiod the policy leaves unchanged is carried over.
  const rebuilt = measured(() => createMesh(mesh));
  report("  for comparison: a full createMesh of the 50-cluster spec (ms)", rebuilt.wallMs, "ms");
  const recompiled = measured(() => whatIf(compile(mesh), change));
  report("  for comparison: the same diff on a fresh compile, no baseline (ms)", recompiled.wallMs, "ms");
  report("peak RSS", peakRssMiB(), "MiB");
} finally {
  rmSync(directory, { recursive: true, force: true });
}
