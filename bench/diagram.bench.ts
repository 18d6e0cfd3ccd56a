/**
 * `pnpm bench diagram`: diagrams of the 50-cluster synthetic mesh (200 namespaces per cluster, 10k
 * services, 50k workloads) at every detail level: the graph view, building the diagram, and writing
 * Mermaid and DOT. Then SVG layouts (Graphviz as WebAssembly, `dot` engine) of seed 000 and of a
 * 5-cluster mesh at namespaces detail: layout is the costly part, and it is meant for meshes a
 * person can read. Targets, the graph view (core's meshGraph, built once per mesh) aside: a text
 * diagram of the big mesh at namespaces or services detail < 1.5 s, at workloads detail < 4 s; an
 * SVG of seed 000 < 1 s.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildDiagram,
  DIAGRAM_DETAILS,
  type DiagramDetail,
  loadMeshOrThrow,
  meshGraph,
  renderDot,
  renderMermaid,
} from "@meshwright/core";
import { renderSvg } from "../packages/cli/src/commands/diagram/render-svg";
import { peakRssMiB, report, timed } from "./measure";
import {
  LOAD_BENCH_SIZE,
  type SyntheticMeshOptions,
  syntheticMesh,
  writeSyntheticMesh,
} from "./synthetic-mesh";

/**
 * Targets for a text diagram of the big mesh, the graph view aside. Workloads detail is 60k boxes and
 * ~20 MiB of text (a file for tools, not a picture): its target is the cost of writing that much.
 */
const TEXT_TARGET_MS: Readonly<Record<DiagramDetail, number>> = {
  namespaces: 1500,
  services: 1500,
  workloads: 4000,
};

const SVG_MESH: SyntheticMeshOptions = {
  clusters: 5,
  namespacesPerCluster: 20,
  services: 200,
  replicas: 2,
  policies: 0,
};

function loadSynthetic(options: SyntheticMeshOptions, directory: string) {
  return loadMeshOrThrow(writeSyntheticMesh(syntheticMesh(options), directory));
}

const directory = mkdtempSync(join(tmpdir(), "meshwright-diagram-bench-"));
try {
  const big = loadSynthetic(LOAD_BENCH_SIZE, join(directory, "big"));
  const workloads = big.clusters.reduce((sum, c) => sum + c.workloads.length, 0);
  process.stdout.write(`synthetic mesh: ${big.clusters.length} clusters, ${workloads} workloads\n`);

  // The graph view is core's (graph/), built once and shared by every diagram of the mesh.
  const graph = await timed(() => meshGraph(big));
  report("meshGraph, once per mesh (ms)", graph.ms, "ms");
  for (const detail of DIAGRAM_DETAILS) {
    const built = await timed(() => buildDiagram(big, { detail, graph: graph.value }).diagram!);
    const mermaid = await timed(() => renderMermaid(built.value));
    const dot = await timed(() => renderDot(built.value));
    process.stdout.write(
      `${detail}: ${built.value.nodes.length} nodes, ${built.value.groups.length} groups, ${built.value.edges.length} edges; ` +
        `Mermaid ${(mermaid.value.length / 1024 / 1024).toFixed(1)} MiB, DOT ${(dot.value.length / 1024 / 1024).toFixed(1)} MiB\n`,
    );
    report(`  buildDiagram ${detail} (ms)`, built.ms, "ms");
    const target = { max: TEXT_TARGET_MS[detail] };
    report(`  build + Mermaid ${detail} (ms)`, built.ms + mermaid.ms, "ms", target);
    report(`  build + DOT ${detail} (ms)`, built.ms + dot.ms, "ms", target);
  }

  const load = await timed(() => renderSvg("digraph { a -> b }"));
  report("Graphviz WebAssembly load + first layout (ms)", load.ms, "ms");
  const seed = loadMeshOrThrow(
    join(import.meta.dirname, "../packages/examples/meshes/seed-000-eks-ecs-aks-ambient/mesh.yaml"),
  );
  const seedSvg = await timed(async () => renderSvg(renderDot(buildDiagram(seed).diagram!)));
  report("SVG of seed 000, services detail (ms)", seedSvg.ms, "ms", { max: 1000 });
  const medium = loadSynthetic(SVG_MESH, join(directory, "medium"));
  const mediumDiagram = buildDiagram(medium, { detail: "namespaces" }).diagram!;
  const mediumSvg = await timed(async () => renderSvg(renderDot(mediumDiagram)));
  report(
    `SVG of a 5-cluster mesh, namespaces detail (${mediumDiagram.nodes.length} nodes) (ms)`,
    mediumSvg.ms,
    "ms",
  );
  report("peak RSS (MiB)", peakRssMiB(), "MiB");
} finally {
  rmSync(directory, { recursive: true, force: true });
}
