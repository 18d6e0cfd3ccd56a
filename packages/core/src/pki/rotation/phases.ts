/** Which root or CA generation a cluster uses in a phase. */
export type Generation = "old" | "new";

/** What one cluster holds during one phase of a root rotation. */
export interface ClusterPhaseState {
  readonly cluster: string;
  /** Roots in root-cert.pem (and so in every proxy's trust bundle once distributed). */
  readonly trustedRoots: readonly Generation[];
  /** Which intermediate istiod signs with (ca-cert.pem / ca-key.pem / cert-chain.pem). */
  readonly signingCa: Generation;
  /** Generations of workload certificates still alive in the cluster during the phase. */
  readonly liveLeaves: readonly Generation[];
}

/** One phase of a rotation plan. */
export interface RotationPhase {
  readonly name: string;
  readonly title: string;
  /** What the operator does, in order. */
  readonly actions: readonly string[];
  readonly clusters: readonly ClusterPhaseState[];
  /** root-cert.pem changes in this phase: istiod ignores that unless ISTIO_MULTIROOT_MESH is on. */
  readonly rootBundleChanges: boolean;
  /** True when this phase needs istiod restarts (root change without ISTIO_MULTIROOT_MESH). */
  readonly istiodRestart: boolean;
  /** Minimum wait before the next phase, in ms (one workload-certificate lifetime where leaves must turn over). */
  readonly waitMs: number;
}
