export * from "./fault";
export * from "./fault-state";
export * from "./parse-fault";
