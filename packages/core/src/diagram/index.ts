/**
 * Topology diagrams of a mesh (clouds, clusters, networks, east-west gateways, control planes,
 * namespaces, services, workloads, ECS clusters), optionally with a request trace drawn over them,
 * as Mermaid or Graphviz DOT text.
 */
export * from "./build-diagram";
export * from "./check-trace";
export * from "./codes";
export * from "./diagram-model";
export * from "./diagram-trace";
export * from "./dot/render-dot";
export * from "./mermaid/render-mermaid";
export * from "./mesh-diagram";
