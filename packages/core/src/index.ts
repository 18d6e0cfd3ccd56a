/**
 * @meshwright/core: the Mesh model of a multi-cluster Istio mesh, its loaders and validation,
 * its graph view, and its PKI.
 */
import "reflect-metadata";

export * from "./builder";
export * from "./diagnostics";
export * from "./diagram";
export * from "./graph";
export * from "./load";
export * from "./memo";
export * from "./model";
export * from "./model/create-mesh";
export * from "./model/derive";
export * from "./pki";
