export * from "./endpoint";
export * from "./proxy";
