import type { Locality } from "./locality";

/** How traffic leaves and enters a workload (istio-semantics; `inject` / `dataplane-mode` labels). */
export type DataplaneMode = "sidecar" | "ambient" | "none";

/** Readiness as Kubernetes reports it; only `healthy` endpoints receive traffic by default. */
export type HealthStatus = "healthy" | "unhealthy" | "terminating";

/** A port a workload listens on. */
export interface WorkloadPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: "TCP" | "UDP" | "SCTP";
}

/**
 * One running instance: a pod, a VM (WorkloadEntry) or an ECS task. Derived from the user's
 * objects; ids are stable across loads (`<cluster>/<namespace>/<name>`).
 */
export interface Workload {
  readonly id: string;
  readonly cluster: string;
  readonly namespace: string;
  readonly name: string;
  readonly kind: "Pod" | "WorkloadEntry" | "EcsTask";
  /** The object it was derived from (Deployment, StatefulSet, ReplicaSet, DaemonSet, Pod, WorkloadEntry, WorkloadGroup, EcsService). */
  readonly owner: { readonly kind: string; readonly name: string };
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  /** SPIFFE id `spiffe://<trustDomain>/ns/<namespace>/sa/<serviceAccount>`. */
  readonly identity: string;
  /** Addresses, primary first (two for dual-stack); empty for address-less workloads. */
  readonly ips: readonly string[];
  readonly node?: string;
  readonly locality: Locality;
  readonly network: string;
  /** Why the network is what it is: pod label, istio-system namespace label, cluster default, or WorkloadEntry `spec.network`. */
  readonly networkSource: "workload-label" | "namespace-label" | "cluster" | "workload-entry";
  readonly health: HealthStatus;
  readonly dataplane: DataplaneMode;
  /** Which label or rule decided the dataplane mode. */
  readonly dataplaneReason: string;
  readonly ports: readonly WorkloadPort[];
  /** Load-balancing weight (WorkloadEntry `spec.weight`); absent = 1. */
  readonly weight?: number;
}
