/**
 * Writes a Diagram as Graphviz DOT for the `dot` layout engine: groups as nested `cluster_`
 * subgraphs (Graphviz draws only subgraphs named `cluster...` as boxes), node shapes and colours by
 * kind, cluster boxes coloured by network, control-plane arrows dashed, the traced request as thick
 * numbered arrows (blue; the failing hop red). Same diagram, same text: ids are the diagram's own
 * (quoted), order is the diagram's, and nothing depends on time or environment.
 */

import { getOrCreate } from "../../memo/memo";
import type {
  Diagram,
  DiagramEdge,
  DiagramEdgeKind,
  DiagramGroup,
  DiagramNode,
  DiagramNodeKind,
} from "../diagram-model";
import { type DiagramTree, diagramTree } from "../diagram-tree";
import { CONTROL_COLOUR, FAILURE_COLOUR, groupPaint, NODE_PAINTS, PATH_COLOUR, textColour } from "../styles";
import { dotLabel, dotString } from "./dot-text";

/** Graphviz shape and style of each node kind. */
const SHAPES: Readonly<Record<DiagramNodeKind, { readonly shape: string; readonly style: string }>> = {
  istiod: { shape: "hexagon", style: "filled" },
  "api-server": { shape: "cylinder", style: "filled" },
  gateway: { shape: "box", style: "filled,diagonals" },
  namespace: { shape: "folder", style: "filled" },
  "ecs-cluster": { shape: "folder", style: "filled" },
  service: { shape: "box", style: "rounded,filled" },
  "ecs-service": { shape: "box", style: "rounded,filled" },
  workload: { shape: "box", style: "filled" },
  "ecs-task": { shape: "box", style: "filled" },
  app: { shape: "box", style: "rounded,filled,bold" },
  proxy: { shape: "component", style: "filled" },
  failure: { shape: "octagon", style: "filled" },
};

/** Line style, colour and width of each edge kind. */
const EDGE_STYLES: Readonly<Record<DiagramEdgeKind, { style: string; color: string; penwidth: number }>> = {
  reads: { style: "dashed", color: CONTROL_COLOUR, penwidth: 1 },
  controls: { style: "dashed", color: CONTROL_COLOUR, penwidth: 1 },
  "reads-controls": { style: "dashed", color: CONTROL_COLOUR, penwidth: 1 },
  selects: { style: "solid", color: CONTROL_COLOUR, penwidth: 1 },
  hop: { style: "bold", color: PATH_COLOUR, penwidth: 2.5 },
  "failed-hop": { style: "bold", color: FAILURE_COLOUR, penwidth: 2.5 },
};

type Attributes = Readonly<Record<string, string | number>>;

/** `[label="...", key="value", number=1]`: the label first, then the attributes in the given order. */
function attributeList(attributes: Attributes, label?: string): string {
  const pairs = Object.entries(attributes).map(
    ([k, v]) => `${k}=${typeof v === "number" ? v : dotString(v)}`,
  );
  if (label !== undefined) pairs.unshift(`label=${label}`);
  return `[${pairs.join(", ")}]`;
}

/** The attributes after the label of a node of `kind` (on the request path or not), without the brackets. */
function nodeAttributes(kind: DiagramNodeKind, onPath: boolean): string {
  const paint = NODE_PAINTS[kind];
  const attributes: Attributes = {
    ...SHAPES[kind],
    fillcolor: paint.fill,
    color: onPath ? PATH_COLOUR : paint.stroke,
    fontcolor: textColour(kind),
    ...(onPath || kind === "failure" ? { penwidth: 2.5 } : {}),
  };
  return attributeList(attributes).slice(1, -1);
}

/** The attributes after the label of an edge of `kind`, without the brackets. */
function edgeAttributes(kind: DiagramEdgeKind): string {
  const { style, color, penwidth } = EDGE_STYLES[kind];
  return attributeList({ style, color, fontcolor: color, penwidth }).slice(1, -1);
}

/** `f(key)` computed once per key: a diagram has a handful of kinds and tens of thousands of nodes. */
function memo<K, V>(f: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => getOrCreate(cache, key, f);
}

class DotWriter {
  private readonly lines: string[] = [];
  private readonly tree: DiagramTree;
  private readonly nodeTail = memo((key: `${DiagramNodeKind}|${boolean}`) => {
    const [kind, onPath] = key.split("|") as [DiagramNodeKind, string];
    return nodeAttributes(kind, onPath === "true");
  });
  private readonly edgeTail = memo(edgeAttributes);

  constructor(private readonly diagram: Diagram) {
    this.tree = diagramTree(diagram);
  }

  private node(node: DiagramNode, indent: string): void {
    const tail = this.nodeTail(`${node.kind}|${node.onPath === true && node.kind !== "failure"}`);
    this.lines.push(`${indent}${dotString(node.id)} [label=${dotLabel(node.label)}, ${tail}];`);
  }

  private group(group: DiagramGroup, indent: string): void {
    const paint = groupPaint(this.diagram, group);
    const inner = `${indent}  `;
    this.lines.push(`${indent}subgraph ${dotString(`cluster_${group.id}`)} {`);
    // Box titles are left-justified: Graphviz's WebAssembly build estimates text widths, and a
    // centred title wider than the estimate would spill over the box's left edge.
    const box: Attributes = {
      style: "rounded,filled",
      fillcolor: paint.fill,
      color: paint.stroke,
      labeljust: "l",
    };
    this.lines.push(`${inner}graph ${attributeList(box, dotLabel(group.label, "left"))};`);
    this.contents(group.id, inner);
    this.lines.push(`${indent}}`);
  }

  private contents(parent: string | undefined, indent: string): void {
    for (const node of this.tree.nodesIn(parent)) this.node(node, indent);
    for (const group of this.tree.groupsIn(parent)) this.group(group, indent);
  }

  private edge(edge: DiagramEdge): void {
    const label = edge.label.length > 0 ? `label=${dotLabel(edge.label)}, ` : "";
    this.lines.push(
      `  ${dotString(edge.from)} -> ${dotString(edge.to)} [${label}${this.edgeTail(edge.kind)}];`,
    );
  }

  write(): string {
    this.lines.push("digraph meshwright {");
    const graph: Attributes = {
      rankdir: "LR",
      newrank: "true",
      fontname: "Helvetica",
      fontsize: 12,
      labelloc: "t",
      nodesep: 0.3,
      ranksep: 0.6,
    };
    this.lines.push(`  graph ${attributeList(graph, dotLabel(this.diagram.title))};`);
    this.lines.push(`  node ${attributeList({ fontname: "Helvetica", fontsize: 10, margin: "0.15,0.06" })};`);
    this.lines.push(`  edge ${attributeList({ fontname: "Helvetica", fontsize: 9, arrowsize: 0.7 })};`);
    this.contents(undefined, "  ");
    for (const edge of this.diagram.edges) this.edge(edge);
    this.lines.push("}");
    return `${this.lines.join("\n")}\n`;
  }
}

/** The diagram as Graphviz DOT text for the `dot` engine (ends with a newline). */
export function renderDot(diagram: Diagram): string {
  return new DotWriter(diagram).write();
}
