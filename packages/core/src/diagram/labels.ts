/**
 * The text of every box of a topology diagram, from the graph's node attributes (and the few model
 * facts the graph does not carry: service ports). Labels hold names, kinds, addresses and ports only:
 * the graph has no secrets, and nothing here reads object data, annotations or credentials.
 */
import type { MeshNodeAttributes } from "../graph/attributes";
import type { ProviderInfo } from "../model/cluster";
import type { ServicePort } from "../model/service";

/** The human name of a provider kind. */
const PROVIDER_NAMES: Readonly<Record<ProviderInfo["kind"], string>> = {
  eks: "AWS EKS",
  aks: "Azure AKS",
  generic: "Kubernetes",
};

/** `AWS EKS · us-east-2`, `Azure AKS · eastus`, or `Kubernetes` for a generic cluster without region. */
export function cloudLabel(provider: string, region: string | undefined): string[] {
  const name = PROVIDER_NAMES[provider as ProviderInfo["kind"]] ?? provider;
  return [region ? `${name} · ${region}` : name];
}

/** Cluster title: its name, then its control-plane role and its network (networks are labels, not boxes). */
export function clusterLabel(
  cluster: MeshNodeAttributes,
  primaryOfRemote: string | undefined,
  networkDeclared: boolean,
): string[] {
  const role = cluster.role === "remote" ? `remote of ${primaryOfRemote ?? "?"}` : "primary";
  const network = `network ${cluster.network ?? ""}${networkDeclared ? "" : " (undeclared)"}`;
  return [cluster.label, `${role} · ${network}`];
}

/** `kube-apiserver`: the anchor istiods' `reads` / `controls` arrows point at. */
export function apiServerLabel(): string[] {
  return ["kube-apiserver"];
}

/** istiod, as the graph names it (`istiod (east)`). */
export function istiodLabel(istiod: MeshNodeAttributes): string[] {
  return [istiod.label];
}

/** East-west gateway: name, kind, address (or that it has none yet), ports and the network it serves. */
export function gatewayLabel(gateway: MeshNodeAttributes): string[] {
  const ports = gateway.ports ?? [];
  return [
    gateway.label,
    `east-west gateway · ${gateway.gatewayKind ?? "classic"}`,
    gateway.address ?? "no address (load balancer pending)",
    ports.length === 1 ? `port ${ports[0]}` : `ports ${ports.join(", ")}`,
    `network ${gateway.network ?? ""}`,
  ];
}

function portsLine(ports: readonly ServicePort[]): string | undefined {
  if (ports.length === 0) return undefined;
  const numbers = ports.map((p) => String(p.port));
  return numbers.length === 1 ? `port ${numbers[0]}` : `ports ${numbers.join(", ")}`;
}

/**
 * Service: its name and ports. ECS services also show their hostname, which is not
 * `<name>.<namespace>.svc.<domain>` (`<service>.<ecs-cluster>.<domain>`), so the box tells what to call.
 */
export function serviceLabel(
  service: MeshNodeAttributes,
  name: string,
  ports: readonly ServicePort[],
): string[] {
  const portText = portsLine(ports);
  if (service.origin === "ecs") {
    return [name, `ECS service${portText ? ` · ${portText}` : ""}`, service.hostname ?? service.label];
  }
  return portText ? [name, portText] : [name];
}

/** `us-east-2/us-east-2a`: the locality without its empty trailing parts. */
function shortLocality(locality: string | undefined): string {
  return (locality ?? "").replace(/\/+$/, "");
}

/** Workload: name, kind and dataplane, locality, and its health when not healthy. */
export function workloadLabel(workload: MeshNodeAttributes): string[] {
  const kind = workload.workloadKind === "EcsTask" ? "ECS task" : (workload.workloadKind ?? "Pod");
  const dataplane = workload.dataplane === "none" ? "no mesh proxy" : (workload.dataplane ?? "");
  const locality = shortLocality(workload.locality);
  return [
    workload.label,
    `${kind} · ${dataplane}`,
    ...(locality ? [locality] : []),
    ...(workload.health && workload.health !== "healthy" ? [workload.health] : []),
  ];
}

/** Counts of what a collapsed namespace holds. */
export interface NamespaceCounts {
  readonly services: number;
  readonly workloads: number;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Namespace group title; a namespace that hosts ECS clusters is titled by them. */
export function namespaceGroupLabel(namespace: string, ecsClusters: readonly string[]): string[] {
  if (ecsClusters.length === 0) return [`namespace ${namespace}`];
  const title = `ECS cluster ${ecsClusters.join(", ")}`;
  // The ECS integration defaults the namespace to the ECS cluster's name: say it only when it differs.
  return ecsClusters.every((name) => name === namespace) ? [title] : [title, `namespace ${namespace}`];
}

/** A collapsed namespace (`--detail namespaces`): its title and how many services and workloads it holds. */
export function namespaceNodeLabel(
  namespace: string,
  ecsClusters: readonly string[],
  counts: NamespaceCounts,
): string[] {
  const workloads =
    ecsClusters.length > 0
      ? plural(counts.workloads, "task", "tasks")
      : plural(counts.workloads, "workload", "workloads");
  return [
    ...namespaceGroupLabel(namespace, ecsClusters),
    `${plural(counts.services, "service", "services")} · ${workloads}`,
  ];
}
