import {
  compileLeafIssuer,
  createTrustBundle,
  type Diagnostic,
  type Generation,
  type RotationPhase,
} from "@meshwright/core";
import { matrixDiagnostic } from "../matrix/codes";
import type { ClusterTrustSource } from "../mtls";
import type { SimulationPki } from "../simulator/context";
import type { RotationCas } from "./change";

/**
 * The certificates every cluster holds in one phase of a root rotation (core `planRootRotation`):
 * istiod signs workload certificates with the phase's signing CA (old or new intermediate) and the
 * proxies trust the phase's roots (root-cert.pem). The simulator issues leaves on demand from the
 * signing CA, so leaves of the previous generation that are still alive in the phase
 * (`liveLeaves`) are not modelled (see docs/matrix-and-diff.md).
 */
export function rotationPhasePki(
  phase: RotationPhase,
  cas: ReadonlyMap<string, RotationCas>,
  at: Date,
  trustDomain: string,
): { pki: SimulationPki } | { diagnostics: Diagnostic[] } {
  const clusters = new Map<string, ClusterTrustSource>();
  const diagnostics: Diagnostic[] = [];
  for (const state of phase.clusters) {
    const material = cas.get(state.cluster);
    if (!material) {
      diagnostics.push(
        matrixDiagnostic("WHATIF_NO_CA_MATERIAL", {
          message: `rotation phase ${phase.name} names cluster ${state.cluster}, but no CA of it was given`,
          path: `$.cas["${state.cluster}"]`,
          cluster: state.cluster,
          expected: "the cluster's current and next signing CA",
          found: "nothing",
        }),
      );
      continue;
    }
    const generation = (g: Generation) => (g === "old" ? material.current : material.next);
    const signing = generation(state.signingCa);
    clusters.set(state.cluster, {
      issuer: compileLeafIssuer(signing.certificate, signing.privateKey),
      chain: signing.chain,
      trustBundle: createTrustBundle(state.trustedRoots.map((g) => generation(g).root)),
      trustDomain,
    });
  }
  return diagnostics.length > 0 ? { diagnostics } : { pki: { clusters, at } };
}
