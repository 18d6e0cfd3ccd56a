import { join } from "node:path";
import {
  generateMeshPki,
  type Mesh,
  MeshwrightError,
  toCacertsFiles,
  validateIstiodLoad,
  writeBundleFiles,
} from "@meshwright/core";
import { loadSeed, SEEDS, type SeedCall } from "@meshwright/examples";
import { compile, type SimulatedMesh, type Trace, trustFromMeshPki } from "@meshwright/sim";

/** One call of the demo: what the seed runs, what meshwright predicts, and what the seed expects. */
export interface DemoCall {
  readonly id: string;
  readonly step: string;
  readonly from: string;
  readonly url: string;
  readonly expected: "success" | "failure";
  /** Whether the simulated outcome matches the seed's expectation. */
  readonly asExpected: boolean;
  readonly trace: Trace;
}

/** The demo's JSON report (written to `<out>/report.json`). */
export interface DemoReport {
  readonly mesh: string;
  readonly clusters: readonly {
    readonly name: string;
    readonly provider: string;
    readonly network: string;
  }[];
  readonly pki: {
    readonly at: string;
    readonly clusters: readonly {
      readonly cluster: string;
      readonly dir: string;
      readonly istiodLoads: boolean;
      readonly findings: readonly string[];
    }[];
  };
  readonly part10: readonly DemoCall[];
  readonly part11: readonly DemoCall[];
  readonly files: readonly string[];
  readonly ok: boolean;
}

const PART_11 = "part-11-authorization";

/**
 * Seed 000 end to end, offline: load the EKS + ECS + AKS ambient mesh, generate its PKI (written as
 * `cacerts` per cluster and checked the way istiod loads it), run the seed's Part 10 calls with
 * every TLS / HBONE session checked against those certificates, then apply the Part 11 policies and
 * run its two checks again.
 */
export async function runSeed000Demo(options: {
  readonly outDir: string;
  readonly at: Date;
}): Promise<DemoReport> {
  const { outDir, at } = options;
  const base = seedMesh();
  const generated = await generateMeshPki(base, { clock: () => at });
  if (!generated.ok) throw new MeshwrightError(generated.findings, "cannot generate the mesh PKI");
  const pki = generated.value;
  const files: string[] = [];
  const pkiClusters = [...pki.clusters.values()].map((ca) => {
    const dir = join(outDir, "certs", ca.cluster);
    const bundle = toCacertsFiles(ca.bundle);
    const written = writeBundleFiles(dir, bundle);
    files.push(...Object.keys(bundle).map((name) => join(dir, name)));
    const load = validateIstiodLoad({ files: bundle, at, ambient: true, cluster: ca.cluster });
    return {
      cluster: ca.cluster,
      dir,
      istiodLoads: load.loads && written.length === 0,
      findings: [...written, ...load.findings.filter((f) => f.severity !== "info")].map(
        (f) => `${f.code} ${f.message}`,
      ),
    };
  });
  const simulate = (mesh: Mesh) => compile(mesh, { pki: { clusters: trustFromMeshPki(pki), at } });
  const calls = SEEDS["000"].calls;
  const part10 = run(
    simulate(base),
    calls.filter((c) => c.stage === undefined),
  );
  const part11 = run(
    simulate(seedMesh(PART_11)),
    calls.filter((c) => c.stage === PART_11),
  );
  return {
    mesh: "seed-000-eks-ecs-aks-ambient",
    clusters: base.clusters.map((c) => ({
      name: c.name,
      provider: `${c.provider.kind} ${c.provider.region ?? ""}`.trim(),
      network: c.network,
    })),
    pki: { at: at.toISOString(), clusters: pkiClusters },
    part10,
    part11,
    files,
    ok: [...part10, ...part11].every((c) => c.asExpected) && pkiClusters.every((c) => c.istiodLoads),
  };
}

function seedMesh(stage?: string): Mesh {
  const result = loadSeed("000", stage ? { stage } : {});
  if (!result.mesh) throw new MeshwrightError(result.diagnostics, "the seed-000 mesh does not load");
  return result.mesh;
}

function run(sim: SimulatedMesh, calls: readonly SeedCall[]): DemoCall[] {
  return calls.map((call) => {
    const trace = sim.request({ from: call.from, to: call.url });
    const expected = (call.simulated ?? call.expected).outcome;
    return {
      id: call.id,
      step: call.step,
      from: call.from,
      url: call.url,
      expected,
      asExpected: trace.outcome.ok === (expected === "success"),
      trace,
    };
  });
}
