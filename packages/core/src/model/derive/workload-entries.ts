import { workloadSpiffeId } from "../../pki/generate/spiffe";
import { parseLocality } from "../locality";
import type { DataplaneMode, Workload, WorkloadPort } from "../workload";
import { AMBIENT_REDIRECTION_ANNOTATION } from "./ambient-enablement";
import { parseAddress } from "./cidr";
import { type ClusterContext, objectNamespace, type ResourceRef, resourcesOf } from "./cluster-context";
import { conditionStatus } from "./health";
import { DEFAULT_SERVICE_ACCOUNT } from "./identity";
import type { Labels } from "./label-selector";
import type { NamespaceIndex } from "./namespace-index";
import { type NetworkChoice, resolveNetwork } from "./network";
import { asNumber, asRecord, asString, field, stringMap } from "./object-access";

const TLS_MODE_LABEL = "security.istio.io/tlsMode";

function entryPorts(spec: unknown): WorkloadPort[] {
  const ports = asRecord(field(spec, "ports")) ?? {};
  return Object.entries(ports)
    .map(([name, value]) => ({ name, port: asNumber(value) ?? 0, protocol: "TCP" as const }))
    .filter((port) => Number.isInteger(port.port) && port.port > 0 && port.port <= 65535);
}

/**
 * The dataplane of a VM: ambient when istiod would send it HBONE (`ambient/workloads.go`
 * setTunnelProtocol: annotation `ambient.istio.io/redirection: enabled`); otherwise a sidecar when
 * its tlsMode is `istio` (`serviceentry/conversion.go` getTLSModeFromWorkloadEntry: the label, else
 * `istio` whenever a service account is set); otherwise none.
 */
function entryDataplane(annotations: Labels, labels: Labels, serviceAccount: string | undefined) {
  if (annotations[AMBIENT_REDIRECTION_ANNOTATION] === "enabled") {
    return {
      dataplane: "ambient" as DataplaneMode,
      reason: "WorkloadEntry annotation ambient.istio.io/redirection=enabled",
      labels,
    };
  }
  const tlsMode = labels[TLS_MODE_LABEL] ?? (serviceAccount === undefined ? "disabled" : "istio");
  if (tlsMode === "istio") {
    return {
      dataplane: "sidecar" as DataplaneMode,
      reason:
        labels[TLS_MODE_LABEL] === undefined
          ? "WorkloadEntry with a serviceAccount (tlsMode istio)"
          : "WorkloadEntry label security.istio.io/tlsMode=istio",
      labels: { ...labels, [TLS_MODE_LABEL]: "istio" },
    };
  }
  return {
    dataplane: "none" as DataplaneMode,
    reason: "WorkloadEntry without a serviceAccount or tlsMode istio",
    labels,
  };
}

function entryNetwork(
  spec: unknown,
  labels: Labels,
  namespaces: NamespaceIndex,
  clusterNetwork: string,
): NetworkChoice {
  const declared = asString(field(spec, "network"));
  if (declared !== undefined && declared !== "") return { network: declared, source: "workload-entry" };
  return resolveNetwork(labels, namespaces.systemNetwork(), clusterNetwork);
}

function entryWorkload(ctx: ClusterContext, ref: ResourceRef, namespaces: NamespaceIndex): Workload {
  const entry = ref.object;
  const spec = asRecord(entry.spec) ?? {};
  const namespace = objectNamespace(entry)!;
  const declaredAccount = asString(spec.serviceAccount);
  const serviceAccount =
    declaredAccount === undefined || declaredAccount === "" ? undefined : declaredAccount;
  const outcome = entryDataplane(
    stringMap(entry.metadata.annotations),
    stringMap(spec.labels),
    serviceAccount,
  );
  const network = entryNetwork(spec, outcome.labels, namespaces, ctx.cluster.network);
  const address = asString(spec.address);
  const parsed = address === undefined || address === "" ? undefined : parseAddress(address);
  const weight = asNumber(spec.weight);
  const unhealthy = conditionStatus(entry, "Healthy") === "False";
  return {
    id: `${ctx.cluster.name}/${namespace}/${entry.metadata.name}`,
    cluster: ctx.cluster.name,
    namespace,
    name: entry.metadata.name,
    kind: "WorkloadEntry",
    owner: { kind: "WorkloadEntry", name: entry.metadata.name },
    labels: outcome.labels,
    annotations: stringMap(entry.metadata.annotations),
    serviceAccount: serviceAccount ?? DEFAULT_SERVICE_ACCOUNT,
    identity: workloadSpiffeId(ctx.mesh.trustDomain, namespace, serviceAccount ?? DEFAULT_SERVICE_ACCOUNT),
    // A hostname address (DNS-resolved VM) carries no IP of its own.
    ips: parsed?.ok ? [parsed.text] : [],
    locality: parseLocality(asString(spec.locality) ?? ""),
    network: network.network,
    networkSource: network.source,
    health: unhealthy ? "unhealthy" : "healthy",
    dataplane: outcome.dataplane,
    dataplaneReason: outcome.reason,
    ports: entryPorts(spec),
    ...(weight !== undefined && Number.isInteger(weight) && weight > 0 ? { weight } : {}),
  };
}

/**
 * Workloads of the cluster's WorkloadEntries (VMs): address, `spec.labels`, network
 * (`spec.network`, else §3.1), locality, service account and weight as the entry declares them.
 * WorkloadGroups are templates for auto-registration and produce no workload by themselves.
 */
export function workloadEntryWorkloads(ctx: ClusterContext, namespaces: NamespaceIndex): Workload[] {
  return resourcesOf(ctx, "networking.istio.io/WorkloadEntry").map((ref) =>
    entryWorkload(ctx, ref, namespaces),
  );
}
