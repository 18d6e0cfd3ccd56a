export * from "./cluster-trust";
export * from "./verify-session";
