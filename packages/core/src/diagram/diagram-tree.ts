import type { Diagram, DiagramGroup, DiagramNode } from "./diagram-model";

/** A diagram's groups and nodes by the group that contains them (`undefined` = top level), in diagram order. */
export interface DiagramTree {
  groupsIn(parent: string | undefined): readonly DiagramGroup[];
  nodesIn(group: string | undefined): readonly DiagramNode[];
}

/** Indexes `diagram` by containing group, so renderers can write nested boxes in one pass. */
export function diagramTree(diagram: Diagram): DiagramTree {
  const groups = new Map<string | undefined, DiagramGroup[]>();
  const nodes = new Map<string | undefined, DiagramNode[]>();
  for (const group of diagram.groups) groups.set(group.parent, [...(groups.get(group.parent) ?? []), group]);
  for (const node of diagram.nodes) {
    const list = nodes.get(node.group) ?? [];
    list.push(node);
    nodes.set(node.group, list);
  }
  return {
    groupsIn: (parent) => groups.get(parent) ?? [],
    nodesIn: (group) => nodes.get(group) ?? [],
  };
}
