export * from "./endpoint-table";
export * from "./failures";
export * from "./hop";
export * from "./outcome";
export * from "./trace";
