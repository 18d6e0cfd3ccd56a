/**
 * `pnpm bench simulator`: the simulator on synthetic meshes of 5, 10, 25 and 50 clusters (50 =
 * 10k Service objects, 50k workloads, 5k policies; every cluster its own network with an ambient
 * and a classic east-west gateway, ambient multi-network on, every istiod reading every cluster).
 *
 * Per size, in a fresh process (so peak RSS is that size's own): `compile()` wall + CPU time, the
 * first request through each istiod (compile is lazy: that is where routing, DNS and the gateway
 * and ambient indexes are built, i.e. the real compile cost), peak RSS, `request()` p50/p99 over
 * 10k seeded-random requests (cold: most (client, service) pairs are new; then the same requests
 * again, warm; then the same pairs with new request keys, whose picks reach servers and gateways
 * the first passes may not have: their authorizers and gateway views are built on first use), and
 * `distribution()` for every (client × service) pair.
 * Prints CPU time beside wall time: the machine may be shared.
 *
 * Targets at 50 clusters: compile < 3 s and < 1.5 GiB (RSS right after compile and the first
 * requests; the session's peak, with every queried pair's views memoised, is reported beside it),
 * request p50 < 50 µs, all distributions < 10 s.
 * Run one size: `node --import tsx --expose-gc bench/simulator.bench.ts --size 50`; profile it with
 * `--cpu-prof` before the script path.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { loadMesh, type Mesh, type Workload } from "@meshwright/core";
import { compile, type SimulatedMesh } from "@meshwright/sim";
import { peakRssMiB, percentile, report } from "./measure";
import { type SyntheticMeshOptions, syntheticMesh, writeSyntheticMesh } from "./synthetic-mesh";

const SIZES = [5, 10, 25, 50] as const;
const REQUESTS = 10_000;
const SERVICES_PER_CLUSTER = 200;

/** The mesh of `clusters` clusters: the load benchmark's density (200 services and 1000 pods per cluster). */
function sizeOptions(clusters: number): SyntheticMeshOptions {
  return {
    clusters,
    namespacesPerCluster: 200,
    services: SERVICES_PER_CLUSTER * clusters,
    replicas: 5,
    policies: 100 * clusters,
    eastWest: "both",
    ambientMultiNetwork: true,
  };
}

/** One size's figures, as the child process reports them (one JSON line). */
interface SizeFigures {
  readonly clusters: number;
  readonly services: number;
  readonly hostnames: number;
  readonly workloads: number;
  readonly loadMs: number;
  readonly compileMs: number;
  readonly compileCpuMs: number;
  readonly firstRequestsMs: number;
  readonly firstRequestsCpuMs: number;
  readonly requestP50Us: number;
  readonly requestP99Us: number;
  /** The same requests again: the views they need are memoised (as for `curl` in a loop). */
  readonly warmP50Us: number;
  readonly warmP99Us: number;
  /**
   * The same (client, URL) pairs with new request keys: no pick repeats, so some requests are the
   * first to their server (its authorizer is prepared) or through a gateway for that service (its
   * view is built).
   */
  readonly freshP50Us: number;
  readonly requestsOk: number;
  readonly distributionPairs: number;
  readonly distributionMs: number;
  readonly distributionCpuMs: number;
  /** RSS right after compile and the first request per istiod (the compile memory target). */
  readonly compiledRssMiB: number;
  /** Peak RSS of the whole session, memoised views of every queried (client, service) pair included. */
  readonly peakRssMiB: number;
}

/** mulberry32: a tiny seeded PRNG, so every run draws the same requests. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Wall and CPU milliseconds of `fn`. */
function measure<T>(fn: () => T): { value: T; ms: number; cpu: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start, cpu: cpuMs(cpu) };
}

