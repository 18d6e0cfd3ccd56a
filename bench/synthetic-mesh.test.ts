import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadMesh } from "@meshwright/core";
import { describe, expect, it } from "vitest";
import { syntheticMesh, writeSyntheticMesh } from "./synthetic-mesh";

const SMALL = { clusters: 3, namespacesPerCluster: 4, services: 10, replicas: 2, policies: 9 };

describe("synthetic mesh generator", () => {
  it("is deterministic", () => {
    const a = syntheticMesh(SMALL);
    const b = syntheticMesh(SMALL);
    expect(b.meshYaml).toBe(a.meshYaml);
    expect([...b.manifests]).toEqual([...a.manifests]);
  });

  it("writes a mesh that loads with no diagnostic, with the requested counts", () => {
    const directory = mkdtempSync(join(tmpdir(), "meshwright-synthetic-"));
    try {
      const mesh = syntheticMesh(SMALL);
      const result = loadMesh(writeSyntheticMesh(mesh, directory));
      expect(result.diagnostics).toEqual([]);
      const clusters = result.mesh!.clusters;
      expect(clusters).toHaveLength(3);
      expect(clusters.reduce((n, c) => n + c.services.length, 0)).toBe(10);
      expect(clusters.reduce((n, c) => n + c.workloads.length, 0)).toBe(20);
      const kinds = clusters.flatMap((c) => c.resources.map((o) => o.kind));
      expect(kinds.filter((k) => k === "Namespace")).toHaveLength(12);
      const policies = kinds.filter((k) =>
        ["AuthorizationPolicy", "PeerAuthentication", "DestinationRule", "VirtualService"].includes(k),
      );
      expect(policies).toHaveLength(9);
      expect(new Set(policies).size).toBe(4);
      expect(mesh.counts).toMatchObject({ services: 10, workloads: 20, policies: 9, namespaces: 12 });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("adds classic + ambient east-west gateways and ambient multi-network on request, and still loads cleanly", () => {
    const directory = mkdtempSync(join(tmpdir(), "meshwright-synthetic-"));
    try {
      const mesh = syntheticMesh({ ...SMALL, eastWest: "both", ambientMultiNetwork: true });
      const result = loadMesh(writeSyntheticMesh(mesh, directory));
      expect(result.diagnostics).toEqual([]);
      for (const cluster of result.mesh!.clusters) {
        expect(cluster.gateways.map((g) => g.kind).sort()).toEqual(["ambient", "classic"]);
        expect(cluster.gateways.find((g) => g.kind === "classic")).toMatchObject({ exposesServices: true });
        expect(cluster.istiodFeatures.AMBIENT_ENABLE_MULTI_NETWORK).toBe("true");
        expect(cluster.services.every((s) => s.labels["istio.io/global"] === "true")).toBe(true);
      }
      // The default stays what the load benchmark always measured: one ambient gateway, no flag.
      expect(syntheticMesh(SMALL).meshYaml).not.toContain("eastwest-classic");
      expect(syntheticMesh(SMALL).meshYaml).not.toContain("AMBIENT_ENABLE_MULTI_NETWORK");
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
