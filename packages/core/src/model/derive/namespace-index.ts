import type { NamespaceModel } from "../namespace";
import type { Labels } from "./label-selector";
import { NETWORK_LABEL, SYSTEM_NAMESPACE } from "./network";

/** The namespaces of one cluster by name, with the lookups the derivation needs. */
export class NamespaceIndex {
  private readonly byName: ReadonlyMap<string, NamespaceModel>;

  /** An index over `namespaces`. */
  constructor(namespaces: readonly NamespaceModel[]) {
    this.byName = new Map(namespaces.map((namespace) => [namespace.name, namespace]));
  }

  /** Labels of namespace `name` (`{}` when it is not known). */
  labels(name: string): Labels {
    return this.byName.get(name)?.labels ?? {};
  }

  /** Annotations of namespace `name` (`{}` when it is not known). */
  annotations(name: string): Labels {
    return this.byName.get(name)?.annotations ?? {};
  }

  /** The `topology.istio.io/network` label of the cluster's `istio-system` namespace, if any. */
  systemNetwork(): string | undefined {
    return this.byName.get(SYSTEM_NAMESPACE)?.labels[NETWORK_LABEL];
  }
}
