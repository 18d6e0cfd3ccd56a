import type { NodeModel } from "../cluster";
import { type Locality, NO_LOCALITY } from "../locality";
import { asString, field, stringMap } from "./object-access";

/** Node labels meshwright knows for a declared node: its topology labels and hostname. */
const NODE_LABEL_READERS: Readonly<Record<string, (node: NodeModel) => string>> = {
  "topology.kubernetes.io/zone": (node) => node.locality.zone,
  "failure-domain.beta.kubernetes.io/zone": (node) => node.locality.zone,
  "topology.kubernetes.io/region": (node) => node.locality.region,
  "failure-domain.beta.kubernetes.io/region": (node) => node.locality.region,
  "topology.istio.io/subzone": (node) => node.locality.subzone,
  "kubernetes.io/hostname": (node) => node.name,
};

/** Where a pod runs: a node and its locality, or nowhere (Pending). */
export type Placement =
  | { readonly kind: "scheduled"; readonly node: string; readonly locality: Locality }
  | { readonly kind: "unknown-node"; readonly node: string }
  | { readonly kind: "unschedulable"; readonly selector: Readonly<Record<string, string>> };

/**
 * The nodes of a cluster in name order, with the pod-to-node rules the scheduler would apply to
 * what meshwright knows of a node (its name and topology labels).
 */
export class NodePlacer {
  private readonly sorted: readonly NodeModel[];
  private readonly candidatesBySelector = new Map<string, readonly NodeModel[]>();
  private readonly candidatesBySpec = new WeakMap<object, readonly NodeModel[]>();
  /** One placement object per node, shared by every pod on it (placements are read-only). */
  private readonly scheduledOn = new Map<string, Placement>();

  /** A placer over `nodes` (the cluster's declared or default nodes). */
  constructor(nodes: readonly NodeModel[]) {
    this.sorted = [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const node of nodes) {
      this.scheduledOn.set(node.name, { kind: "scheduled", node: node.name, locality: node.locality });
    }
  }

  /**
   * Nodes a pod spec may land on: those whose topology labels satisfy its `nodeSelector`
   * (selector keys meshwright cannot know of a node, e.g. instance types, are not filtered on).
   */
  candidates(podSpec: unknown): readonly NodeModel[] {
    // Replicas share their template's pod spec object: filter the nodes once per spec.
    const key = typeof podSpec === "object" && podSpec !== null ? podSpec : undefined;
    const known = key === undefined ? undefined : this.candidatesBySpec.get(key);
    if (known !== undefined) return known;
    const candidates = this.filterNodes(podSpec);
    if (key !== undefined) this.candidatesBySpec.set(key, candidates);
    return candidates;
  }

  private filterNodes(podSpec: unknown): readonly NodeModel[] {
    const selector = stringMap(field(podSpec, "nodeSelector"));
    const relevant = Object.entries(selector).filter(([key]) => key in NODE_LABEL_READERS);
    if (relevant.length === 0) return this.sorted;
    const cacheKey = JSON.stringify(relevant);
    let candidates = this.candidatesBySelector.get(cacheKey);
    if (candidates === undefined) {
      candidates = this.sorted.filter((node) =>
        relevant.every(([key, value]) => NODE_LABEL_READERS[key]!(node) === value),
      );
      this.candidatesBySelector.set(cacheKey, candidates);
    }
    return candidates;
  }

  /**
   * Placement of replica `ordinal`: `spec.nodeName` when set; else round-robin (replica i on the
   * i-th candidate, name order) over the nodes that satisfy the `nodeSelector`.
   */
  place(podSpec: unknown, ordinal: number): Placement {
    const nodeName = asString(field(podSpec, "nodeName"));
    if (nodeName !== undefined && nodeName !== "") {
      return this.scheduledOn.get(nodeName) ?? { kind: "unknown-node", node: nodeName };
    }
    const candidates = this.candidates(podSpec);
    if (candidates.length === 0) {
      return { kind: "unschedulable", selector: stringMap(field(podSpec, "nodeSelector")) };
    }
    return this.scheduledOn.get(candidates[ordinal % candidates.length]!.name)!;
  }
}

/** The locality of a placement (empty when the node is unknown or the pod is Pending). */
export function placementLocality(placement: Placement): Locality {
  return placement.kind === "scheduled" ? placement.locality : NO_LOCALITY;
}