function loadSynthetic(options: SyntheticMeshOptions): { mesh: Mesh; ms: number } {
  const directory = mkdtempSync(join(tmpdir(), "meshwright-sim-bench-"));
  try {
    const path = writeSyntheticMesh(syntheticMesh(options), directory);
    const loaded = measure(() => loadMesh(path));
    const errors = loaded.value.diagnostics.filter((d) => d.severity === "error");
    if (!loaded.value.mesh || errors.length > 0) {
      throw new Error(`synthetic mesh does not load: ${errors.map((e) => e.message).join("; ")}`);
    }
    return { mesh: loaded.value.mesh, ms: loaded.ms };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Clients: one sidecar and one ambient workload per cluster (the first of each). */
function clientsOf(mesh: Mesh): Workload[] {
  const clients: Workload[] = [];
  for (const cluster of mesh.clusters) {
    for (const dataplane of ["sidecar", "ambient"] as const) {
      const w = cluster.workloads.find((x) => x.dataplane === dataplane);
      if (w) clients.push(w);
    }
  }
  return clients;
}

/** Every distinct service hostname with its first port, as a short URL a pod would curl. */
function servicesOf(mesh: Mesh): { host: string; port: number }[] {
  const seen = new Map<string, { host: string; port: number }>();
  for (const cluster of mesh.clusters) {
    for (const s of cluster.services) {
      if (seen.has(s.hostname) || s.ports.length === 0) continue;
      seen.set(s.hostname, { host: `${s.name}.${s.namespace}`, port: s.ports[0]!.port });
    }
  }
  return [...seen.values()];
}

function runSize(clusters: number): SizeFigures {
  const options = sizeOptions(clusters);
  const { mesh, ms: loadMs } = loadSynthetic(options);
  (globalThis as { gc?: () => void }).gc?.();

  const compiled = measure(() => compile(mesh, { seed: 1 }));
  const sim: SimulatedMesh = compiled.value;
  const clients = clientsOf(mesh);
  const services = servicesOf(mesh);
  const first = services[0]!;

  // Lazy compile: the first request through each istiod builds its routing, gateways and indexes.
  const firsts = measure(() => {
    for (const client of clients) sim.request({ from: client.id, to: `http://${first.host}:${first.port}/` });
  });

  (globalThis as { gc?: () => void }).gc?.();
  const compiledRssMiB = process.memoryUsage().rss / 2 ** 20;

  const random = prng(42);
  const inputs = Array.from({ length: REQUESTS }, (_, i) => {
    const client = clients[Math.floor(random() * clients.length)]!;
    const service = services[Math.floor(random() * services.length)]!;
    return { from: client.id, to: `http://${service.host}:${service.port}/api/v1`, requestKey: `${i}` };
  });
  let ok = 0;
  const samples = inputs.map((input) => {
    const start = performance.now();
    const trace = sim.request(input);
    const us = (performance.now() - start) * 1000;
    if (trace.outcome.ok) ok++;
    return us;
  });

  const warm = inputs.map((input) => {
    const start = performance.now();
    sim.request(input);
    return (performance.now() - start) * 1000;
  });

  const fresh = inputs.map((input, i) => {
    const again = { ...input, requestKey: `fresh-${i}` };
    const start = performance.now();
    sim.request(again);
    return (performance.now() - start) * 1000;
  });

  let pairs = 0;
  let rowsRead = 0;
  const distributions = measure(() => {
    for (const client of clients) {
      for (const service of services) {
        // A summary's parts are built when read: read what a caller reads, the rows and the sums.
        const summary = sim.distribution(client.id, service.host, service.port);
        rowsRead += summary.rows.length + Object.keys(summary.byCluster).length;
        pairs++;
      }
    }
  });
  if (pairs > 0 && rowsRead === 0)
    throw new Error("the distributions read no rows: the synthetic mesh is wrong");

  return {
    clusters,
    services: mesh.clusters.reduce((n, c) => n + c.services.length, 0),
    hostnames: services.length,
    workloads: mesh.clusters.reduce((n, c) => n + c.workloads.length, 0),
    loadMs,
    compileMs: compiled.ms,
    compileCpuMs: compiled.cpu,
    firstRequestsMs: firsts.ms,
    firstRequestsCpuMs: firsts.cpu,
    requestP50Us: percentile(samples, 50),
    requestP99Us: percentile(samples, 99),
    warmP50Us: percentile(warm, 50),
    warmP99Us: percentile(warm, 99),
    freshP50Us: percentile(fresh, 50),
    requestsOk: ok / REQUESTS,
    distributionPairs: pairs,
    distributionMs: distributions.ms,
    distributionCpuMs: distributions.cpu,
    compiledRssMiB,
    peakRssMiB: peakRssMiB(),
  };
}

function printSize(f: SizeFigures): void {
  process.stdout.write(
    `\n${f.clusters} clusters: ${f.services} Service objects (${f.hostnames} hostnames), ${f.workloads} workloads ` +
      `(loaded in ${f.loadMs.toFixed(0)} ms)\n`,
  );
  const big = f.clusters === 50;
  report("  compile() wall", f.compileMs, "ms");
  report("  compile() CPU", f.compileCpuMs, "ms");
  report(`  first request per istiod (${f.clusters} istiods, 2 clients each) wall`, f.firstRequestsMs, "ms");
  report("  first request per istiod CPU", f.firstRequestsCpuMs, "ms");
  report(
    "  compile + first requests (the real compile cost) CPU",
    f.compileCpuMs + f.firstRequestsCpuMs,
    "ms",
    big ? { max: 3000 } : undefined,
  );
  const target = big ? { max: 50 } : undefined;
  report(`  request() p50 (${REQUESTS} random requests, cold)`, f.requestP50Us, "µs", target);
  report("  request() p99 (cold)", f.requestP99Us, "µs");
  report("  request() p50 (the same requests again, views memoised)", f.warmP50Us, "µs", target);
  report("  request() p99 (warm)", f.warmP99Us, "µs");
  report("  request() p50 (the same pairs, new request keys: new servers and gateways)", f.freshP50Us, "µs");
  process.stdout.write(`  requests that succeeded: ${(f.requestsOk * 100).toFixed(1)}%\n`);
  report(`  distribution() × ${f.distributionPairs} (client × service) wall`, f.distributionMs, "ms");
  report("  distribution() all pairs CPU", f.distributionCpuMs, "ms", big ? { max: 10_000 } : undefined);
  report("  RSS after compile + first requests", f.compiledRssMiB, "MiB", big ? { max: 1536 } : undefined);
  report("  peak RSS of the session (memoised views included)", f.peakRssMiB, "MiB");
}

function printGrowth(all: readonly SizeFigures[]): void {
  const header = [
    "clusters",
    "services",
    "workloads",
    "compile ms (cpu)",
    "first req/istiod ms (cpu)",
    "req p50 µs",
    "req p99 µs",
    "warm p50 µs",
    "fresh-key p50 µs",
    "dist pairs",
    "dist ms (cpu)",
    "µs/pair",
    "compiled RSS MiB",
    "peak RSS MiB",
  ];
  const rows = all.map((f) => [
    `${f.clusters}`,
    `${f.services}`,
    `${f.workloads}`,
    `${f.compileMs.toFixed(0)} (${f.compileCpuMs.toFixed(0)})`,
    `${f.firstRequestsMs.toFixed(0)} (${f.firstRequestsCpuMs.toFixed(0)})`,
    f.requestP50Us.toFixed(1),
    f.requestP99Us.toFixed(1),
    f.warmP50Us.toFixed(1),
    f.freshP50Us.toFixed(1),
    `${f.distributionPairs}`,
    `${f.distributionMs.toFixed(0)} (${f.distributionCpuMs.toFixed(0)})`,
    ((f.distributionCpuMs * 1000) / f.distributionPairs).toFixed(1),
    f.compiledRssMiB.toFixed(0),
    f.peakRssMiB.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join(" | ");
  process.stdout.write(`\ngrowth\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("-+-")}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
}

const sizeFlag = process.argv.indexOf("--size");
if (sizeFlag >= 0) {
  const figures = runSize(Number(process.argv[sizeFlag + 1]));
  if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify(figures)}\n`);
  else printSize(figures);
} else {
  const all: SizeFigures[] = [];
  for (const size of SIZES) {
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", "--expose-gc", fileURLToPath(import.meta.url), "--size", `${size}`, "--json"],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    const last = child.stdout.trim().split("\n").at(-1) ?? "";
    if (child.status !== 0 || !last.startsWith("{")) {
      process.stderr.write(`size ${size} failed:\n${child.stderr}\n`);
      process.exitCode = 1;
      continue;
    }
    const figures = JSON.parse(last) as SizeFigures;
    all.push(figures);
    printSize(figures);
  }
  printGrowth(all);
}
