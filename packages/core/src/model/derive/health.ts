import type { KubeObject } from "../kube-object";
import type { HealthStatus } from "../workload";
import { asArray, asNumber, asRecord, asString, field } from "./object-access";

/** The controller kinds whose `status` counts ready pods, and the field that holds the count. */
const READY_COUNT_FIELD: Readonly<Record<string, string>> = {
  Deployment: "readyReplicas",
  ReplicaSet: "readyReplicas",
  StatefulSet: "readyReplicas",
  DaemonSet: "numberReady",
};

function isTerminating(object: KubeObject): boolean {
  return object.metadata?.deletionTimestamp !== undefined && object.metadata.deletionTimestamp !== null;
}

/** A status condition's `status` (`"True"`, `"False"`, `"Unknown"`), or `undefined` when absent. */
export function conditionStatus(object: KubeObject, type: string): string | undefined {
  for (const condition of asArray(field(object, "status", "conditions"))) {
    const record = asRecord(condition);
    if (asString(record?.type) === type) return asString(record?.status);
  }
  return undefined;
}

/**
 * A Pod's health the way the EndpointSlice controller (and so istiod) sees it: being deleted =
 * terminating; the `Ready` condition when present; else the phase (`Running` or no status at all
 * = healthy, any other phase = unhealthy).
 */
export function podHealth(pod: KubeObject): HealthStatus {
  if (isTerminating(pod)) return "terminating";
  const ready = conditionStatus(pod, "Ready");
  if (ready !== undefined) return ready === "True" ? "healthy" : "unhealthy";
  const phase = asString(field(pod, "status", "phase"));
  return phase === undefined || phase === "Running" ? "healthy" : "unhealthy";
}

/**
 * Health of each replica of a controller, by ordinal: no status = every replica healthy;
 * otherwise the first `readyReplicas` (DaemonSet: `numberReady`) replicas are ready. Kubernetes
 * omits a zero count (`omitempty`), so a status that lacks the field means none is ready. A
 * controller being deleted takes its pods with it.
 */
export function replicaHealth(controller: KubeObject): (ordinal: number) => HealthStatus {
  if (isTerminating(controller)) return () => "terminating";
  const status = asRecord(controller.status);
  if (status === undefined || Object.keys(status).length === 0) return () => "healthy";
  const countField = READY_COUNT_FIELD[controller.kind] ?? "readyReplicas";
  const ready = asNumber(status[countField]) ?? 0;
  return (ordinal) => (ordinal < ready ? "healthy" : "unhealthy");
}
