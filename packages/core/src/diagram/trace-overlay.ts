/**
 * Draws a traced request over the topology: each hop becomes a numbered arrow (protocol, SNI or
 * CONNECT authority, destination address) between the things it passes through; the failing hop is
 * red and carries the symptom the user sees. East-west gateways (and, at workload detail, the client
 * and server workloads) are the topology's own boxes; proxies (sidecars, ztunnels, waypoints) and app
 * containers the topology does not draw get a box of their own inside their namespace or cluster.
 */
import type { Diagnostic } from "../diagnostics/diagnostic";
import type { MeshGraph } from "../graph/mesh-graph";
import { nodeId } from "../graph/node-ids";
import { DIAGRAM_CODES, diagramDiagnostic } from "./codes";
import type { DiagramDetail, DiagramEdge, DiagramNode } from "./diagram-model";
import type { DiagramTrace, DiagramTraceEnd, DiagramTraceHop } from "./diagram-trace";
import { wrapText } from "./text-wrap";

/** Symptoms are long (Envoy's TLS errors): wrap them to keep arrows legible. */
const SYMPTOM_WIDTH = 48;

/** What the overlay needs from the topology it is drawn on. */
export interface OverlayContext {
  readonly graph: MeshGraph;
  readonly detail: DiagramDetail;
  /** The group a thing of `cluster` / `namespace` is drawn in. */
  containerOf(cluster: string, namespace?: string): string | undefined;
  /** The group a topology node is drawn in. */
  groupOf(nodeId: string): string | undefined;
}

/** What the overlay adds: new boxes, the topology boxes the request passes, arrows, title lines, findings. */
export interface TraceOverlay {
  readonly nodes: readonly DiagramNode[];
  readonly onPath: ReadonlySet<string>;
  readonly edges: readonly DiagramEdge[];
  readonly title: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Ids of the overlay's own boxes. */
export const traceNodeId = {
  participant: (end: DiagramTraceEnd) => `trace:${end.role}/${end.id}`,
  failure: "trace:failure",
} as const;

type Failure = Extract<DiagramTrace["outcome"], { ok: false }>;

function hopLabel(hop: DiagramTraceHop, failure: Failure | undefined): string[] {
  const authority = hop.authority ?? [];
  const connect =
    authority.length === 2
      ? [`CONNECT ${authority[0]}`, `inner CONNECT ${authority[1]}`]
      : authority.map((a) => `CONNECT ${a}`);
  return [
    `#${hop.index} ${hop.protocol}`,
    ...(hop.sni ? [`SNI ${hop.sni}`] : []),
    ...connect,
    `to ${hop.to.address}`,
    ...(failure ? failureLines(failure) : []),
  ];
}

function failureLines(failure: Failure): string[] {
  return [`✗ ${failure.code} ${failure.name}`, ...wrapText(failure.symptom, SYMPTOM_WIDTH)];
}

function titleOf(trace: DiagramTrace): string[] {
  const outcome = trace.outcome.ok ? "OK" : `FAIL ${trace.outcome.code} ${trace.outcome.name}`;
  const faults = trace.faults ?? [];
  return [
    `${trace.request.method} ${trace.request.to} from ${trace.source.workload}: ${outcome}`,
    ...(faults.length > 0 ? [`faults: ${faults.join("; ")}`] : []),
  ];
}

/**
 * The participant's id without what its box already says: the cluster (and the namespace when it
 * sits in its namespace's box) and a leading role segment (`<cluster>/ztunnel/<node>` → the node).
 */
function shortName(end: DiagramTraceEnd, cluster: string, namespace: string | undefined): string {
  let name = end.id;
  for (const prefix of [cluster, namespace, end.role]) {
    if (prefix !== undefined && name.startsWith(`${prefix}/`)) name = name.slice(prefix.length + 1);
  }
  return name;
}

/** Places the request's participants on the diagram, creating boxes for the ones the topology lacks. */
class Participants {
  readonly nodes = new Map<string, DiagramNode>();
  readonly onPath = new Set<string>();
  readonly diagnostics: Diagnostic[] = [];
  private readonly resolved = new Map<string, string>();
  private readonly clusters: ReadonlySet<string>;

  constructor(private readonly context: OverlayContext) {
    const clusters = new Set<string>();
    context.graph.forEachNode((_id, attributes) => {
      if (attributes.type === "cluster") clusters.add(attributes.label);
    });
    this.clusters = clusters;
  }

  /** The diagram node standing for `end`. */
  nodeFor(end: DiagramTraceEnd, path: string): string {
    const key = `${end.role}\u0000${end.id}`;
    const known = this.resolved.get(key);
    if (known !== undefined) return known;
    const id = this.place(end, path);
    this.resolved.set(key, id);
    return id;
  }

