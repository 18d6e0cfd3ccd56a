export * from "./attributes";
export * from "./mesh-graph";
export * from "./node-ids";
