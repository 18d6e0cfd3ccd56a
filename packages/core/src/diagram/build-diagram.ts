import type { Diagnostic } from "../diagnostics/diagnostic";
import { hasErrors } from "../diagnostics/diagnostic";
import { type MeshGraph, meshGraph } from "../graph/mesh-graph";
import type { Mesh } from "../model/mesh";
import { checkTraceShape } from "./check-trace";
import { DIAGRAM_CODES, diagramDiagnostic } from "./codes";
import {
  DIAGRAM_DETAILS,
  type Diagram,
  type DiagramDetail,
  type DiagramEdge,
  type DiagramGroup,
  type DiagramNode,
} from "./diagram-model";
import type { DiagramTrace } from "./diagram-trace";
import { buildTopology } from "./topology";
import { overlayTrace } from "./trace-overlay";

/** What to draw. */
export interface BuildDiagramOptions {
  /** One of `DIAGRAM_DETAILS` (default `services`); anything else is MW8501. */
  readonly detail?: string;
  /** A request trace to draw over the topology (`Trace` from `@meshwright/sim` fits as it is). */
  readonly trace?: DiagramTrace;
  /**
   * The mesh's graph view, when the caller already has it (it must be `meshGraph(mesh)`, unmodified):
   * drawing several diagrams of one mesh then builds the graph once.
   */
  readonly graph?: MeshGraph;
}

/** The diagram, or the errors that prevented it; warnings come with a diagram. */
export interface BuildDiagramResult {
  readonly diagram?: Diagram;
  readonly diagnostics: readonly Diagnostic[];
}

/** True when `text` names a detail level. */
export function isDiagramDetail(text: string): text is DiagramDetail {
  return (DIAGRAM_DETAILS as readonly string[]).includes(text);
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function byEnds(a: DiagramEdge, b: DiagramEdge): number {
  const left = `${a.from}\u0000${a.to}\u0000${a.kind}`;
  const right = `${b.from}\u0000${b.to}\u0000${b.kind}`;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Groups that contain a node, directly or through a nested group; empty boxes are not drawn. */
function nonEmptyGroups(groups: readonly DiagramGroup[], nodes: readonly DiagramNode[]): DiagramGroup[] {
  const parents = new Map(groups.map((g) => [g.id, g.parent]));
  const used = new Set<string>();
  for (const node of nodes) {
    for (let group = node.group; group !== undefined && !used.has(group); group = parents.get(group)) {
      used.add(group);
    }
  }
  return groups.filter((g) => used.has(g.id));
}

/**
 * The diagram of `mesh` as plain data, read from its graph view (`meshGraph`): clouds, clusters
 * (titled with their role and network), istiods and the API servers they read, east-west gateways,
 * namespaces, services and workloads by detail level, and optionally a request trace drawn over it.
 * Deterministic: groups and nodes sorted by id, topology edges by their ends, hops in hop order.
 * Never throws on bad options: an unknown detail (MW8501) or a malformed trace (MW8503) is an error
 * diagnostic and no diagram; a trace from another mesh (MW8504, MW8505) is a warning.
 */
export function buildDiagram(mesh: Mesh, options: BuildDiagramOptions = {}): BuildDiagramResult {
  const detail = options.detail ?? "services";
  if (!isDiagramDetail(detail)) {
    return {
      diagnostics: [
        diagramDiagnostic(DIAGRAM_CODES.detailUnknown, {
          message: `unknown diagram detail ${JSON.stringify(detail)}`,
          path: "detail",
          expected: DIAGRAM_DETAILS.join(" | "),
          found: String(detail),
        }),
      ],
    };
  }
  const shape = options.trace === undefined ? [] : checkTraceShape(options.trace);
  if (hasErrors(shape)) return { diagnostics: shape };

  const graph = options.graph ?? meshGraph(mesh);
  const topology = buildTopology(mesh, graph, detail);
  const topologyGroups = new Map(topology.nodes.map((n) => [n.id, n.group]));
  const overlay =
    options.trace === undefined
      ? undefined
      : overlayTrace(options.trace, {
          graph,
          detail,
          containerOf: topology.containerOf,
          groupOf: (id) => topologyGroups.get(id),
        });
  const onPath = overlay?.onPath ?? new Set<string>();
  const nodes = [
    ...topology.nodes.map((n) => (onPath.has(n.id) ? { ...n, onPath: true } : n)),
    ...(overlay?.nodes ?? []),
  ].sort(byId);
  const diagram: Diagram = {
    title: [`mesh ${mesh.meshId} · detail ${detail}`, ...(overlay?.title ?? [])],
    detail,
    networks: topology.networks,
    groups: nonEmptyGroups(topology.groups, nodes).sort(byId),
    nodes,
    edges: [...[...topology.edges].sort(byEnds), ...(overlay?.edges ?? [])],
  };
  return { diagram, diagnostics: overlay?.diagnostics ?? [] };
}
