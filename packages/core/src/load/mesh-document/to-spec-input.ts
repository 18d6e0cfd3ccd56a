/**
 * The Mesh document (already validated against its schema) as the model's `MeshSpecInput`: the
 * document's own spellings (`ecs`, `istiod.features`, `controlPlane: {remoteOf}`, flat node
 * localities) mapped to the model's fields. Defaults are applied afterwards by `applySpecDefaults`,
 * the one place the loader and the builder share.
 */
import type { ControlPlaneRole } from "../../model/cluster";
import type { ClusterSpecInput, MeshSpecInput } from "../../model/derive/spec-input";

/** One `manifests` entry: a path, directory or glob (relative to the Mesh document), and an optional default namespace. */
export interface ManifestEntry {
  readonly path: string;
  /** Like `kubectl apply -n`: the namespace of objects that name none. */
  readonly namespace?: string;
}

/** A cluster of the document: its spec input (without resources) and where its objects come from. */
export interface DocumentCluster {
  readonly input: ClusterSpecInput;
  readonly manifests: readonly ManifestEntry[];
  /** Inline objects (`resources`), as written. */
  readonly resources: readonly unknown[];
}

/** The document's spec, split into the mesh-wide input and its clusters. */
export interface DocumentSpec {
  readonly mesh: Omit<MeshSpecInput, "clusters">;
  readonly clusters: readonly DocumentCluster[];
}

type Json = Record<string, unknown>;

/** Reads the `spec` of a schema-valid Mesh document. */
export function documentSpec(spec: Json): DocumentSpec {
  const { clusters = [], ...mesh } = spec as Json & { clusters?: Json[] };
  return {
    mesh: mesh as unknown as Omit<MeshSpecInput, "clusters">,
    clusters: clusters.map(documentCluster),
  };
}

function documentCluster(cluster: Json): DocumentCluster {
  const {
    controlPlane,
    istiod,
    ecs,
    manifests = [],
    resources = [],
    ...rest
  } = cluster as Json & {
    controlPlane?: "primary" | { remoteOf: string };
    istiod?: { features?: Record<string, string>; meshConfig?: Json };
    ecs?: Json[];
    manifests?: (string | ManifestEntry)[];
    resources?: unknown[];
  };
  const role: ControlPlaneRole | undefined =
    controlPlane === undefined
      ? undefined
      : controlPlane === "primary"
        ? { role: "primary" }
        : { role: "remote", primary: controlPlane.remoteOf };
  const input = {
    ...rest,
    ...(role ? { controlPlane: role } : {}),
    ...(istiod?.features ? { istiodFeatures: istiod.features } : {}),
    ...(istiod?.meshConfig ? { meshConfig: istiod.meshConfig } : {}),
    ...(ecs ? { ecsClusters: ecs } : {}),
    ...(Array.isArray(rest.eastWestGateways)
      ? { eastWestGateways: rest.eastWestGateways.map(gatewayInput) }
      : {}),
  } as unknown as ClusterSpecInput;
  return {
    input,
    manifests: manifests.map((entry) => (typeof entry === "string" ? { path: entry } : entry)),
    resources,
  };
}

/** A hostname address without `resolvesTo` resolves to nothing (yet). */
function gatewayInput(gateway: Json): Json {
  const address = gateway.address as Json | undefined;
  if (address && typeof address.hostname === "string" && address.resolvesTo === undefined) {
    return { ...gateway, address: { ...address, resolvesTo: [] } };
  }
  return gateway;
}
