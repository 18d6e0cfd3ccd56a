import { buildDiagram, createMesh, type Diagram, renderDot } from "@meshwright/core";
import { arbMeshSpec } from "@meshwright/core/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderSvg } from "./render-svg";
import { svgTexts } from "./svg-document";

describe("renderSvg (Graphviz as WebAssembly, dot engine)", () => {
  it("Graphviz reads the escaped DOT back to the exact label text, quotes and backslashes included", async () => {
    const label = 'say "hi" \\N <b> & #1 | {x}';
    const diagram: Diagram = {
      title: ["t"],
      detail: "services",
      networks: [],
      groups: [{ id: 'cloud:"odd"\\', kind: "cloud", label: ["cloud \\G"] }],
      nodes: [{ id: 'service:a/"b"', kind: "service", label: [label], group: 'cloud:"odd"\\' }],
      edges: [],
    };
    const texts = svgTexts(await renderSvg(renderDot(diagram)));
    expect(texts).toContain(label);
    expect(texts).toContain("cloud \\G");
  });

  it("lays out the DOT of any valid mesh at any detail into well-formed SVG", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbMeshSpec({ maxClusters: 3 }),
        fc.constantFrom("namespaces", "services", "workloads"),
        async (spec, detail) => {
          const mesh = createMesh(spec).mesh;
          const diagram = buildDiagram(mesh, { detail }).diagram!;
          const texts = svgTexts(await renderSvg(renderDot(diagram)));
          for (const cluster of mesh.clusters) expect(texts).toContain(cluster.name);
        },
      ),
      { numRuns: 12 },
    );
  });
});
