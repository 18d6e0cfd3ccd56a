import {
  type ClusterSpec,
  type EastWestGatewayModel,
  gatewayWithDefaults,
  type MeshSpec,
  NETWORK_LABEL,
  SYSTEM_NAMESPACE,
} from "@meshwright/core";
import fc from "fast-check";

/** The east-west gateways of one cluster: which kinds, and whether their load balancer has an address. */
export interface ClusterGatewayShape {
  readonly kinds: "none" | "classic" | "ambient" | "both";
  /** False: the LoadBalancer is pending (istiod drops an address-less gateway, istio-semantics §3.2). */
  readonly withAddress: boolean;
}

/** The east-west topology of a mesh: networks, gateways per cluster and the ambient multi-network flag. */
export interface EastWestShape {
  /** `spec`: the networks core's `arbMeshSpec` drew; `per-cluster`: every cluster its own network. */
  readonly networks: "spec" | "per-cluster";
  readonly gateways: readonly ClusterGatewayShape[];
  /** istiod `AMBIENT_ENABLE_MULTI_NETWORK` on every primary (default off in Istio). */
  readonly ambientMultiNetwork: boolean;
}

/** Arbitrary east-west topologies for meshes of at most `maxClusters` clusters (gateways mostly addressed). */
export function arbEastWest(maxClusters: number): fc.Arbitrary<EastWestShape> {
  const gateway = fc.record({
    kinds: fc.constantFrom<ClusterGatewayShape["kinds"]>("none", "classic", "ambient", "both", "both"),
    withAddress: fc.constantFrom(true, true, true, false),
  });
  return fc.record({
    networks: fc.constantFrom<EastWestShape["networks"]>("spec", "per-cluster"),
    gateways: fc.array(gateway, { minLength: maxClusters, maxLength: maxClusters }),
    ambientMultiNetwork: fc.boolean(),
  });
}

/**
 * Cluster `index` with the shape's gateways (classic: AUTO_PASSTHROUGH on 15443 exposing `*.local`;
 * ambient: HBONE on 15008) replacing the ones it had, each with a unique documentation address.
 */
export function withEastWest(cluster: ClusterSpec, index: number, shape: EastWestShape): ClusterSpec {
  const choice = shape.gateways[index % shape.gateways.length]!;
  const gateways: EastWestGatewayModel[] = [];
  const address = (prefix: string) =>
    choice.withAddress ? { address: { ip: `${prefix}.${index + 1}` } } : {};
  if (choice.kinds === "classic" || choice.kinds === "both") {
    gateways.push(
      gatewayWithDefaults(
        { name: "eastwest-classic", kind: "classic", exposesServices: true, ...address("198.51.100") },
        cluster.network,
      ),
    );
  }
  if (choice.kinds === "ambient" || choice.kinds === "both") {
    gateways.push(
      gatewayWithDefaults({ name: "eastwest", kind: "ambient", ...address("203.0.113") }, cluster.network),
    );
  }
  const features =
    shape.ambientMultiNetwork && cluster.controlPlane.role === "primary"
      ? { ...cluster.istiodFeatures, AMBIENT_ENABLE_MULTI_NETWORK: "true" }
      : cluster.istiodFeatures;
  return { ...cluster, eastWestGateways: gateways, istiodFeatures: features };
}

/** The network cluster `index` gets when every cluster has its own. */
const ownNetwork = (index: number) => `network${index + 1}`;

/**
 * The spec with every cluster on its own network (`per-cluster`), the `istio-system` namespace
 * label (which overrides the cluster's network, istio-semantics §3.1) following; else unchanged.
 */
export function withNetworks(spec: MeshSpec, shape: EastWestShape): MeshSpec {
  if (shape.networks === "spec") return spec;
  return {
    ...spec,
    networks: spec.clusters.map((_, i) => ({ name: ownNetwork(i) })),
    clusters: spec.clusters.map((cluster, i) => ({
      ...cluster,
      network: ownNetwork(i),
      resources: cluster.resources.map((o) =>
        o.kind === "Namespace" && o.metadata.name === SYSTEM_NAMESPACE && o.metadata.labels?.[NETWORK_LABEL]
          ? {
              ...o,
              metadata: { ...o.metadata, labels: { ...o.metadata.labels, [NETWORK_LABEL]: ownNetwork(i) } },
            }
          : o,
      ),
    })),
  };
}
