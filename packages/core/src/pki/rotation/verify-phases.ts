import { type PkiFinding, pkiFinding } from "../finding";
import { compileLeafIssuer, type LeafIssuer } from "../generate/leaf-issuer";
import { workloadSpiffeId } from "../generate/spiffe";
import { issueWorkloadCertificate, type WorkloadCertificate } from "../generate/workload-certificate";
import { validatePeer } from "../profiles/peer";
import { createTrustBundle } from "../validate/trust-bundle";
import type { Generation, RotationPhase } from "./phases";
import type { RotationPlanRequest } from "./plan";

/** One checked handshake: a leaf of `generation` from `from`, validated by `to`'s proxies. */
export interface PairCheck {
  readonly from: string;
  readonly to: string;
  readonly generation: Generation;
  readonly ok: boolean;
  readonly findings: readonly PkiFinding[];
}

/** The result of one phase. */
export interface PhaseVerification {
  readonly phase: string;
  readonly ok: boolean;
  readonly checks: readonly PairCheck[];
  readonly findings: readonly PkiFinding[];
}

/**
 * Verifies phases with the peer profile: in every phase, every live leaf generation of every
 * cluster must be accepted by every other cluster's proxies (ztunnel for ambient clusters,
 * sidecars otherwise) holding that phase's trust bundle. Works on any phase list, so a wrong
 * order (switching intermediates before publishing the combined bundle) is caught.
 */
export function verifyRotationPhases(
  phases: readonly RotationPhase[],
  request: RotationPlanRequest,
): PhaseVerification[] {
  const byName = new Map(request.clusters.map((c) => [c.cluster, c]));
  const issuers = new Map<string, LeafIssuer>();
  const leaves = new Map<string, WorkloadCertificate>();
  const leafOf = (cluster: string, generation: Generation): WorkloadCertificate | undefined => {
    const key = `${cluster}/${generation}`;
    const cached = leaves.get(key);
    if (cached) return cached;
    const ca = byName.get(cluster)![generation === "old" ? "current" : "next"];
    let issuer = issuers.get(key);
    if (!issuer) issuers.set(key, (issuer = compileLeafIssuer(ca.certificate, ca.privateKey)));
    const issued = issueWorkloadCertificate(
      issuer,
      ca.chain,
      workloadSpiffeId(request.trustDomain, "default", "rotation-probe"),
      request.at,
    );
    if (!issued.ok) return undefined;
    leaves.set(key, issued.value);
    return issued.value;
  };
  return phases.map((phase) => {
    const checks: PairCheck[] = [];
    for (const to of phase.clusters) {
      const target = byName.get(to.cluster)!;
      const roots = to.trustedRoots.map((g) => (g === "old" ? target.current.root : target.next.root));
      const bundle = createTrustBundle(roots);
      for (const from of phase.clusters) {
        for (const generation of from.liveLeaves) {
          const leaf = leafOf(from.cluster, generation);
          if (!leaf) continue;
          const verdict = validatePeer({
            profile: target.ambient ? "ztunnel" : "sidecar",
            trustBundle: bundle,
            leaf: leaf.certificate,
            chain: leaf.chain,
            trustDomain: request.trustDomain,
            trustDomainAliases: request.trustDomainAliases ?? [],
            at: request.at,
          });
          checks.push({
            from: from.cluster,
            to: to.cluster,
            generation,
            ok: verdict.ok,
            findings: verdict.findings,
          });
        }
      }
    }
    const failed = checks.filter((c) => !c.ok);
    const findings = failed.map((c) =>
      pkiFinding("ROTATION_PHASE_BREAKS", {
        message: `phase "${phase.name}": proxies in "${c.to}" reject ${c.generation}-generation workload certificates from "${c.from}" (${c.findings.find((f) => f.severity === "error")?.name ?? "rejected"})`,
        cluster: c.to,
      }),
    );
    return { phase: phase.name, ok: failed.length === 0, checks, findings };
  });
}