  /** The topology box that already stands for `end`: its east-west gateway, or (workload detail) its app's workload. */
  private topologyNode(end: DiagramTraceEnd): string | undefined {
    const { graph, detail } = this.context;
    // A gateway hop end's id is `<cluster>/<namespace>/<name>`, the gateway's graph id without its type.
    const gateway = `gateway:${end.id}`;
    if (graph.hasNode(gateway)) return gateway;
    const workload = nodeId.workload(end.id);
    return detail === "workloads" && end.role === "app" && graph.hasNode(workload) ? workload : undefined;
  }

  private place(end: DiagramTraceEnd, path: string): string {
    const existing = this.topologyNode(end);
    if (existing !== undefined) {
      this.onPath.add(existing);
      return existing;
    }
    const cluster = end.cluster ?? end.id.split("/")[0] ?? "";
    const owner = this.owningWorkload(end.id);
    const namespace =
      owner === undefined ? undefined : this.context.graph.getNodeAttribute(owner, "namespace");
    if (!this.clusters.has(cluster)) this.unknownCluster(end, cluster, path);
    const group = this.clusters.has(cluster) ? this.context.containerOf(cluster, namespace) : undefined;
    const id = traceNodeId.participant(end);
    this.nodes.set(id, {
      id,
      kind: end.role === "app" ? "app" : "proxy",
      label: [
        end.role,
        shortName(end, cluster, group === nodeId.namespace(cluster, namespace ?? "") ? namespace : undefined),
      ],
      onPath: true,
      ...(group === undefined ? {} : { group }),
    });
    return id;
  }

  /**
   * The workload a participant belongs to: the workload itself (app, sidecar), or the one its id
   * extends (`<workload>/ztunnel`, the ztunnel an ECS task runs beside it); none for a node's ztunnel.
   */
  private owningWorkload(id: string): string | undefined {
    const parent = id.slice(0, Math.max(0, id.lastIndexOf("/")));
    return [id, parent]
      .map((candidate) => nodeId.workload(candidate))
      .find((w) => this.context.graph.hasNode(w));
  }

  private unknownCluster(end: DiagramTraceEnd, cluster: string, path: string): void {
    this.diagnostics.push(
      diagramDiagnostic(DIAGRAM_CODES.traceClusterUnknown, {
        message: `${end.role} ${end.id} is in cluster "${cluster}", which this mesh does not have`,
        path: `${path}.cluster`,
        expected: `one of ${[...this.clusters].sort().join(", ")}`,
        found: cluster,
      }),
    );
  }

  /** The group a node of the diagram (the overlay's own, or the topology's) is drawn in. */
  groupOf(id: string): string | undefined {
    const own = this.nodes.get(id);
    return own ? own.group : this.context.groupOf(id);
  }
}

/**
 * The overlay of `trace` (already shape-checked) on a topology: one arrow per hop in hop order, the
 * failing hop (`failed`, or the outcome's `hop`) red with the symptom; a failure that no hop carries
 * (DNS, a missing control plane) is a red box after the last hop, or after the client when no hop ran.
 */
export function overlayTrace(trace: DiagramTrace, context: OverlayContext): TraceOverlay {
  const participants = new Participants(context);
  const failure = trace.outcome.ok ? undefined : trace.outcome;
  const edges: DiagramEdge[] = [];
  let failureDrawn = false;
  let last = participants.nodeFor(
    { role: "app", id: trace.source.workload, cluster: trace.source.cluster },
    "$.source",
  );
  const hops = trace.hops
    .map((hop, position) => ({ hop, position }))
    .sort((a, b) => a.hop.index - b.hop.index);
  for (const { hop, position } of hops) {
    const from = participants.nodeFor(hop.from, `$.hops[${position}].from`);
    const to = participants.nodeFor(hop.to, `$.hops[${position}].to`);
    const failed = failure !== undefined && (hop.failed === true || failure.hop === hop.index);
    failureDrawn ||= failed;
    edges.push({
      from,
      to,
      kind: failed ? "failed-hop" : "hop",
      label: hopLabel(hop, failed ? failure : undefined),
    });
    last = to;
  }
  const diagnostics = participants.diagnostics;
  if (failure !== undefined && !failureDrawn) {
    if (failure.hop !== undefined) {
      diagnostics.push(
        diagramDiagnostic(DIAGRAM_CODES.traceFailedHopMissing, {
          message: `the trace fails at hop ${failure.hop}, but it has no hop ${failure.hop}`,
          path: "$.outcome.hop",
          expected: `one of the hop indexes ${trace.hops.map((h) => h.index).join(", ") || "(none)"}`,
          found: String(failure.hop),
        }),
      );
    }
    const group = participants.groupOf(last);
    participants.nodes.set(traceNodeId.failure, {
      id: traceNodeId.failure,
      kind: "failure",
      label: failureLines(failure),
      onPath: true,
      ...(group === undefined ? {} : { group }),
    });
    edges.push({ from: last, to: traceNodeId.failure, kind: "failed-hop", label: ["fails"] });
  }
  return {
    nodes: [...participants.nodes.values()],
    onPath: participants.onPath,
    edges,
    title: titleOf(trace),
    diagnostics,
  };
}
