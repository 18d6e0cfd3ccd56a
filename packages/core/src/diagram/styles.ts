/**
 * The colours of a diagram, shared by every output format so a Mermaid and an SVG diagram of the same
 * mesh look alike. Cluster boxes take their network's colour (networks are labels, so the colour is
 * what makes "same network" visible at a glance); the request path is blue, its failure red.
 */
import type { Diagram, DiagramGroupKind, DiagramNodeKind } from "./diagram-model";

/** A fill and a border colour. */
export interface Paint {
  readonly fill: string;
  readonly stroke: string;
}

/** Cluster fills by network position, cycling when there are more networks than colours. */
const NETWORK_PAINTS: readonly Paint[] = [
  { fill: "#ddf4ff", stroke: "#54aeff" },
  { fill: "#fff1e5", stroke: "#fb8f44" },
  { fill: "#dafbe1", stroke: "#4ac26b" },
  { fill: "#fbefff", stroke: "#c297ff" },
  { fill: "#fff8c5", stroke: "#d4a72c" },
  { fill: "#ffeff7", stroke: "#ff80c8" },
];

/** Boxes that are not clusters. */
export const GROUP_PAINTS: Readonly<Record<Exclude<DiagramGroupKind, "cluster">, Paint>> = {
  cloud: { fill: "#f6f8fa", stroke: "#8c959f" },
  namespace: { fill: "#ffffff", stroke: "#afb8c1" },
  "ecs-cluster": { fill: "#fff8f0", stroke: "#ff9900" },
};

/** Nodes by kind. */
export const NODE_PAINTS: Readonly<Record<DiagramNodeKind, Paint>> = {
  istiod: { fill: "#466bb0", stroke: "#2f4b80" },
  "api-server": { fill: "#eaeef2", stroke: "#6e7781" },
  gateway: { fill: "#ffd8b5", stroke: "#bc4c00" },
  namespace: { fill: "#ffffff", stroke: "#6e7781" },
  "ecs-cluster": { fill: "#ffe7c2", stroke: "#ff9900" },
  service: { fill: "#ffffff", stroke: "#0969da" },
  "ecs-service": { fill: "#ffffff", stroke: "#ff9900" },
  workload: { fill: "#f6f8fa", stroke: "#6e7781" },
  "ecs-task": { fill: "#fff8f0", stroke: "#ff9900" },
  app: { fill: "#ffffff", stroke: "#0969da" },
  proxy: { fill: "#ddf4ff", stroke: "#0969da" },
  failure: { fill: "#ffebe9", stroke: "#cf222e" },
};

/** Text colour on a node (istiod is dark). */
export function textColour(kind: DiagramNodeKind): string {
  return kind === "istiod" ? "#ffffff" : "#1f2328";
}

/** Colour of the request path. */
export const PATH_COLOUR = "#0969da";
/** Colour of the failing hop and of the failure box. */
export const FAILURE_COLOUR = "#cf222e";
/** Colour of the control-plane arrows. */
export const CONTROL_COLOUR = "#57606a";

/** The paint of a cluster box: its network's colour. */
export function clusterPaint(diagram: Diagram, network: string | undefined): Paint {
  const index = network === undefined ? -1 : diagram.networks.indexOf(network);
  return index < 0 ? GROUP_PAINTS.cloud : NETWORK_PAINTS[index % NETWORK_PAINTS.length]!;
}

/** The paint of any group: clusters by network, the others by kind. */
export function groupPaint(diagram: Diagram, group: { kind: DiagramGroupKind; network?: string }): Paint {
  return group.kind === "cluster" ? clusterPaint(diagram, group.network) : GROUP_PAINTS[group.kind];
}
