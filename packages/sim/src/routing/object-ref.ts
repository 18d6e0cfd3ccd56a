import type { KubeObject } from "@meshwright/core";

/** `Kind/namespace/name`, how diagnostics and explanations name an object. */
export function objectRef(object: Pick<KubeObject, "kind" | "metadata">): string {
  return `${object.kind}/${object.metadata.namespace ?? "default"}/${object.metadata.name}`;
}
