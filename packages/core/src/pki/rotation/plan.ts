import { type PkiFinding, pkiFinding } from "../finding";
import { DEFAULT_WORKLOAD_TTL_MS } from "../generate/workload-certificate";
import type { ClusterPhaseState, Generation, RotationPhase } from "./phases";
import type { RotationCa } from "./rotation-ca";
import { type PhaseVerification, verifyRotationPhases } from "./verify-phases";

/** A rotation request: each cluster's current and next signing CA. */
export interface RotationPlanRequest {
  readonly clusters: readonly {
    readonly cluster: string;
    readonly current: RotationCa;
    readonly next: RotationCa;
    readonly ambient?: boolean;
  }[];
  readonly trustDomain: string;
  readonly trustDomainAliases?: readonly string[];
  /** `ISTIO_MULTIROOT_MESH=true` on istiod (`pilot/pkg/features/pilot.go`); default false. */
  readonly multiRoot?: boolean;
  readonly workloadTtlMs?: number;
  readonly at: Date;
}

/** The plan, each phase verified with the peer profile for every cross-cluster pair. */
export interface RotationPlan {
  readonly ok: boolean;
  readonly phases: readonly RotationPhase[];
  readonly verification: readonly PhaseVerification[];
  readonly findings: readonly PkiFinding[];
}

function states(
  clusters: readonly string[],
  trustedRoots: Generation[],
  signingCa: Generation,
  liveLeaves: Generation[],
): ClusterPhaseState[] {
  return clusters.map((cluster) => ({ cluster, trustedRoots, signingCa, liveLeaves }));
}

/**
 * The safe root rotation (Istio's multi-root rules, pki.md §2.1 "Hot reload / rotation"):
 * 1. publish old+new roots in every cluster's root-cert.pem and wait until every proxy has the
 *    combined bundle; 2. re-issue each intermediate from the new root (istiod hot-reloads a new
 *    intermediate under unchanged root-cert.pem) and wait one workload-certificate lifetime;
 * 3. retire the old root. Changing root-cert.pem (phases 1 and 3) is ignored by istiod
 * ("Multi root is disabled, updating new ROOT-CA not supported") unless ISTIO_MULTIROOT_MESH is
 * on, in which case a superset/subset change is hot-reloaded and pushed (PCDS).
 */
export function planRootRotation(request: RotationPlanRequest): RotationPlan {
  const names = request.clusters.map((c) => c.cluster);
  const ttl = request.workloadTtlMs ?? DEFAULT_WORKLOAD_TTL_MS;
  const multiRoot = request.multiRoot ?? false;
  const rootChange = multiRoot
    ? "istiod hot-reloads it (ISTIO_MULTIROOT_MESH: the new bundle is a superset/subset of the old) and pushes the trust anchors"
    : "restart istiod in every cluster: without ISTIO_MULTIROOT_MESH it logs `Multi root is disabled, updating new ROOT-CA not supported` and keeps the old bundle";
  const phases: RotationPhase[] = [
    {
      name: "current",
      title: "Today: every cluster trusts and signs under the old root",
      actions: [],
      clusters: states(names, ["old"], "old", ["old"]),
      rootBundleChanges: false,
      istiodRestart: false,
      waitMs: 0,
    },
    {
      name: "publish-combined-root",
      title: "Publish old + new root in every cluster",
      actions: [
        "in every cluster, set cacerts root-cert.pem = old root + new root (ca-cert, ca-key, cert-chain unchanged)",
        rootChange,
        `wait ${ttl / 3_600_000} h (one workload-certificate lifetime) so every proxy holds the combined bundle before any cluster signs under the new root`,
      ],
      clusters: states(names, ["old", "new"], "old", ["old"]),
      rootBundleChanges: true,
      istiodRestart: !multiRoot,
      waitMs: ttl,
    },
    {
      name: "reissue-intermediates",
      title: "Switch every cluster to an intermediate issued by the new root",
      actions: [
        "in each cluster, replace ca-cert.pem, ca-key.pem and cert-chain.pem (new intermediate + new root); keep the combined root-cert.pem",
        "istiod re-verifies and hot-reloads the new intermediate (root-cert.pem unchanged): no restart",
        `wait ${ttl / 3_600_000} h: workloads rotate to new-intermediate leaves at half-life; old leaves expire`,
      ],
      clusters: states(names, ["old", "new"], "new", ["old", "new"]),
      rootBundleChanges: false,
      istiodRestart: false,
      waitMs: ttl,
    },
    {
      name: "retire-old-root",
      title: "Retire the old root",
      actions: ["in every cluster, set root-cert.pem = new root only", rootChange],
      clusters: states(names, ["new"], "new", ["new"]),
      rootBundleChanges: true,
      istiodRestart: !multiRoot,
      waitMs: 0,
    },
  ];
  const verification = verifyRotationPhases(phases, request);
  const findings: PkiFinding[] = verification.flatMap((v) => v.findings);
  if (!multiRoot) {
    findings.push(
      pkiFinding("ROOT_ROTATION_REQUIRES_MULTIROOT", {
        message:
          "phases publish-combined-root and retire-old-root change root-cert.pem: istiod ignores that without ISTIO_MULTIROOT_MESH=true, so each needs an istiod restart in every cluster",
        symptom: "Multi root is disabled, updating new ROOT-CA not supported",
      }),
      pkiFinding("ROTATION_REQUIRES_RESTART", {
        message: `istiod restarts in phases 2 and 4, in ${names.length} clusters`,
      }),
    );
  }
  return { ok: !findings.some((f) => f.severity === "error"), phases, verification, findings };
}
