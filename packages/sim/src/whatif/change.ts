import type { IstioVersion, KubeObject, RotationCa, RotationPhase } from "@meshwright/core";
import type { Fault } from "../faults/fault";
import type { SimulationPki } from "../simulator/context";

/** An object to remove from a cluster, named as `kubectl delete <kind> -n <namespace> <name>` would. */
export interface ObjectRef {
  readonly kind: string;
  /** Absent for cluster-scoped objects. */
  readonly namespace?: string;
  readonly name: string;
}

/** The old and new signing CA of one cluster in a root rotation. */
export interface RotationCas {
  readonly current: RotationCa;
  readonly next: RotationCa;
}

/**
 * A change to simulate (issue "Simulator II" §4). Manifest changes rebuild the Mesh with
 * `createMesh` from the modified spec; the others recompile the same Mesh with other options.
 */
export type MeshChange =
  /** Objects applied to a cluster (an object with the same kind, namespace and name is replaced, like `kubectl apply`). */
  | { readonly kind: "apply"; readonly cluster: string; readonly objects: readonly KubeObject[] }
  /** Objects deleted from a cluster. */
  | { readonly kind: "delete"; readonly cluster: string; readonly objects: readonly ObjectRef[] }
  /** Faults added to those already in effect (cluster down, gateway down, partition...). */
  | { readonly kind: "faults"; readonly faults: readonly Fault[] }
  /** One phase of a root rotation: each cluster signs and trusts what the phase says (needs the PKI attached). */
  | {
      readonly kind: "rotation-phase";
      readonly phase: RotationPhase;
      readonly cas: ReadonlyMap<string, RotationCas>;
      /** The simulated moment (default: the attached PKI's; one of the two is needed). */
      readonly at?: Date;
    }
  /** Another set of certificates altogether. */
  | { readonly kind: "pki"; readonly pki: SimulationPki }
  /** Another Istio version's rules. */
  | { readonly kind: "istio-version"; readonly version: IstioVersion };
