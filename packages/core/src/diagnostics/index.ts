export * from "./catalogue";
export * from "./diagnostic";
