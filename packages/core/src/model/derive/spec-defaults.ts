import type {
  ClusterSpec,
  EastWestGatewayModel,
  EcsClusterModel,
  IpFamily,
  NodeModel,
  ProviderInfo,
} from "../cluster";
import type { MeshSpec, NetworkModel } from "../mesh";
import { DEFAULT_MESH_CONFIG } from "../mesh-config";
import { overlayDefined } from "./object-access";
import type {
  ClusterSpecInput,
  EastWestGatewayInput,
  EcsClusterInput,
  MeshSpecInput,
  NodeInput,
} from "./spec-input";

/**
 * The defaults of the Mesh document (`docs/mesh-document.md`), in one place so that the YAML
 * loader, the fluent builder and `createMesh` agree on them.
 */
export const SPEC_DEFAULTS = Object.freeze({
  trustDomain: "cluster.local",
  rootNamespace: "istio-system",
  istioVersion: "1.31",
  flavour: "upstream",
  ipFamilies: Object.freeze(["IPv4"]) as readonly IpFamily[],
  gatewayNamespace: "istio-system",
  gatewayServiceType: "LoadBalancer",
  ecsDomain: "ecs.local",
} as const);

/** Default pod CIDRs of the cluster at `index`: `10.<index+1>.0.0/16`, IPv6 `fd00:<index+1>::/64`. */
export function defaultPodCidrs(index: number, families: readonly IpFamily[]): string[] {
  return families.map((family) =>
    family === "IPv4" ? `10.${(index % 254) + 1}.0.0/16` : `fd00:${(index + 1).toString(16)}::/64`,
  );
}

/** Default service CIDRs of the cluster at `index`: `172.<16+index>.0.0/16`, IPv6 `fd01:<index+1>::/108`. */
export function defaultServiceCidrs(index: number, families: readonly IpFamily[]): string[] {
  return families.map((family) =>
    family === "IPv4" ? `172.${16 + (index % 240)}.0.0/16` : `fd01:${(index + 1).toString(16)}::/108`,
  );
}

/** The node a cluster gets when it declares none: `<cluster>-node-0` in the provider's region, no zone. */
export function defaultNodes(clusterName: string, provider: ProviderInfo): NodeModel[] {
  return [
    { name: `${clusterName}-node-0`, locality: { region: provider.region ?? "", zone: "", subzone: "" } },
  ];
}

/**
 * Ports an east-west gateway exposes when none are declared: classic = mTLS AUTO_PASSTHROUGH 15443
 * (`samples/multicluster/expose-services.yaml`), ambient = HBONE 15008 (istio-semantics §3.2).
 */
export function defaultGatewayPorts(kind: EastWestGatewayModel["kind"]): number[] {
  return kind === "classic" ? [15443] : [15008];
}

function nodeFromInput(node: NodeInput | NodeModel, provider: ProviderInfo): NodeModel {
  if ("locality" in node) return node;
  return {
    name: node.name,
    locality: {
      region: node.region ?? provider.region ?? "",
      zone: node.zone ?? "",
      subzone: node.subzone ?? "",
    },
  };
}

/** An east-west gateway with its defaults applied (network = its cluster's). */
export function gatewayWithDefaults(
  gateway: EastWestGatewayInput,
  clusterNetwork: string,
): EastWestGatewayModel {
  return {
    name: gateway.name,
    namespace: gateway.namespace ?? SPEC_DEFAULTS.gatewayNamespace,
    kind: gateway.kind,
    network: gateway.network ?? clusterNetwork,
    ...(gateway.address === undefined ? {} : { address: gateway.address }),
    serviceType: gateway.serviceType ?? SPEC_DEFAULTS.gatewayServiceType,
    annotations: gateway.annotations ?? {},
    ports: gateway.ports ?? defaultGatewayPorts(gateway.kind),
    exposesServices: gateway.exposesServices ?? false,
    origin: gateway.origin ?? "mesh",
  };
}

/** An ECS cluster with its defaults applied (namespace = its name, domain `ecs.local`). */
export function ecsClusterWithDefaults(ecs: EcsClusterInput): EcsClusterModel {
  return {
    name: ecs.name,
    namespace: ecs.namespace ?? ecs.name,
    domain: ecs.domain ?? SPEC_DEFAULTS.ecsDomain,
    services: ecs.services ?? [],
    ...(ecs.taskCidr === undefined ? {} : { taskCidr: ecs.taskCidr }),
  };
}

/** A cluster with its defaults applied; `index` is its position in `spec.clusters` (default CIDRs use it). */
export function clusterWithDefaults(cluster: ClusterSpecInput, index: number): ClusterSpec {
  const provider = cluster.provider ?? { kind: "generic" };
  const network = cluster.network ?? "";
  const ipFamilies = cluster.ipFamilies ?? SPEC_DEFAULTS.ipFamilies;
  const nodes = (cluster.nodes ?? []).map((node) => nodeFromInput(node, provider));
  return {
    name: cluster.name,
    provider,
    network,
    ipFamilies,
    podCidrs: cluster.podCidrs?.length ? cluster.podCidrs : defaultPodCidrs(index, ipFamilies),
    serviceCidrs: cluster.serviceCidrs?.length
      ? cluster.serviceCidrs
      : defaultServiceCidrs(index, ipFamilies),
    ...(cluster.apiServer === undefined ? {} : { apiServer: cluster.apiServer }),
    nodes: nodes.length > 0 ? nodes : defaultNodes(cluster.name, provider),
    controlPlane: cluster.controlPlane ?? { role: "primary" },
    istiodFeatures: cluster.istiodFeatures ?? {},
    remoteSecrets: cluster.remoteSecrets ?? [],
    eastWestGateways: (cluster.eastWestGateways ?? []).map((g) => gatewayWithDefaults(g, network)),
    ecsClusters: (cluster.ecsClusters ?? []).map(ecsClusterWithDefaults),
    ...(cluster.meshConfig === undefined ? {} : { meshConfig: cluster.meshConfig }),
    ...(cluster.sidecarInjector === undefined ? {} : { sidecarInjector: cluster.sidecarInjector }),
    resources: cluster.resources ?? [],
  };
}

function networkFromInput(network: string | NetworkModel): NetworkModel {
  return typeof network === "string" ? { name: network } : network;
}

/**
 * The Mesh document's defaults applied to a declared spec: the one place both the YAML loader and
 * the builder turn user input into a complete `MeshSpec` for `createMesh`. Idempotent: a complete
 * MeshSpec comes back equal to itself.
 */
export function applySpecDefaults(input: MeshSpecInput): MeshSpec {
  return {
    meshId: input.meshId,
    trustDomain: input.trustDomain ?? SPEC_DEFAULTS.trustDomain,
    trustDomainAliases: input.trustDomainAliases ?? [],
    rootNamespace: input.rootNamespace ?? SPEC_DEFAULTS.rootNamespace,
    istioVersion: input.istioVersion ?? SPEC_DEFAULTS.istioVersion,
    flavour: input.flavour ?? SPEC_DEFAULTS.flavour,
    meshConfig: overlayDefined(DEFAULT_MESH_CONFIG, input.meshConfig),
    networks: (input.networks ?? []).map(networkFromInput),
    clusters: (input.clusters ?? []).map(clusterWithDefaults),
  };
}
