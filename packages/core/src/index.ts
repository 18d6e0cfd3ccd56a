/**
 * @meshwright/core: the Mesh model of a multi-cluster Istio mesh, its loaders and validation,
 * its graph view, and its PKI.
 */
import "reflect-metadata";

export * from "./diagnostics";
export * from "./model";
