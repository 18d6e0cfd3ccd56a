/**
 * `createMesh` reports paths into the MeshSpec (`$.spec.clusters[1].ecsClusters[0].name`,
 * `$.spec.clusters[0].resources[7].spec.selector`). This maps them back to where the user wrote
 * the value: a field of the Mesh document (under its own spelling), or an object of a manifest.
 */
import type { JsonPath, PathSegment } from "../json-path";

/** Where a MeshSpec path points. */
export type SpecPathTarget =
  | {
      readonly kind: "resource";
      readonly cluster: number;
      readonly resource: number;
      readonly rest: JsonPath;
    }
  | { readonly kind: "document"; readonly path: JsonPath };

/** Cluster fields the document spells differently from the model. */
const CLUSTER_FIELD_RENAMES: Readonly<Record<string, readonly PathSegment[]>> = {
  ecsClusters: ["ecs"],
  istiodFeatures: ["istiod", "features"],
  meshConfig: ["istiod", "meshConfig"],
};

/** Maps a MeshSpec path (segments, from `$.spec...`) to its place in the user's files. */
export function specPathTarget(path: JsonPath): SpecPathTarget {
  const [spec, clusters, cluster, field, ...rest] = path;
  if (spec !== "spec" || clusters !== "clusters" || typeof cluster !== "number" || field === undefined) {
    return { kind: "document", path };
  }
  if (field === "resources" && typeof rest[0] === "number") {
    return { kind: "resource", cluster, resource: rest[0], rest: rest.slice(1) };
  }
  const base = ["spec", "clusters", cluster] as const;
  if (typeof field === "string" && Object.hasOwn(CLUSTER_FIELD_RENAMES, field)) {
    return { kind: "document", path: [...base, ...CLUSTER_FIELD_RENAMES[field]!, ...rest] };
  }
  if (field === "controlPlane") {
    // The model's {role: remote, primary} is the document's {remoteOf}.
    return {
      kind: "document",
      path: [...base, "controlPlane", ...(rest[0] === "primary" ? ["remoteOf"] : [])],
    };
  }
  if (field === "nodes" && rest[1] === "locality") {
    return { kind: "document", path: [...base, "nodes", ...rest.slice(0, 1), ...rest.slice(2)] };
  }
  return { kind: "document", path };
}
