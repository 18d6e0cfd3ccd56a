import type { FindingDetails } from "../../diagnostics";
import type { Diagnostic } from "../../diagnostics/diagnostic";
import type { ClusterSpec } from "../cluster";
import { type FlavourTraits, flavourTraits } from "../flavour";
import { type KubeObject, splitApiVersion } from "../kube-object";
import type { MeshSpec } from "../mesh";
import { type DeriveCodeName, deriveDiagnostic } from "./codes";
import { clusterPath, memberPath, resourcePath } from "./paths";

/** A resource of a cluster with its position in `cluster.resources` (for diagnostic paths). */
export interface ResourceRef {
  readonly object: KubeObject;
  readonly index: number;
  /** `group/kind` of the object (see `groupKind`). */
  readonly groupKind: string;
}

/** Kinds that have no namespace; every other kind defaults to `default` (kubectl's behaviour). */
const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "StorageClass",
  "PriorityClass",
  "GatewayClass",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "APIService",
  "IngressClass",
  "RuntimeClass",
  "CSIDriver",
  "VolumeAttachment",
  "ClusterIssuer",
]);

/** True for kinds without a namespace. */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}

/** The namespace an object lives in (`default` when omitted), or `undefined` for cluster-scoped kinds. */
export function objectNamespace(object: KubeObject): string | undefined {
  if (isClusterScoped(object.kind)) return undefined;
  const namespace = object.metadata?.namespace;
  return typeof namespace === "string" && namespace !== "" ? namespace : "default";
}

/** `group/kind`, so Istio's and Gateway API's `Gateway` are told apart. */
export function groupKind(object: Pick<KubeObject, "apiVersion" | "kind">): string {
  const apiVersion = typeof object.apiVersion === "string" ? object.apiVersion : "";
  return `${splitApiVersion(apiVersion).group}/${object.kind}`;
}

/** `Kind namespace/name` (or `Kind name` when cluster-scoped), for messages. */
export function describeObject(object: KubeObject): string {
  const namespace = objectNamespace(object);
  return `${object.kind} ${namespace === undefined ? "" : `${namespace}/`}${object.metadata?.name ?? "<unnamed>"}`;
}

/**
 * Everything the derivation of one cluster needs: the mesh, the cluster with its defaults applied,
 * its resources indexed by `group/kind`, and the sink its diagnostics go to.
 */
export interface ClusterContext {
  readonly mesh: MeshSpec;
  readonly cluster: ClusterSpec;
  readonly clusterIndex: number;
  readonly traits: FlavourTraits;
  /** Named resources (objects without a name are reported and left out) by `group/kind`. */
  readonly byKind: ReadonlyMap<string, readonly ResourceRef[]>;
  readonly diagnostics: Diagnostic[];
}

/** The context of cluster `index`; `named` are its resources that have a name. */
export function clusterContext(
  mesh: MeshSpec,
  cluster: ClusterSpec,
  index: number,
  named: readonly ResourceRef[],
  diagnostics: Diagnostic[],
): ClusterContext {
  const byKind = new Map<string, ResourceRef[]>();
  for (const ref of named) {
    const list = byKind.get(ref.groupKind);
    if (list === undefined) byKind.set(ref.groupKind, [ref]);
    else list.push(ref);
  }
  return { mesh, cluster, clusterIndex: index, traits: flavourTraits(mesh.flavour), byKind, diagnostics };
}

/** The resources of `group/kind` (core kinds have group `""`, e.g. `/Service`). */
export function resourcesOf(ctx: ClusterContext, key: string): readonly ResourceRef[] {
  return ctx.byKind.get(key) ?? [];
}

/** Reports a finding about this cluster. */
export function report(ctx: ClusterContext, name: DeriveCodeName, details: FindingDetails): void {
  ctx.diagnostics.push(deriveDiagnostic(name, { cluster: ctx.cluster.name, ...details }));
}

/** Path of a field of the cluster in the Mesh document (`field` like `remoteSecrets[0]`). */
export function clusterFieldPath(ctx: ClusterContext, field: string): string {
  return `${clusterPath(ctx.clusterIndex)}.${field}`;
}

/** Path of a field inside a resource of this cluster: `steps` are member names or `[i]` indexes. */
export function resourceFieldPath(
  ctx: ClusterContext,
  ref: ResourceRef,
  ...steps: readonly string[]
): string {
  let path = resourcePath(ctx.clusterIndex, ref.index);
  for (const step of steps) path = step.startsWith("[") ? `${path}${step}` : memberPath(path, step);
  return path;
}
