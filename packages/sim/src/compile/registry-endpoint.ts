import type { ServicePort, Workload } from "@meshwright/core";
import type { RegistryEndpoint } from "../model/endpoint";
import { augmentLabels } from "./topology-labels";

/** The label istio's injector and ambient enrolment put on mesh workloads (istio-semantics §2.8). */
const TLS_MODE_LABEL = "security.istio.io/tlsMode";

/**
 * The workload port a Service port reaches: a numeric targetPort as is; a named one through the
 * workload's container port of that name. Kubernetes leaves a pod out of the port's endpoints when
 * the name does not resolve, so this returns undefined then.
 */
export function resolveTargetPort(port: ServicePort, workload: Workload): number | undefined {
  if (typeof port.targetPort === "number") return port.targetPort;
  return workload.ports.find((p) => p.name === port.targetPort)?.port;
}

/**
 * The endpoint istiod's registry holds for `workload` behind one Service port: the workload's
 * primary address, the resolved target port, topology-augmented labels, tlsMode from the
 * `security.istio.io/tlsMode` label, and whether it can terminate HBONE (ambient).
 */
export function registryEndpoint(
  workload: Workload,
  port: ServicePort,
  weight = 1,
): RegistryEndpoint | undefined {
  const target = resolveTargetPort(port, workload);
  if (target === undefined) return undefined;
  return {
    workloadId: workload.id,
    address: workload.ips[0] ?? "",
    port: target,
    cluster: workload.cluster,
    network: workload.network,
    locality: workload.locality,
    labels: augmentLabels(workload.labels, workload),
    weight,
    health: workload.health,
    tlsMode: workload.labels[TLS_MODE_LABEL] === "istio" ? "istio" : "disabled",
    supportsTunnel: workload.dataplane === "ambient",
    identity: workload.identity,
    ...(workload.node ? { node: workload.node } : {}),
  };
}
