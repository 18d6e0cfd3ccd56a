import { loadMesh } from "@meshwright/core";
import { compileWithPki } from "@meshwright/sim";
import { expect, it } from "vitest";
import { seedMeshPath } from "./paths";

// The README's code example, statement for statement (the mesh path resolved from the package).
it("the README example traces EKS → AKS through nested HBONE and reports the distribution", async () => {
  const { mesh, diagnostics } = loadMesh(seedMeshPath("000"));
  if (!mesh) throw new Error(diagnostics.map((d) => `${d.code} ${d.file}:${d.line} ${d.message}`).join("\n"));

  const sim = await compileWithPki(mesh, { at: new Date("2026-06-01T00:00:00Z") });
  const trace = sim.request({
    from: "eks-cluster/default/eks-shell",
    to: "echo-service.app-a.svc.cluster.local:8080",
  });

  expect(trace.outcome.ok).toBe(true);
  expect(trace.symptom).toMatch(/^HTTP 200 from aks-cluster\/app-a\/echo-service-/);
  expect(trace.hops.map((h) => h.protocol)).toContain("double HBONE");
  expect(
    sim.distribution("eks-cluster/default/eks-shell", "echo-service.app-a.svc.cluster.local", 8080).byCluster,
  ).toEqual({
    "aks-cluster": 1,
  });
});
