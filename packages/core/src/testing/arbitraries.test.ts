import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMesh } from "../model/create-mesh";
import { applySpecDefaults } from "../model/derive/spec-defaults";
import { arbClusterSpec, arbMeshSpec } from "./arbitraries";

describe("mesh arbitraries", () => {
  it("property: every generated MeshSpec is valid (createMesh reports no error) and complete (defaults applied)", () => {
    fc.assert(
      fc.property(arbMeshSpec(), (spec) => {
        const { diagnostics } = createMesh(spec);
        expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(applySpecDefaults(spec)).toEqual(spec);
      }),
      { numRuns: 60 },
    );
  });

  it("property: generated specs survive a JSON round trip unchanged (no undefined, no functions)", () => {
    fc.assert(
      fc.property(arbMeshSpec({ maxClusters: 2 }), (spec) => {
        expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
      }),
      { numRuns: 40 },
    );
  });

  it("covers the shapes the loader and the simulator need (clusters, remotes, dataplanes, IPv6)", () => {
    const samples = fc.sample(arbMeshSpec(), { numRuns: 150, seed: 7 });
    const meshes = samples.map((spec) => createMesh(spec).mesh);
    const workloads = meshes.flatMap((m) => m.clusters.flatMap((c) => c.workloads));
    expect(new Set(samples.map((s) => s.clusters.length))).toEqual(new Set([1, 2, 3, 4]));
    expect(samples.some((s) => s.clusters.some((c) => c.controlPlane.role === "remote"))).toBe(true);
    expect(new Set(workloads.map((w) => w.dataplane))).toEqual(new Set(["sidecar", "ambient", "none"]));
    expect(samples.some((s) => s.clusters.some((c) => c.ipFamilies.includes("IPv6")))).toBe(true);
    expect(samples.some((s) => s.clusters.some((c) => c.ecsClusters.length > 0))).toBe(true);
  });

  it("options bound the shape", () => {
    const samples = fc.sample(
      arbMeshSpec({ minClusters: 2, maxClusters: 2, ipv6: false, remotes: false, flavour: "solo" }),
      {
        numRuns: 30,
        seed: 3,
      },
    );
    for (const spec of samples) {
      expect(spec.clusters).toHaveLength(2);
      expect(spec.flavour).toBe("solo");
      expect(
        spec.clusters.every((c) => c.controlPlane.role === "primary" && c.ipFamilies.join() === "IPv4"),
      ).toBe(true);
    }
    expect(fc.sample(arbClusterSpec(), { numRuns: 5, seed: 1 })).toHaveLength(5);
  });
});
