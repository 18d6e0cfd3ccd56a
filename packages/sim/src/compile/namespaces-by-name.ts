import { memoizeWeak, type NamespaceModel } from "@meshwright/core";

/** A cluster's namespaces by name, built once per namespace list (the model is immutable). */
export const namespacesByName = memoizeWeak(
  (namespaces: readonly NamespaceModel[]): ReadonlyMap<string, NamespaceModel> =>
    new Map(namespaces.map((ns) => [ns.name, ns])),
);
