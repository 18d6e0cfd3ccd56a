/**
 * The diagram as plain data, independent of any output format: nested groups (clouds, clusters,
 * namespaces), nodes inside them, and edges between nodes. `buildDiagram` makes it from a Mesh (and
 * optionally a request trace); `renderMermaid` and `renderDot` only translate it. Ids are stable:
 * graph entities keep their `meshGraph` ids (`cluster:east`, `service:east/shop/web`); diagram-only
 * entities use the same `<type>:<name>` form (`cloud:eks/us-east-2`, `api-server:east`, `trace:...`).
 */

/** How much of each cluster is drawn: one node per namespace, per service, or per service and workload. */
export type DiagramDetail = "namespaces" | "services" | "workloads";

/** Every detail level, coarsest first. */
export const DIAGRAM_DETAILS: readonly DiagramDetail[] = ["namespaces", "services", "workloads"];

/** What a group (Mermaid subgraph, DOT cluster) stands for. */
export type DiagramGroupKind = "cloud" | "cluster" | "namespace" | "ecs-cluster";

/** A box that contains nodes and other groups. */
export interface DiagramGroup {
  readonly id: string;
  readonly kind: DiagramGroupKind;
  /** The title, one entry per line. */
  readonly label: readonly string[];
  /** The enclosing group; absent for the outermost (clouds). */
  readonly parent?: string;
  /** Cluster groups: their network, which picks their colour (networks are labels, not boxes). */
  readonly network?: string;
}

/** What a node stands for. */
export type DiagramNodeKind =
  | "istiod"
  | "api-server"
  | "gateway"
  | "namespace"
  | "ecs-cluster"
  | "service"
  | "ecs-service"
  | "workload"
  | "ecs-task"
  /** A request's app end (client or server container) drawn for a trace. */
  | "app"
  /** A proxy a request passes through (sidecar, ztunnel, waypoint) drawn for a trace. */
  | "proxy"
  /** Where a failed request ends when no hop carries the failure (e.g. DNS). */
  | "failure";

/** One box, cylinder or hexagon of the diagram. */
export interface DiagramNode {
  readonly id: string;
  readonly kind: DiagramNodeKind;
  readonly label: readonly string[];
  /** The innermost group that contains it; absent = top level. */
  readonly group?: string;
  /** True when a trace's request passes through it. */
  readonly onPath?: boolean;
}

/**
 * What an edge stands for: `reads` (istiod watches a cluster's API server: its own, or through a
 * remote secret), `controls` (a primary's istiod configures a remote cluster), `reads-controls`
 * (both, on one pair: primary-remote), `selects` (a Service selects a workload), `hop` (one hop of a
 * traced request), `failed-hop` (the hop where it failed, or the way to the failure node).
 */
export type DiagramEdgeKind = "reads" | "controls" | "reads-controls" | "selects" | "hop" | "failed-hop";

/** One arrow. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: DiagramEdgeKind;
  /** Its label, one entry per line (may be empty). */
  readonly label: readonly string[];
}

/**
 * A complete diagram: groups sorted by id, nodes sorted by id, topology edges sorted by (from, to),
 * then the trace's edges in hop order. Every node's group and every edge's ends exist.
 */
export interface Diagram {
  /** Title lines: the mesh and detail, then the traced request and its outcome when there is one. */
  readonly title: readonly string[];
  readonly detail: DiagramDetail;
  /** Every network, sorted: a cluster group's colour is its network's position here. */
  readonly networks: readonly string[];
  readonly groups: readonly DiagramGroup[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}
