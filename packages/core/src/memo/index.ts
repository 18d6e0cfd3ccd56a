export * from "./lazy-property";
export * from "./memo";
export * from "./path-memo";
