/**
 * Namespace defaulting as the API server and `kubectl apply -n` do it: a namespaced object that
 * names no namespace lands in the manifest entry's namespace, else `default`; cluster-scoped
 * objects keep none.
 */
import type { KubeObject } from "../model/kube-object";
import { kindFacts } from "./kinds/kind-facts";
import type { Finding } from "./source";

/** The object with its namespace defaulted, plus a finding when it contradicts the requested one. */
export function withDefaultNamespace(
  object: KubeObject,
  requested: string | undefined,
): { object: KubeObject; conflict?: Finding } {
  const current = object.metadata.namespace;
  if (current !== undefined) {
    if (requested === undefined || current === requested) return { object };
    // kubectl refuses this too: "the namespace from the provided object does not match the namespace sent on the request".
    return {
      object,
      conflict: {
        code: "MW1505",
        path: ["metadata", "namespace"],
        message: `object namespace "${String(current)}" differs from the manifest entry's namespace "${requested}"`,
        expected: requested,
        found: String(current),
      },
    };
  }
  if (!kindFacts(object.apiVersion, object.kind).namespaced) return { object };
  return { object: { ...object, metadata: { ...object.metadata, namespace: requested ?? "default" } } };
}
