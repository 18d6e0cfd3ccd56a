import { describe, expect, it } from "vitest";
import { generateMeshPki, type MeshPki } from "../generate/mesh-pki";
import { AT } from "../testing/hierarchy";
import type { RotationPhase } from "./phases";
import { planRootRotation, type RotationPlanRequest } from "./plan";
import { rotationCaFromClusterCa } from "./rotation-ca";
import { verifyRotationPhases } from "./verify-phases";

const MESH = {
  trustDomain: "cluster.local",
  flavour: "upstream" as const,
  clusters: [{ name: "eks" }, { name: "aks" }],
};

async function generation(seedDays: number): Promise<MeshPki> {
  const result = await generateMeshPki(MESH, { clock: () => new Date(AT.getTime() - seedDays * 86_400_000) });
  if (!result.ok) throw new Error("generation failed");
  return result.value;
}

async function request(options: Partial<RotationPlanRequest> = {}): Promise<RotationPlanRequest> {
  const [current, next] = [await generation(10), await generation(1)];
  return {
    clusters: ["eks", "aks"].map((cluster) => ({
      cluster,
      current: rotationCaFromClusterCa(current.clusters.get(cluster)!),
      next: rotationCaFromClusterCa(next.clusters.get(cluster)!),
    })),
    trustDomain: "cluster.local",
    at: AT,
    ...options,
  };
}

describe("root rotation planning (istio_ca.go handleEvent, ISTIO_MULTIROOT_MESH)", () => {
  it("publish combined bundle → re-issue intermediates → retire old root: every phase keeps every pair working", async () => {
    const plan = planRootRotation(await request());
    expect(plan.phases.map((p) => p.name)).toEqual([
      "current",
      "publish-combined-root",
      "reissue-intermediates",
      "retire-old-root",
    ]);
    expect(plan.verification.map((v) => v.ok)).toEqual([true, true, true, true]);
    // 2 clusters × 2 clusters × live generations (1, 1, 2, 1).
    expect(plan.verification.map((v) => v.checks.length)).toEqual([4, 4, 8, 4]);
    expect(plan.phases[2]!.clusters[0]).toEqual({
      cluster: "eks",
      trustedRoots: ["old", "new"],
      signingCa: "new",
      liveLeaves: ["old", "new"],
    });
    expect(plan.ok).toBe(true);
  });

  it("#22 without ISTIO_MULTIROOT_MESH the root-cert.pem changes need istiod restarts (ROOT_ROTATION_REQUIRES_MULTIROOT)", async () => {
    const plan = planRootRotation(await request());
    expect(plan.phases.map((p) => p.istiodRestart)).toEqual([false, true, false, true]);
    expect(plan.findings.map((f) => f.name)).toEqual([
      "ROOT_ROTATION_REQUIRES_MULTIROOT",
      "ROTATION_REQUIRES_RESTART",
    ]);
    expect(plan.findings[0]!.symptom).toBe("Multi root is disabled, updating new ROOT-CA not supported");
  });

  it("with ISTIO_MULTIROOT_MESH the same plan hot-reloads", async () => {
    const plan = planRootRotation(await request({ multiRoot: true }));
    expect(plan.phases.every((p) => !p.istiodRestart)).toBe(true);
    expect(plan.findings).toEqual([]);
  });

  it("the wrong order — switching intermediates before publishing the combined bundle — is caught (ROTATION_PHASE_BREAKS)", async () => {
    const req = await request();
    const hasty: RotationPhase = {
      name: "switch-first",
      title: "switch eks to the new root first",
      actions: [],
      clusters: [
        { cluster: "eks", trustedRoots: ["new"], signingCa: "new", liveLeaves: ["new"] },
        { cluster: "aks", trustedRoots: ["old"], signingCa: "old", liveLeaves: ["old"] },
      ],
      rootBundleChanges: true,
      istiodRestart: true,
      waitMs: 0,
    };
    const [verdict] = verifyRotationPhases([hasty], req);
    expect(verdict!.ok).toBe(false);
    expect(verdict!.findings.map((f) => f.name)).toEqual(["ROTATION_PHASE_BREAKS", "ROTATION_PHASE_BREAKS"]);
    expect(verdict!.findings[0]!.message).toContain("reject");
  });

  it("ambient clusters are verified with the ztunnel profile", async () => {
    const req = await request();
    const plan = planRootRotation({ ...req, clusters: req.clusters.map((c) => ({ ...c, ambient: true })) });
    expect(plan.verification.every((v) => v.ok)).toBe(true);
  });
});
