import type { Locality } from "@meshwright/core";

/** The topology label keys istiod adds to proxy and endpoint labels (istio-semantics §0). */
export const TOPOLOGY_LABELS = Object.freeze({
  region: "topology.kubernetes.io/region",
  zone: "topology.kubernetes.io/zone",
  subzone: "topology.istio.io/subzone",
  cluster: "topology.istio.io/cluster",
  network: "topology.istio.io/network",
  hostname: "kubernetes.io/hostname",
});

/** Where a workload runs, for label augmentation. */
export interface TopologyFacts {
  readonly locality: Locality;
  readonly cluster: string;
  readonly network: string;
  readonly node?: string;
}

/**
 * Workload labels plus the topology labels istiod adds before any label matching
 * (`pilot/pkg/xds/ads.go` initializeProxy → `labelutil.AugmentLabels`): region, zone and subzone
 * from the locality (only when non-empty), the cluster, the node name, and the network only if
 * the workload does not set it itself.
 */
export function augmentLabels(
  labels: Readonly<Record<string, string>>,
  facts: TopologyFacts,
): Readonly<Record<string, string>> {
  const out: Record<string, string> = { ...labels };
  if (facts.locality.region) out[TOPOLOGY_LABELS.region] = facts.locality.region;
  if (facts.locality.zone) out[TOPOLOGY_LABELS.zone] = facts.locality.zone;
  if (facts.locality.subzone) out[TOPOLOGY_LABELS.subzone] = facts.locality.subzone;
  out[TOPOLOGY_LABELS.cluster] = facts.cluster;
  if (facts.node) out[TOPOLOGY_LABELS.hostname] = facts.node;
  if (facts.network && out[TOPOLOGY_LABELS.network] === undefined)
    out[TOPOLOGY_LABELS.network] = facts.network;
  return out;
}
