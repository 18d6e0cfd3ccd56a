import { isDeepStrictEqual } from "node:util";
import {
  type Cluster,
  type ClusterSpec,
  clusterSpecOf,
  type KubeObject,
  type Mesh,
  objectKey,
  sameMeshSettings,
} from "@meshwright/core";
import type { SimulatedMesh } from "../simulator/simulated-mesh";
import type { AppliedChange } from "./apply-change";

/** The objects one mesh adds and removes against another, per cluster (a replaced object is both). */
export interface ObjectDelta {
  readonly added: ReadonlyMap<string, readonly KubeObject[]>;
  readonly removed: ReadonlyMap<string, readonly KubeObject[]>;
}

/** A cluster's declared fields apart from its objects. */
function declaredWithoutObjects(cluster: Cluster): Omit<ClusterSpec, "resources"> {
  const { resources: _r, ...rest } = clusterSpecOf(cluster);
  return rest;
}

/**
 * How `after` differs from `before` as objects added and removed per cluster (by kind, namespace
 * and name, then content), or undefined when they differ in anything else — mesh-wide settings, the
 * clusters or their order, a cluster's declared fields — which a what-if of object changes cannot
 * express. Both meshes are compared as built; unchanged objects cost one deep comparison each.
 */
export function objectDelta(before: Mesh, after: Mesh): ObjectDelta | undefined {
  if (!sameMeshSettings(before, after)) return undefined;
  if (before.clusters.length !== after.clusters.length) return undefined;
  const added = new Map<string, KubeObject[]>();
  const removed = new Map<string, KubeObject[]>();
  for (const [i, was] of before.clusters.entries()) {
    const is = after.clusters[i]!;
    if (was.name !== is.name) return undefined;
    if (was === is || was.resources === is.resources) continue;
    if (!isDeepStrictEqual(declaredWithoutObjects(was), declaredWithoutObjects(is))) return undefined;
    const old = keyed(was.resources);
    const now = keyed(is.resources);
    if (!old || !now) return undefined;
    const gone = [...old].filter(([key, o]) => !isDeepStrictEqual(now.get(key), o)).map(([, o]) => o);
    const come = [...now].filter(([key, o]) => !isDeepStrictEqual(old.get(key), o)).map(([, o]) => o);
    if (gone.length > 0) removed.set(is.name, gone);
    if (come.length > 0) added.set(is.name, come);
  }
  return { added, removed };
}

/** Objects by kind, namespace and name; undefined when one has no name or two share one. */
function keyed(objects: readonly KubeObject[]): Map<string, KubeObject> | undefined {
  const out = new Map<string, KubeObject>();
  for (const o of objects) {
    if (typeof o?.metadata?.name !== "string") return undefined;
    const key = objectKey(o);
    if (out.has(key)) return undefined;
    out.set(key, o);
  }
  return out;
}

/**
 * `after` as a change applied to `before` (a what-if), when both were compiled alike (seed, Istio
 * version, faults, PKI) and their meshes differ only in objects; else undefined.
 */
export function objectChange(before: SimulatedMesh, after: SimulatedMesh): AppliedChange | undefined {
  const [b, a] = [before.ctx, after.ctx];
  if (
    b.seed !== a.seed ||
    b.istioVersion !== a.istioVersion ||
    b.pki !== a.pki ||
    !isDeepStrictEqual(b.faults.faults, a.faults.faults)
  ) {
    return undefined;
  }
  const delta = objectDelta(before.mesh, after.mesh);
  return delta && { after, added: delta.added, removed: delta.removed, faults: [], global: false };
}
