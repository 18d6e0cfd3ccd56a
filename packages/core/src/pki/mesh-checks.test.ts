import { describe, expect, it } from "vitest";
import { bundleOf, toCacertsFiles } from "./bundle/ca-bundle";
import type { PkiFinding } from "./finding";
import { generateMeshPki, type MeshPki } from "./generate/mesh-pki";
import { type ClusterPkiInput, checkMeshPki } from "./mesh-checks";
import { AT } from "./testing/hierarchy";

const view = (clusters: string[], aliases: string[] = []) => ({
  trustDomain: "cluster.local",
  trustDomainAliases: aliases,
  flavour: "upstream" as const,
  clusters: clusters.map((name) => ({ name })),
});
const errors = (findings: readonly PkiFinding[]): string[] =>
  findings.filter((f) => f.severity === "error").map((f) => f.name);

async function pki(clusters: string[]): Promise<MeshPki> {
  const result = await generateMeshPki(view(clusters), { clock: () => new Date(AT.getTime() - 86_400_000) });
  if (!result.ok) throw new Error("generation failed");
  return result.value;
}

const inputs = (mesh: MeshPki): ClusterPkiInput[] =>
  [...mesh.clusters.values()].map((ca) => ({ cluster: ca.cluster, files: toCacertsFiles(ca.bundle) }));

describe("mesh-wide PKI checks", () => {
  it("one generated hierarchy: no finding, every cross-cluster handshake works", async () => {
    const mesh = await pki(["eks", "aks", "gke"]);
    expect(checkMeshPki(view(["eks", "aks", "gke"]), inputs(mesh), { at: AT })).toEqual([]);
  });

  it("#1 two independent runs: ROOT_MISMATCH by fingerprint even though the subjects are identical", async () => {
    const a = await pki(["eks"]);
    const b = await pki(["aks"]);
    const findings = checkMeshPki(view(["eks", "aks"]), [...inputs(a), ...inputs(b)], { at: AT });
    expect(errors(findings)).toEqual(["ROOT_MISMATCH"]);
    expect(findings[0]!.message).toContain('same subject "O=Istio, CN=Root CA" but different keys');
  });

  it("a cluster without cacerts: istiod self-signs → SELF_SIGNED_FALLBACK error in a multi-cluster mesh", async () => {
    const mesh = await pki(["eks"]);
    const findings = checkMeshPki(view(["eks", "aks"]), inputs(mesh), { at: AT });
    expect(findings.map((f) => [f.name, f.cluster, f.severity])).toEqual([
      ["SELF_SIGNED_FALLBACK", "aks", "error"],
    ]);
  });

  it("one intermediate in two clusters → INTERMEDIATE_SHARED", async () => {
    const mesh = await pki(["eks"]);
    const files = toCacertsFiles(mesh.clusters.get("eks")!.bundle);
    const findings = checkMeshPki(
      view(["eks", "aks"]),
      [
        { cluster: "eks", files },
        { cluster: "aks", files },
      ],
      { at: AT },
    );
    expect(findings.map((f) => f.name)).toEqual(["INTERMEDIATE_SHARED"]);
  });

  it("#12 a cluster on another trust domain: warning for sidecar meshes, error with ambient, silent with an alias", async () => {
    const mesh = await pki(["eks", "aks"]);
    const [eks, aks] = inputs(mesh) as [ClusterPkiInput, ClusterPkiInput];
    const moved = { ...aks, trustDomain: "aks.local" };
    const sidecar = checkMeshPki(view(["eks", "aks"]), [eks, moved], { at: AT });
    expect(sidecar.map((f) => [f.name, f.severity])).toEqual([["TRUST_DOMAIN_MISMATCH", "warning"]]);
    expect(checkMeshPki(view(["eks", "aks"], ["aks.local"]), [eks, moved], { at: AT })).toEqual([]);
    const ambient = checkMeshPki(view(["eks", "aks"], ["aks.local"]), [eks, { ...moved, ambient: true }], {
      at: AT,
    });
    expect(ambient.find((f) => f.name === "TRUST_DOMAIN_MISMATCH")?.severity).toBe("error");
  });

  it("expiry horizon per intermediate and root (90 days by default)", async () => {
    const result = await generateMeshPki(view(["eks"]), {
      clock: () => AT,
      rootValidityDays: 60,
      intermediateValidityDays: 30,
    });
    if (!result.ok) throw new Error("generation failed");
    const findings = checkMeshPki(view(["eks"]), inputs(result.value), { at: AT });
    expect(findings.map((f) => f.name).sort()).toEqual(["INTERMEDIATE_EXPIRES_SOON", "ROOT_EXPIRES_SOON"]);
  });

  it("cross-cluster proof: an intermediate with KU lacking keyCertSign breaks leaves issued there, seen from the other cluster", async () => {
    const result = await generateMeshPki(view(["eks", "aks"]), {
      clock: () => AT,
      intermediateTemplate: (cluster, t) =>
        cluster === "aks" ? { ...t, keyUsage: { usages: ["digitalSignature"], critical: true } } : t,
    });
    if (!result.ok) throw new Error("generation failed");
    const findings = checkMeshPki(view(["eks", "aks"]), inputs(result.value), { at: AT });
    const crossCluster = findings.filter((f) =>
      f.message.startsWith('workloads of "aks" cannot reach "eks"'),
    );
    expect(crossCluster.map((f) => f.name)).toEqual(["INTERMEDIATE_KU_NO_CERTSIGN"]);
    expect(bundleOf(result.value.clusters.get("eks")!.authority).rootCertPem).toBe(result.value.root.pem);
  });
});
