import { generateMeshPki, type Mesh, type MeshPkiOptions } from "@meshwright/core";
import { compile, compileWithPki, trustFromMeshPki } from "@meshwright/sim";
import { describe, expect, it } from "vitest";
import { loadSeed } from "./load-seed";

/**
 * mTLS end to end with the certificates the mesh really uses (issue "Simulator II" §1): every
 * TLS / HBONE session of a trace is validated by both proxies' rules; broken PKIs fail the right hop.
 */

const AT = new Date("2026-06-01T12:00:00Z");
const mesh000 = loadSeed("000").mesh!;
const mesh004 = loadSeed("004").mesh!;
const EKS_TO_AKS = { from: "eks-cluster/default/eks-shell", to: "echo-service.app-a.svc.cluster.local:8080" };
const HELLO_FROM_C2 = { from: "cluster2/sample/sleep", to: "helloworld.sample:5000/hello" };

async function pkiOf(mesh: Mesh, options: MeshPkiOptions = {}) {
  const result = await generateMeshPki(mesh, { clock: () => AT, ...options });
  if (!result.ok) throw new Error(result.findings.map((f) => f.message).join("; "));
  return result.value;
}

/** A simulation in which each listed cluster has its own, unrelated root (two Makefile runs). */
async function withSeparateRoots(mesh: Mesh) {
  const clusters = new Map();
  for (const cluster of mesh.clusters) {
    const own = await pkiOf({ ...mesh, clusters: [cluster] });
    clusters.set(cluster.name, trustFromMeshPki(own).get(cluster.name)!);
  }
  return compile(mesh, { pki: { clusters, at: AT } });
}

describe("mTLS with a shared root", () => {
  it("verifies every session of the seed-000 cross-cloud call: outer HBONE to the gateway, inner to the pod", async () => {
    const sim = await compileWithPki(mesh000, { at: AT });
    const trace = sim.request(EKS_TO_AKS);
    expect(trace.outcome).toEqual({ ok: true });
    const sessions = trace.hops.flatMap((h) => h.tls);
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect(sessions.every((s) => s.verified?.ok && s.verified.detail.startsWith("both sides verified"))).toBe(
      true,
    );
    expect(sessions.map((s) => s.server.presents)).toContain(
      "spiffe://cluster.local/ns/istio-system/sa/eastwest",
    );
  });

  it("without a PKI sessions are recorded as assumed, not checked", () => {
    const trace = compile(mesh000).request(EKS_TO_AKS);
    expect(
      trace.hops.flatMap((h) => h.tls).every((s) => s.verified?.detail.startsWith("assumed valid")),
    ).toBe(true);
  });
});

describe("broken PKIs fail the right hop with the symptom the proxies show", () => {
  it("different roots per cluster (ambient): the cross-cluster tunnel fails with ztunnel's UnknownIssuer; same-cluster traffic still works", async () => {
    const sim = await withSeparateRoots(mesh000);
    const cross = sim.request(EKS_TO_AKS);
    expect(cross.outcome).toMatchObject({ ok: false, name: "ZTUNNEL_UNKNOWN_ISSUER" });
    expect(cross.symptom).toContain("UnknownIssuer");
    expect(cross.hops[cross.outcome.ok ? 0 : cross.outcome.hop!]!.protocol).toBe("double HBONE");
    const local = sim.request({
      from: "eks-cluster/ecs-istio-multicloud-1/shell-task",
      to: "echo-service.ecs-istio-multicloud-2.ecs.local:8080",
    });
    expect(local.outcome).toEqual({ ok: true });
  });

  it("different roots per cluster (sidecars): CERTIFICATE_VERIFY_FAILED on the cross-cluster share, local endpoints unaffected", async () => {
    const sim = await withSeparateRoots(mesh004);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const trace = sim.request({ ...HELLO_FROM_C2, requestKey: String(i) });
      const key = trace.outcome.ok
        ? `ok:${trace.endpoint?.cluster}`
        : `${trace.outcome.name}:${trace.endpoint?.cluster ?? ""}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      if (!trace.outcome.ok) expect(trace.symptom).toContain("CERTIFICATE_VERIFY_FAILED");
    }
    expect(outcomes.get("ok:cluster2")).toBeGreaterThan(0);
    expect([...outcomes.keys()].some((k) => k.startsWith("TLS_UNKNOWN_CA"))).toBe(true);
    expect(outcomes.has("ok:cluster1")).toBe(false);
  });

  it("a trust-domain mismatch breaks sidecars' exact SAN match unless the other domain is an alias", async () => {
    const shared = trustFromMeshPki(await pkiOf(mesh004));
    const cluster1 = { ...shared.get("cluster1")!, trustDomain: "cluster1.local" };
    const clusters = new Map([...shared, ["cluster1", cluster1]]);
    const broken = compile(mesh004, { pki: { clusters, at: AT } });
    const failures = Array.from({ length: 30 }, (_, i) =>
      broken.request({ ...HELLO_FROM_C2, requestKey: String(i) }),
    ).filter((t) => !t.outcome.ok);
    expect(failures.length).toBeGreaterThan(0);
    expect(
      failures.every(
        (t) =>
          !t.outcome.ok &&
          (t.outcome.name === "TLS_SAN_MISMATCH" || t.outcome.name === "TLS_CLIENT_REJECTED"),
      ),
    ).toBe(true);
    // Each istiod lists the other's domain: cluster1 (cluster1.local) aliases cluster.local and vice versa.
    const aliasedClusters = new Map([
      ...clusters,
      ["cluster1", { ...cluster1, trustDomainAliases: ["cluster.local"] }],
    ]);
    const aliased = compile(
      { ...mesh004, trustDomainAliases: ["cluster1.local"] },
      { pki: { clusters: aliasedClusters, at: AT } },
    );
    for (let i = 0; i < 30; i++)
      expect(aliased.request({ ...HELLO_FROM_C2, requestKey: String(i) }).outcome.ok).toBe(true);
  });

  it("an intermediate expired at the simulated time fails every session of its cluster", async () => {
    const pki = await pkiOf(mesh000, { intermediateValidityDays: 30 });
    const sim = compile(mesh000, {
      pki: { clusters: trustFromMeshPki(pki), at: new Date(AT.getTime() + 60 * 86_400_000) },
    });
    const trace = sim.request(EKS_TO_AKS);
    expect(trace.outcome.ok).toBe(false);
    expect(trace.outcome.ok ? "" : trace.outcome.reason).toMatch(/expired|SIGNING_CA_EXPIRED/i);
  });

  it("a root with pathlen:0 above the cluster intermediates loads in istiod but fails every peer (pathlen exceeded)", async () => {
    const pki = await pkiOf(mesh004, {
      rootTemplate: (t) => ({ ...t, basicConstraints: { ca: true, pathLen: 0, critical: true } }),
    });
    const sim = compile(mesh004, { pki: { clusters: trustFromMeshPki(pki), at: AT } });
    const trace = sim.request({ ...HELLO_FROM_C2, requestKey: "1" });
    expect(trace.outcome).toMatchObject({ ok: false, name: "TLS_UNKNOWN_CA" });
    expect(trace.outcome.ok ? "" : trace.outcome.reason).toContain("PATHLEN_VIOLATION");
  });
});
