import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMesh } from "../model/create-mesh";
import { arbMeshSpec } from "../testing/arbitraries";
import { loadMeshFromString } from "./load-mesh";
import { toYAML } from "./to-yaml";

const load = (text: string) => loadMeshFromString(text, { file: "mesh.yaml", baseDir: "/nonexistent" });

describe("toYAML", () => {
  it("writes a self-contained Mesh document: every object inline, no manifests", () => {
    const spec = fc.sample(arbMeshSpec({ minClusters: 2, maxClusters: 2 }), { seed: 3, numRuns: 1 })[0]!;
    const text = toYAML(createMesh(spec).mesh);
    expect(text.startsWith("apiVersion: meshwright.dev/v1alpha1\nkind: Mesh\n")).toBe(true);
    expect(text).not.toContain("manifests:");
    expect(text).not.toMatch(/[&*][a-z]+\d*\s*$/m);
  });

  it("round-trips: loadMeshFromString(toYAML(m)).mesh deep-equals m (property)", () => {
    fc.assert(
      fc.property(arbMeshSpec(), (spec) => {
        const mesh = createMesh(spec).mesh;
        const result = load(toYAML(mesh));
        expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(result.mesh).toEqual(mesh);
      }),
      { seed: 11, numRuns: 25 },
    );
  });
});
