import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbMeshSpec } from "../../testing/arbitraries";
import { createMesh } from "../create-mesh";
import type { KubeObject } from "../kube-object";
import type { MeshSpec } from "../mesh";
import { applySpecDefaults } from "./spec-defaults";
import { deployment, namespace, service } from "./test-support";

const policy: KubeObject = {
  apiVersion: "security.istio.io/v1",
  kind: "AuthorizationPolicy",
  metadata: { name: "deny", namespace: "shop" },
  spec: { action: "DENY", rules: [{}] },
};

const twoClusters: MeshSpec = applySpecDefaults({
  meshId: "m",
  networks: ["n1"],
  clusters: ["a", "b"].map((name) => ({
    name,
    network: "n1",
    resources: [namespace("shop"), deployment("shop", "cart"), service("shop", "cart")],
  })),
});

/** `spec` with `objects` appended to cluster `index`'s resources. */
function withObjects(spec: MeshSpec, index: number, objects: readonly KubeObject[]): MeshSpec {
  return {
    ...spec,
    clusters: spec.clusters.map((c, i) =>
      i === index ? { ...c, resources: [...c.resources, ...objects] } : c,
    ),
  };
}

describe("createMesh with a previous build", () => {
  it("takes unchanged clusters as they were and shares a changed cluster's equal parts", () => {
    const before = createMesh(twoClusters).mesh;
    const after = createMesh(withObjects(twoClusters, 1, [policy]), { previous: before }).mesh;
    expect(after.clusters[0]).toBe(before.clusters[0]);
    const [was, is] = [before.clusters[1]!, after.clusters[1]!];
    expect(is).not.toBe(was);
    expect(is.resources).toContainEqual(policy);
    expect(is.workloads).toBe(was.workloads);
    expect(is.services).toBe(was.services);
    expect(is.namespaces).toBe(was.namespaces);
    expect(is.effectiveMeshConfig).toBe(was.effectiveMeshConfig);
  });

  it("keeps the identity of each unchanged workload when another changes", () => {
    const before = createMesh(twoClusters).mesh;
    const after = createMesh(withObjects(twoClusters, 0, [deployment("shop", "till")]), {
      previous: before,
    }).mesh;
    const [was, is] = [before.clusters[0]!, after.clusters[0]!];
    expect(is.workloads).not.toBe(was.workloads);
    for (const workload of was.workloads) expect(is.workloads).toContain(workload);
    expect(is.workloads.length).toBeGreaterThan(was.workloads.length);
  });

  it("replays a reused cluster's diagnostics", () => {
    const broken = withObjects(twoClusters, 0, [
      { apiVersion: "v1", kind: "Service", metadata: { name: "" } },
    ]);
    const first = createMesh(broken);
    expect(first.diagnostics.length).toBeGreaterThan(0);
    const again = createMesh(withObjects(broken, 1, [policy]), { previous: first.mesh });
    expect(again.mesh.clusters[0]).toBe(first.mesh.clusters[0]);
    expect(again.diagnostics).toEqual(first.diagnostics);
  });

  it("property: building with any previous mesh equals building afresh", () => {
    fc.assert(
      fc.property(arbMeshSpec({ maxClusters: 3 }), arbMeshSpec({ maxClusters: 3 }), (spec, other) => {
        const fresh = createMesh(spec);
        const fromOther = createMesh(spec, { previous: createMesh(other).mesh });
        const fromItself = createMesh(spec, { previous: fresh.mesh });
        expect(fromOther).toEqual(fresh);
        expect(fromItself).toEqual(fresh);
        expect(fromItself.mesh.clusters.every((c, i) => c === fresh.mesh.clusters[i])).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
