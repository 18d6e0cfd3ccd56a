export * from "./memo";
