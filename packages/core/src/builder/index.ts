export * from "./cluster-builder";
export * from "./mesh-builder";
