/**
 * Writes a Diagram as a Mermaid `flowchart LR` for Markdown (GitHub, GitLab and most doc sites render
 * it): groups as nested `subgraph`s, node shapes and colours by kind, cluster boxes coloured by
 * network, control-plane arrows dotted, the traced request as thick numbered arrows (blue; the
 * failing hop red). Same diagram, same text: ids are stable, order is the diagram's.
 */
import type { Diagram, DiagramEdge, DiagramEdgeKind, DiagramNode, DiagramNodeKind } from "../diagram-model";
import { type DiagramTree, diagramTree } from "../diagram-tree";
import {
  CONTROL_COLOUR,
  FAILURE_COLOUR,
  groupPaint,
  NODE_PAINTS,
  PATH_COLOUR,
  type Paint,
  textColour,
} from "../styles";
import { mermaidIds } from "./mermaid-ids";
import { mermaidLabel, mermaidLine, singleLine } from "./mermaid-text";

/** Opening and closing brackets of each node kind's shape. */
const SHAPES: Readonly<Record<DiagramNodeKind, readonly [string, string]>> = {
  istiod: ["{{", "}}"],
  "api-server": ["[(", ")]"],
  gateway: ["[/", "\\]"],
  namespace: ["[[", "]]"],
  "ecs-cluster": ["[[", "]]"],
  service: ["(", ")"],
  "ecs-service": ["(", ")"],
  workload: ["[", "]"],
  "ecs-task": ["[", "]"],
  app: ["([", "])"],
  proxy: ["[/", "/]"],
  failure: [">", "]"],
};

/** Arrow of each edge kind: dotted for the control plane, thick for the request path. */
const ARROWS: Readonly<Record<DiagramEdgeKind, string>> = {
  reads: "-.->",
  controls: "-.->",
  "reads-controls": "-.->",
  selects: "-->",
  hop: "==>",
  "failed-hop": "==>",
};

/** Mermaid class names (kinds without the hyphen). */
const className = (kind: DiagramNodeKind) => kind.replace(/-/g, "");

function paintStyle(paint: Paint, extra = ""): string {
  return `fill:${paint.fill},stroke:${paint.stroke}${extra}`;
}

class MermaidWriter {
  private readonly lines: string[] = [];
  private readonly ids: ReadonlyMap<string, string>;
  private readonly tree: DiagramTree;

  constructor(private readonly diagram: Diagram) {
    this.ids = mermaidIds([...diagram.groups.map((g) => g.id), ...diagram.nodes.map((n) => n.id)]);
    this.tree = diagramTree(diagram);
  }

  private id(diagramId: string): string {
    return this.ids.get(diagramId)!;
  }

  private node(node: DiagramNode, indent: string): void {
    const [open, close] = SHAPES[node.kind];
    this.lines.push(`${indent}${this.id(node.id)}${open}"${mermaidLabel(node.label)}"${close}`);
  }

  private group(parent: string | undefined, indent: string): void {
    for (const node of this.tree.nodesIn(parent)) this.node(node, indent);
    for (const group of this.tree.groupsIn(parent)) {
      // One line: Mermaid reserves room for a one-line subgraph title, so a second line would sit
      // under the boxes inside it.
      this.lines.push(`${indent}subgraph ${this.id(group.id)} ["${mermaidLine(group.label.join(" · "))}"]`);
      this.group(group.id, `${indent}  `);
      this.lines.push(`${indent}end`);
    }
  }

  private edge(edge: DiagramEdge): void {
    const label = edge.label.length > 0 ? `|"${mermaidLabel(edge.label)}"|` : "";
    this.lines.push(`  ${this.id(edge.from)} ${ARROWS[edge.kind]}${label} ${this.id(edge.to)}`);
  }

  private styles(): void {
    const kinds = [...new Set(this.diagram.nodes.map((n) => n.kind))].sort();
    for (const kind of kinds) {
      this.lines.push(
        `  classDef ${className(kind)} ${paintStyle(NODE_PAINTS[kind], `,color:${textColour(kind)}`)}`,
      );
    }
    for (const kind of kinds) {
      const members = this.diagram.nodes.filter((n) => n.kind === kind).map((n) => this.id(n.id));
      this.lines.push(`  class ${members.join(",")} ${className(kind)}`);
    }
    for (const group of this.diagram.groups) {
      this.lines.push(`  style ${this.id(group.id)} ${paintStyle(groupPaint(this.diagram, group))}`);
    }
    for (const node of this.diagram.nodes) {
      if (node.onPath && node.kind !== "failure") {
        this.lines.push(`  style ${this.id(node.id)} stroke:${PATH_COLOUR},stroke-width:3px`);
      }
    }
    const linkStyle = (kinds: readonly DiagramEdgeKind[], style: string) => {
      const indexes = this.diagram.edges.flatMap((e, i) => (kinds.includes(e.kind) ? [i] : []));
      if (indexes.length > 0) this.lines.push(`  linkStyle ${indexes.join(",")} ${style}`);
    };
    linkStyle(["reads", "controls", "reads-controls", "selects"], `stroke:${CONTROL_COLOUR}`);
    linkStyle(["hop"], `stroke:${PATH_COLOUR},stroke-width:3px,color:${PATH_COLOUR}`);
    linkStyle(["failed-hop"], `stroke:${FAILURE_COLOUR},stroke-width:3px,color:${FAILURE_COLOUR}`);
  }

  write(): string {
    // Front matter title: plain text (no entities there), as a YAML double-quoted string, which
    // JSON string syntax always is.
    const title = this.diagram.title.map(singleLine).join(" · ");
    this.lines.push("---", `title: ${JSON.stringify(title)}`, "---");
    this.lines.push("flowchart LR");
    this.group(undefined, "  ");
    // Edges come after every node, so `linkStyle` numbers are edge positions in the diagram.
    for (const edge of this.diagram.edges) this.edge(edge);
    this.styles();
    return `${this.lines.join("\n")}\n`;
  }
}

/** The diagram as Mermaid flowchart text (ends with a newline). */
export function renderMermaid(diagram: Diagram): string {
  return new MermaidWriter(diagram).write();
}
