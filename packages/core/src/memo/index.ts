export * from "./lazy-property";
export * from "./memo";
