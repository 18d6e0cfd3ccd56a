import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMesh } from "../model/create-mesh";
import type { MeshSpec } from "../model/mesh";
import { arbMeshSpec } from "../testing/arbitraries";
import { buildDiagram } from "./build-diagram";
import { DIAGRAM_DETAILS, type DiagramDetail } from "./diagram-model";
import { renderDot } from "./dot/render-dot";
import { renderMermaid } from "./mermaid/render-mermaid";

const arbCase = fc.record({
  spec: arbMeshSpec({ maxClusters: 3 }),
  detail: fc.constantFrom(...DIAGRAM_DETAILS),
});

function diagramOf(spec: MeshSpec, detail: DiagramDetail) {
  const result = buildDiagram(createMesh(spec).mesh, { detail });
  expect(result.diagnostics).toEqual([]);
  return result.diagram!;
}

describe("diagram properties (any valid mesh, any detail)", () => {
  it("every node sits in an existing group, every arrow joins drawn nodes, every cluster has a box", () => {
    fc.assert(
      fc.property(arbCase, ({ spec, detail }) => {
        const d = diagramOf(spec, detail);
        const groups = new Set(d.groups.map((g) => g.id));
        const nodes = new Set(d.nodes.map((n) => n.id));
        expect(nodes.size).toBe(d.nodes.length);
        for (const n of d.nodes) if (n.group !== undefined) expect(groups.has(n.group)).toBe(true);
        for (const g of d.groups) if (g.parent !== undefined) expect(groups.has(g.parent)).toBe(true);
        for (const e of d.edges) expect(nodes.has(e.from) && nodes.has(e.to)).toBe(true);
        for (const cluster of spec.clusters) expect(groups.has(`cluster:${cluster.name}`)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it("the same mesh gives the same Mermaid and DOT, byte for byte", () => {
    fc.assert(
      fc.property(arbCase, ({ spec, detail }) => {
        const once = diagramOf(spec, detail);
        const again = diagramOf(spec, detail);
        expect(renderMermaid(again)).toBe(renderMermaid(once));
        expect(renderDot(again)).toBe(renderDot(once));
      }),
      { numRuns: 25 },
    );
  });

  it("Mermaid ids are unique plain words and every subgraph is closed; DOT braces balance", () => {
    fc.assert(
      fc.property(arbCase, ({ spec, detail }) => {
        const d = diagramOf(spec, detail);
        const mermaid = renderMermaid(d).split("\n");
        const declared = mermaid
          .map(
            (line) =>
              /^\s+(?:subgraph )?([A-Za-z][A-Za-z0-9_]*)[[({>]/.exec(line)?.[1] ??
              /^\s+subgraph ([A-Za-z0-9_]+) /.exec(line)?.[1],
          )
          .filter((id): id is string => id !== undefined);
        expect(new Set(declared).size).toBe(d.nodes.length + d.groups.length);
        expect(declared.length).toBe(d.nodes.length + d.groups.length);
        expect(mermaid.filter((l) => l.trim().startsWith("subgraph ")).length).toBe(
          mermaid.filter((l) => l.trim() === "end").length,
        );
        const dot = renderDot(d);
        expect(dot.split("{").length).toBe(dot.split("}").length);
      }),
      { numRuns: 40 },
    );
  });
});
