import type { KubeObject, ObjectMeta } from "@meshwright/core";

/** Anything with object metadata (a Kubernetes object, or a view that keeps its name and timestamp). */
export type WithMetadata = { readonly metadata: ObjectMeta };

/**
 * Istio's config precedence order (`pilot/pkg/model/config.go` configCompareByCreationTime): older
 * `creationTimestamp` first, then name, then namespace. Objects written in manifests usually carry no
 * timestamp; they all tie on it (as objects created in the same second do) and fall back to
 * name/namespace order, exactly as istiod breaks the tie.
 */
export function compareByCreation(a: WithMetadata, b: WithMetadata): number {
  const at = timestampOf(a);
  const bt = timestampOf(b);
  if (at !== bt) return at < bt ? -1 : 1;
  const an = a.metadata.name;
  const bn = b.metadata.name;
  if (an !== bn) return an < bn ? -1 : 1;
  const ans = a.metadata.namespace ?? "";
  const bns = b.metadata.namespace ?? "";
  if (ans !== bns) return ans < bns ? -1 : 1;
  return 0;
}

/** Milliseconds since the epoch of the object's creationTimestamp; absent or unparsable = 0. */
function timestampOf(object: WithMetadata): number {
  const text = object.metadata.creationTimestamp;
  if (text === undefined) return 0;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? 0 : ms;
}

/** A copy of `objects` in Istio's precedence order (stable). */
export function sortByCreation<T extends WithMetadata>(objects: readonly T[]): T[] {
  return [...objects].sort(compareByCreation);
}

/** `Kind/namespace/name`, how diagnostics and explanations name an object. */
export function objectRef(object: Pick<KubeObject, "kind" | "metadata">): string {
  return `${object.kind}/${object.metadata.namespace ?? "default"}/${object.metadata.name}`;
}

/** `true` when every `selector` label is on `labels` with the same value (`labels.Instance.SubsetOf`). */
export function labelsSubsetOf(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  for (const key in selector) {
    if (labels[key] !== selector[key]) return false;
  }
  return true;
}
