export * from "./diagnostic";
