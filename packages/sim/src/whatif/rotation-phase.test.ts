import { fileURLToPath } from "node:url";
import {
  generateMeshPki,
  loadMesh,
  type Mesh,
  planRootRotation,
  type RotationPhase,
  rotationCaFromClusterCa,
} from "@meshwright/core";
import { describe, expect, it } from "vitest";
import { trustFromMeshPki } from "../mtls";
import { compile } from "../simulator/simulated-mesh";
import type { RotationCas } from "./change";
import { whatIf } from "./what-if";

const SEED = fileURLToPath(
  new URL("../../../examples/meshes/seed-000-eks-ecs-aks-ambient/", import.meta.url),
);
const mesh = loadMesh(`${SEED}mesh.yaml`).mesh!;
const AT = new Date("2026-06-01T12:00:00Z");

async function pkiOf(m: Mesh) {
  const result = await generateMeshPki(m, { clock: () => AT });
  if (!result.ok) throw new Error(result.findings.map((f) => f.message).join("; "));
  return result.value;
}

describe("what-if over a root rotation (core planRootRotation phases, pki.md §2.1)", async () => {
  const current = await pkiOf(mesh);
  const next = await pkiOf(mesh);
  const cas = new Map<string, RotationCas>(
    mesh.clusters.map((c) => [
      c.name,
      {
        current: rotationCaFromClusterCa(current.clusters.get(c.name)!),
        next: rotationCaFromClusterCa(next.clusters.get(c.name)!),
      },
    ]),
  );
  const sim = compile(mesh, { pki: { clusters: trustFromMeshPki(current), at: AT } });
  const plan = planRootRotation({
    clusters: mesh.clusters.map((c) => ({ cluster: c.name, ...cas.get(c.name)!, ambient: true })),
    trustDomain: mesh.trustDomain,
    at: AT,
  });

  it("every phase of the safe plan keeps every pair's outcome", () => {
    expect(plan.phases.length).toBeGreaterThan(2);
    for (const phase of plan.phases) {
      const result = whatIf(sim, { kind: "rotation-phase", phase, cas });
      if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
      expect(result.diff.changes, phase.name).toEqual([]);
    }
  });

  it("re-issuing one cluster's intermediate before the new root is published breaks its cross-cluster tunnels", () => {
    const skipped: RotationPhase = {
      ...plan.phases[0]!,
      name: "eks-rotated-early",
      clusters: [
        { cluster: "eks-cluster", trustedRoots: ["new"], signingCa: "new", liveLeaves: ["new"] },
        { cluster: "aks-cluster", trustedRoots: ["old"], signingCa: "old", liveLeaves: ["old"] },
      ],
    };
    const result = whatIf(sim, { kind: "rotation-phase", phase: skipped, cas });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const changes = result.diff.changes;
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      expect(change.after).toMatchObject({ ok: false, name: "ZTUNNEL_UNKNOWN_ISSUER" });
      expect(change.hop?.after).toMatch(/double HBONE|HBONE/);
    }
  });

  it("a phase naming a cluster without CA material is a diagnostic", () => {
    const result = whatIf(sim, { kind: "rotation-phase", phase: plan.phases[1]!, cas: new Map() });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics[0]).toMatchObject({ code: "MW6614" });
  });
});
