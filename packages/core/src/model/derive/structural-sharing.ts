import { isDeepStrictEqual } from "node:util";
import { getOrCreate } from "../../memo/memo";
import type { ClusterSpec } from "../cluster";
import type { Cluster, Mesh, MeshSpec } from "../mesh";
import { clusterSpecOf, sameMeshSettings } from "../spec-of";

/** Mesh-wide comparisons already made: one per (spec, previous mesh) pair. */
const SETTINGS = new WeakMap<MeshSpec, WeakMap<Mesh, boolean>>();

/**
 * The previous build's cluster at `index` when it can stand for `cluster` unchanged: same mesh-wide
 * settings and an equal declaration (derivation reads nothing else, so it would come out equal).
 * Equal objects are compared by reference first, so unchanged manifests cost one comparison each.
 */
export function reusedCluster(
  spec: MeshSpec,
  cluster: ClusterSpec,
  index: number,
  previous: Mesh,
): Cluster | undefined {
  const candidate = previous.clusters[index];
  if (!candidate || candidate.name !== cluster.name) return undefined;
  const bySpec = getOrCreate(SETTINGS, spec, () => new WeakMap<Mesh, boolean>());
  const same = getOrCreate(bySpec, previous, () => sameMeshSettings(spec, previous));
  return same && isDeepStrictEqual(clusterSpecOf(candidate), cluster) ? candidate : undefined;
}

/**
 * `next` with every element equal to the previous list's element of the same key replaced by that
 * element, and the previous list itself when nothing differs.
 */
function shareList<T>(next: readonly T[], previous: readonly T[], keyOf: (item: T) => string): readonly T[] {
  const byKey = new Map(previous.map((item) => [keyOf(item), item]));
  let unchanged = next.length === previous.length;
  const out = next.map((item, i) => {
    const before = byKey.get(keyOf(item));
    if (before !== undefined && isDeepStrictEqual(before, item)) {
      if (previous[i] !== before) unchanged = false;
      return before;
    }
    unchanged = false;
    return item;
  });
  return unchanged ? previous : out;
}

/** Derived lists shared element by element (below); every other field is shared whole. */
const SHARED_BY_ELEMENT = new Set(["namespaces", "workloads", "services", "gateways"]);

/**
 * A re-derived cluster sharing, with the previous build's cluster of the same name, every field
 * (declared or derived) that came out equal, and every namespace, workload, service and gateway
 * that did.
 */
export function sharedParts(derived: Cluster, previous: Mesh): Cluster {
  const before = previous.clusters.find((c) => c.name === derived.name);
  if (!before) return derived;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(derived)) {
    if (SHARED_BY_ELEMENT.has(key)) continue;
    const was = (before as unknown as Record<string, unknown>)[key];
    out[key] = was !== undefined && isDeepStrictEqual(was, value) ? was : value;
  }
  return {
    ...(out as unknown as Cluster),
    namespaces: shareList(derived.namespaces, before.namespaces, (n) => n.name),
    workloads: shareList(derived.workloads, before.workloads, (w) => w.id),
    services: shareList(derived.services, before.services, (s) => s.id),
    gateways: shareList(derived.gateways, before.gateways, (g) => `${g.namespace}/${g.name}`),
  };
}
