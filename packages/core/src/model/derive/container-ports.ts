import type { WorkloadPort } from "../workload";
import { asArray, asNumber, asRecord, asString, field } from "./object-access";

/** Ports a transport protocol can take in Kubernetes (`corev1.Protocol`). */
const PROTOCOLS: ReadonlySet<string> = new Set(["TCP", "UDP", "SCTP"]);

/** The sidecar container, which a pre-injected manifest may already hold; its ports are not the app's. */
const PROXY_CONTAINER = "istio-proxy";

/** The ports a pod spec's containers declare (`containers[].ports[]`, protocol default TCP). */
export function containerPorts(podSpec: unknown): WorkloadPort[] {
  const ports: WorkloadPort[] = [];
  for (const container of asArray(field(podSpec, "containers"))) {
    if (asString(asRecord(container)?.name) === PROXY_CONTAINER) continue;
    for (const entry of asArray(field(container, "ports"))) {
      const record = asRecord(entry);
      const port = asNumber(record?.containerPort);
      if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) continue;
      const name = asString(record?.name);
      const protocol = asString(record?.protocol) ?? "TCP";
      ports.push({
        ...(name === undefined ? {} : { name }),
        port,
        protocol: (PROTOCOLS.has(protocol) ? protocol : "TCP") as WorkloadPort["protocol"],
      });
    }
  }
  return ports;
}
