import { localityString, type Mesh, type Workload } from "@meshwright/core";
import type { CidrRange } from "../authz/ip-address";
import { augmentLabels } from "../compile/topology-labels";
import { ruleLabelKeys } from "./rule-labels";
import { addressMembership, sourceAddressRanges } from "./source-addresses";
import type { WorkloadClass } from "./types";

/** What decides which workloads fall into one class, read once from the mesh. */
export interface ClassingRules {
  /** Label keys any rule reads (client side and policy selectors), sorted. */
  readonly labelKeys: readonly string[];
  /** Label keys read from the client side only (Sidecar, DestinationRule, VirtualService, failoverPriority). */
  readonly clientLabelKeys: readonly string[];
  /** True when a rule reads the node (internalTrafficPolicy Local, trafficDistribution PreferSameNode). */
  readonly nodeMatters: boolean;
  /** Address ranges AuthorizationPolicies match source addresses against. */
  readonly addressRanges: readonly CidrRange[];
}

/** Reads the classing rules of a mesh. */
export function classingRules(mesh: Mesh): ClassingRules {
  const keys = ruleLabelKeys(mesh);
  const nodeMatters = mesh.clusters.some((c) =>
    c.services.some((s) => s.internalTrafficPolicy === "Local" || s.trafficDistribution === "PreferSameNode"),
  );
  return {
    labelKeys: [...new Set([...keys.client, ...keys.policy])].sort(),
    clientLabelKeys: [...keys.client].sort(),
    nodeMatters,
    addressRanges: sourceAddressRanges(mesh),
  };
}

/** The values of `keys` in a workload's topology-augmented labels (istio-semantics §0). */
export function readLabels(workload: Workload, keys: readonly string[]): Record<string, string> {
  if (keys.length === 0) return {};
  const labels = augmentLabels(workload.labels, workload);
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = labels[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

const labelText = (labels: Readonly<Record<string, string>>): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");

/** The class descriptor of a workload: every attribute a rule can read from a request source. */
function classId(w: Workload, rules: ClassingRules, labels: Readonly<Record<string, string>>): string {
  const parts = [
    `${w.cluster}/${w.namespace}`,
    `sa=${w.serviceAccount}`,
    w.dataplane,
    w.network,
    localityString(w.locality),
  ];
  if (w.kind !== "Pod") parts.push(w.kind);
  if (rules.nodeMatters) parts.push(`node=${w.node ?? ""}`);
  const text = labelText(labels);
  if (text) parts.push(text);
  const addresses = addressMembership(rules.addressRanges, w.ips[0]);
  if (addresses) parts.push(`ip=${addresses}`);
  return parts.join("|");
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Groups the workloads of a mesh into source classes: workloads alike in everything a simulated rule
 * reads from a request's source (see `WorkloadClass`). Deterministic: classes in id order, members in
 * id order.
 */
export function workloadClasses(mesh: Mesh, rules: ClassingRules = classingRules(mesh)): WorkloadClass[] {
  const groups = new Map<string, { first: Workload; labels: Record<string, string>; members: Workload[] }>();
  for (const cluster of mesh.clusters) {
    for (const w of cluster.workloads) {
      const labels = readLabels(w, rules.labelKeys);
      const id = classId(w, rules, labels);
      const group = groups.get(id);
      if (group) group.members.push(w);
      else groups.set(id, { first: w, labels, members: [w] });
    }
  }
  const classes: WorkloadClass[] = [];
  for (const [id, { first, labels, members }] of groups) {
    members.sort((a, b) => byText(a.id, b.id));
    const representative = members.find((m) => m.health === "healthy") ?? members[0]!;
    const owners = [...new Set(members.map((m) => m.owner.name))].sort(byText);
    classes.push({
      id,
      label: `${first.cluster}/${first.namespace}/${owners.length > 3 ? `${owners.slice(0, 3).join(",")},…` : owners.join(",")}`,
      cluster: first.cluster,
      namespace: first.namespace,
      serviceAccount: first.serviceAccount,
      identity: first.identity,
      dataplane: first.dataplane,
      kind: first.kind,
      network: first.network,
      locality: localityString(first.locality),
      ...(rules.nodeMatters && first.node !== undefined ? { node: first.node } : {}),
      labels,
      members: members.map((m) => m.id),
      representative: representative.id,
    });
  }
  return classes.sort((a, b) => byText(a.id, b.id));
}
