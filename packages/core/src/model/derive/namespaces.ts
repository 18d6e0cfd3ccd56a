import type { NamespaceModel } from "../namespace";
import { type ClusterContext, objectNamespace, type ResourceRef, resourcesOf } from "./cluster-context";
import { stringMap } from "./object-access";

/**
 * The namespaces of a cluster, sorted by name: every Namespace object (`declared: true`), plus
 * every namespace that objects, ECS clusters or declared east-west gateways live in without a
 * Namespace object (`declared: false`, no labels).
 */
export function deriveNamespaces(ctx: ClusterContext, named: readonly ResourceRef[]): NamespaceModel[] {
  const cluster = ctx.cluster.name;
  const namespaces = new Map<string, NamespaceModel>();
  for (const { object } of resourcesOf(ctx, "/Namespace")) {
    namespaces.set(object.metadata.name, {
      cluster,
      name: object.metadata.name,
      labels: stringMap(object.metadata.labels),
      annotations: stringMap(object.metadata.annotations),
      declared: true,
    });
  }
  const implied = [
    ...named.map((ref) => objectNamespace(ref.object)),
    ...ctx.cluster.ecsClusters.map((ecs) => ecs.namespace),
    ...ctx.cluster.eastWestGateways.map((gateway) => gateway.namespace),
  ];
  for (const name of implied) {
    if (name !== undefined && !namespaces.has(name)) {
      namespaces.set(name, { cluster, name, labels: {}, annotations: {}, declared: false });
    }
  }
  return [...namespaces.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
