import type { DataplaneMode, HealthStatus } from "../model/workload";

/** The kinds of node in the mesh graph. */
export type MeshNodeType =
  | "network"
  | "cluster"
  | "istiod"
  | "gateway"
  | "namespace"
  | "service"
  | "workload";

/**
 * Attributes of a graph node: its type and a human label, plus the facts a diagram or a query
 * needs. Never holds secrets (the model has none: no keys, no tokens, no kubeconfigs).
 */
export interface MeshNodeAttributes {
  readonly type: MeshNodeType;
  readonly label: string;
  readonly cluster?: string;
  readonly network?: string;
  readonly namespace?: string;
  /** network: listed in spec.networks; namespace: a Namespace object exists. */
  readonly declared?: boolean;
  /** cluster: provider kind and region; control-plane role. */
  readonly provider?: string;
  readonly region?: string;
  readonly role?: "primary" | "remote";
  /** gateway: classic or ambient, address (IP or hostname) and ports. */
  readonly gatewayKind?: "classic" | "ambient";
  readonly address?: string;
  readonly ports?: readonly number[];
  /** service: its hostname and origin. */
  readonly hostname?: string;
  readonly origin?: "kubernetes" | "ecs";
  /** workload: kind, dataplane, health, locality and SPIFFE identity. */
  readonly workloadKind?: "Pod" | "WorkloadEntry" | "EcsTask";
  readonly dataplane?: DataplaneMode;
  readonly health?: HealthStatus;
  readonly locality?: string;
  readonly identity?: string;
}

/**
 * Edge types: `member-of` (cluster→network, istiod→cluster, namespace→cluster, service / workload /
 * gateway→namespace), `selects` (service→workload), `exposes` (gateway→network), `reads`
 * (istiod→cluster whose API server it watches: its own and its remote secrets'), `controls`
 * (primary istiod→remote cluster it configures).
 */
export type MeshEdgeType = "member-of" | "selects" | "exposes" | "reads" | "controls";

/** Attributes of a graph edge. */
export interface MeshEdgeAttributes {
  readonly type: MeshEdgeType;
}
