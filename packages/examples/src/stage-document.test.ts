import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { SeedStage } from "./seed";
import { applyStageToMeshDocument } from "./stage-document";

const MESH = `# a comment that must survive
apiVersion: meshwright.dev/v1alpha1
kind: Mesh
metadata: { name: test }
spec:
  meshId: mesh1
  clusters:
    - name: one
      manifests:
        - one/a.yaml # kept
        - one/b.yaml
    - name: two
`;

function stage(add: SeedStage["add"], remove: SeedStage["remove"]): SeedStage {
  return { name: "s", description: "test stage", add, remove };
}

function manifestsOf(text: string, cluster: number): unknown {
  return (parse(text) as { spec: { clusters: { manifests?: unknown }[] } }).spec.clusters[cluster]?.manifests;
}

describe("applyStageToMeshDocument", () => {
  it("appends added manifests to the named cluster, creating the list when the cluster has none", () => {
    const result = applyStageToMeshDocument(
      MESH,
      stage(
        [
          { cluster: "one", file: "overlay.yaml" },
          { cluster: "two", file: "two/x.yaml" },
        ],
        [],
      ),
      "mesh.yaml",
    );
    expect(result.diagnostics).toEqual([]);
    expect(manifestsOf(result.text!, 0)).toEqual(["one/a.yaml", "one/b.yaml", "overlay.yaml"]);
    expect(manifestsOf(result.text!, 1)).toEqual(["two/x.yaml"]);
  });

  it("drops removed manifests and keeps the document's comments", () => {
    const result = applyStageToMeshDocument(
      MESH,
      stage([], [{ cluster: "one", file: "one/b.yaml" }]),
      "mesh.yaml",
    );
    expect(manifestsOf(result.text!, 0)).toEqual(["one/a.yaml"]);
    expect(result.text).toContain("# a comment that must survive");
    expect(result.text).toContain("# kept");
  });

  it("reports a cluster the mesh does not have (MW8003) and returns no text", () => {
    const result = applyStageToMeshDocument(
      MESH,
      stage([{ cluster: "three", file: "x.yaml" }], []),
      "mesh.yaml",
    );
    expect(result.text).toBeUndefined();
    expect(result.diagnostics).toMatchObject([
      { code: "MW8003", severity: "error", file: "mesh.yaml", path: "$.spec.clusters", cluster: "three" },
    ]);
  });

  it("reports a removal of a manifest the cluster does not list (MW8003)", () => {
    const result = applyStageToMeshDocument(
      MESH,
      stage([], [{ cluster: "two", file: "two/x.yaml" }]),
      "mesh.yaml",
    );
    expect(result.diagnostics).toMatchObject([{ code: "MW8003", path: "$.spec.clusters[1].manifests" }]);
  });
});
