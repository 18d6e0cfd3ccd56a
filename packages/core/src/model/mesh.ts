import type { ClusterSpec, EastWestGatewayModel } from "./cluster";
import type { MeshConfigModel } from "./mesh-config";
import type { NamespaceModel } from "./namespace";
import type { ServiceModel } from "./service";
import type { Workload } from "./workload";

/** Istio minor versions whose rules the simulator reproduces (they differ: istio-semantics §0). */
export type IstioVersion = "1.30" | "1.31";

/** Upstream Istio, or the Solo distribution (different east-west class and global-service label). */
export type Flavour = "upstream" | "solo";

/** A network: a set of clusters (or parts of them) whose pods reach each other directly. */
export interface NetworkModel {
  readonly name: string;
}

/** The Mesh document as the user declares it (`apiVersion: meshwright.dev/v1alpha1`, `kind: Mesh`). */
export interface MeshSpec {
  readonly meshId: string;
  readonly trustDomain: string;
  readonly trustDomainAliases: readonly string[];
  readonly rootNamespace: string;
  readonly istioVersion: IstioVersion;
  readonly flavour: Flavour;
  readonly meshConfig: MeshConfigModel;
  readonly networks: readonly NetworkModel[];
  readonly clusters: readonly ClusterSpec[];
}

/** A cluster with everything meshwright derives from its objects. */
export interface Cluster extends ClusterSpec {
  /** The cluster's istiod MeshConfig: mesh-wide settings with this cluster's overrides applied. */
  readonly effectiveMeshConfig: MeshConfigModel;
  readonly namespaces: readonly NamespaceModel[];
  readonly workloads: readonly Workload[];
  readonly services: readonly ServiceModel[];
  /** Declared and discovered east-west gateways together. */
  readonly gateways: readonly EastWestGatewayModel[];
}

/**
 * The Mesh model: plain, serialisable, deeply frozen data. Built only by `createMesh(spec)` (which the
 * loader and the builder both call), so the derived views always agree with the declared objects.
 */
export interface Mesh extends Omit<MeshSpec, "clusters"> {
  readonly clusters: readonly Cluster[];
}
