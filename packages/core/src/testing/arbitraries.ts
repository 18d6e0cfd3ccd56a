import fc from "fast-check";
import type { ClusterSpec, EastWestGatewayModel, IpFamily, ProviderInfo } from "../model/cluster";
import { applySpecDefaults, defaultPodCidrs, defaultServiceCidrs } from "../model/derive/spec-defaults";
import type { ClusterSpecInput, EcsClusterInput, NodeInput } from "../model/derive/spec-input";
import { flavourTraits } from "../model/flavour";
import type { KubeObject } from "../model/kube-object";
import type { Flavour, MeshSpec } from "../model/mesh";

/** Bounds and switches of `arbMeshSpec`. Every generated spec is valid: `createMesh` reports no error. */
export interface MeshSpecArbitraryOptions {
  /** Cluster count bounds (default 1..4). */
  readonly minClusters?: number;
  readonly maxClusters?: number;
  /** Application namespaces per cluster (default at most 3). */
  readonly maxNamespaces?: number;
  /** Deployments per namespace (default at most 3). */
  readonly maxDeployments?: number;
  /** Fix the flavour (default: either). */
  readonly flavour?: Flavour;
  /** Allow IPv6 and dual-stack clusters (default true). */
  readonly ipv6?: boolean;
  /** Allow remote (primary-remote) clusters (default true). */
  readonly remotes?: boolean;
}

const REGIONS: Readonly<Record<ProviderInfo["kind"], readonly string[]>> = {
  eks: ["us-east-2", "us-west-2", "eu-west-1"],
  aks: ["eastus", "westeurope"],
  generic: ["region-1", "region-2"],
};

const NAMESPACE_NAMES = ["sample", "bookinfo", "app-a", "app-b", "shop"] as const;

/** How a namespace enrols its pods. */
type NamespaceMode = "plain" | "injection" | "injection-disabled" | "revision" | "ambient";

/** How a Deployment's pod template overrides its namespace. */
type PodMode = "inherit" | "inject-true" | "inject-false" | "ambient" | "none";

interface DeploymentShape {
  readonly replicas: number;
  readonly version: "v1" | "v2";
  readonly podMode: PodMode;
  readonly serviceAccount: string | null;
  readonly port: number;
  readonly portName: string;
  readonly service: boolean;
  readonly global: boolean;
  readonly zonePick: number | null;
  readonly distribution: "PreferClose" | "PreferSameZone" | "PreferSameNode" | null;
  readonly destinationRule: boolean;
  readonly authorizationPolicy: boolean;
  readonly readyReplicas: number | null;
}

interface NamespaceShape {
  readonly name: string;
  readonly mode: NamespaceMode;
  readonly peerAuthentication: "STRICT" | "PERMISSIVE" | null;
  readonly deployments: readonly DeploymentShape[];
}

interface ClusterShape {
  readonly provider: ProviderInfo["kind"];
  readonly regionPick: number;
  readonly networkPick: number;
  readonly families: readonly IpFamily[];
  readonly nodeCount: number;
  readonly remote: boolean;
  readonly primaryPick: number;
  readonly reads: readonly boolean[];
  readonly labelSystemNamespace: boolean;
  readonly gateway: { readonly kind: EastWestGatewayModel["kind"]; readonly withAddress: boolean } | null;
  readonly ecsTasks: number | null;
  readonly namespaces: readonly NamespaceShape[];
}

function arbDeployment(): fc.Arbitrary<DeploymentShape> {
  return fc.record({
    replicas: fc.integer({ min: 0, max: 3 }),
    version: fc.constantFrom("v1", "v2"),
    podMode: fc.constantFrom<PodMode>("inherit", "inherit", "inject-true", "inject-false", "ambient", "none"),
    serviceAccount: fc.option(fc.constantFrom("default", "app-sa"), { nil: null }),
    port: fc.constantFrom(5000, 8080, 9080),
    portName: fc.constantFrom("http", "http-web", "grpc", "tcp", "tls-passthrough", "web"),
    service: fc.boolean(),
    global: fc.boolean(),
    zonePick: fc.option(fc.nat(), { nil: null }),
    distribution: fc.option(fc.constantFrom("PreferClose", "PreferSameZone", "PreferSameNode"), {
      nil: null,
    }),
    destinationRule: fc.boolean(),
    authorizationPolicy: fc.boolean(),
    readyReplicas: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  });
}

function arbNamespaces(maxNamespaces: number, maxDeployments: number): fc.Arbitrary<NamespaceShape[]> {
  return fc.uniqueArray(
    fc.record({
      name: fc.constantFrom(...NAMESPACE_NAMES),
      mode: fc.constantFrom<NamespaceMode>("plain", "injection", "injection-disabled", "revision", "ambient"),
      peerAuthentication: fc.option(fc.constantFrom("STRICT", "PERMISSIVE"), { nil: null }),
      deployments: fc.array(arbDeployment(), { maxLength: maxDeployments }),
    }),
    {
      selector: (namespace) => namespace.name,
      minLength: 1,
      maxLength: Math.min(maxNamespaces, NAMESPACE_NAMES.length),
    },
  );
}

function arbCluster(
  options: Required<Omit<MeshSpecArbitraryOptions, "flavour">>,
): fc.Arbitrary<ClusterShape> {
  const families: IpFamily[][] = options.ipv6 ? [["IPv4"], ["IPv4"], ["IPv6"], ["IPv4", "IPv6"]] : [["IPv4"]];
  return fc.record({
    provider: fc.constantFrom<ProviderInfo["kind"]>("eks", "aks", "generic"),
    regionPick: fc.nat(),
    networkPick: fc.nat(),
    families: fc.constantFrom(...families),
    nodeCount: fc.integer({ min: 1, max: 3 }),
    remote: options.remotes ? fc.boolean() : fc.constant(false),
    primaryPick: fc.nat(),
    reads: fc.array(fc.boolean(), { minLength: options.maxClusters, maxLength: options.maxClusters }),
    labelSystemNamespace: fc.boolean(),
    gateway: fc.option(
      fc.record({
        kind: fc.constantFrom<EastWestGatewayModel["kind"]>("classic", "ambient"),
        withAddress: fc.boolean(),
      }),
      { nil: null },
    ),
    ecsTasks: fc.option(fc.integer({ min: 1, max: 2 }), { nil: null }),
    namespaces: arbNamespaces(options.maxNamespaces, options.maxDeployments),
  });
}

function namespaceLabels(mode: NamespaceMode): Record<string, string> {
  switch (mode) {
    case "plain":
      return {};
    case "injection":
      return { "istio-injection": "enabled" };
    case "injection-disabled":
      return { "istio-injection": "disabled" };
    case "revision":
      return { "istio.io/rev": "default" };
    case "ambient":
      return { "istio.io/dataplane-mode": "ambient" };
  }
}

function podModeLabels(mode: PodMode): Record<string, string> {
  switch (mode) {
    case "inherit":
      return {};
    case "inject-true":
      return { "sidecar.istio.io/inject": "true" };
    case "inject-false":
      return { "sidecar.istio.io/inject": "false" };
    case "ambient":
      return { "istio.io/dataplane-mode": "ambient" };
    case "none":
      return { "istio.io/dataplane-mode": "none" };
  }
}

function deploymentObjects(
  namespace: string,
  name: string,
  shape: DeploymentShape,
  nodes: readonly NodeInput[],
  flavour: Flavour,
): KubeObject[] {
  const labels = { app: name, version: shape.version };
  const zone = shape.zonePick === null ? undefined : nodes[shape.zonePick % nodes.length]!.zone;
  const podSpec = {
    ...(shape.serviceAccount === null ? {} : { serviceAccountName: shape.serviceAccount }),
    ...(zone === undefined ? {} : { nodeSelector: { "topology.kubernetes.io/zone": zone } }),
    containers: [
      { name, image: `example/${name}:1`, ports: [{ name: shape.portName, containerPort: shape.port }] },
    ],
  };
  const objects: KubeObject[] = [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name, namespace, labels },
      spec: {
        replicas: shape.replicas,
        selector: { matchLabels: labels },
        template: { metadata: { labels: { ...labels, ...podModeLabels(shape.podMode) } }, spec: podSpec },
      },
      ...(shape.readyReplicas === null
        ? {}
        : { status: { replicas: shape.replicas, readyReplicas: shape.readyReplicas } }),
    },
  ];
  if (shape.service) {
    const global = flavourTraits(flavour).globalServiceLabel;
    objects.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: {
        name,
        namespace,
        labels: { app: name, ...(shape.global ? { [global.key]: global.value } : {}) },
      },
      spec: {
        selector: { app: name },
        ports: [{ name: shape.portName, port: shape.port, targetPort: shape.port }],
        ...(shape.distribution === null ? {} : { trafficDistribution: shape.distribution }),
      },
    });
  }
  if (shape.destinationRule) {
    objects.push({
      apiVersion: "networking.istio.io/v1",
      kind: "DestinationRule",
      metadata: { name, namespace },
      spec: {
        host: `${name}.${namespace}.svc.cluster.local`,
        trafficPolicy: {
          outlierDetection: { consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "1m" },
        },
      },
    });
  }
  if (shape.authorizationPolicy) {
    objects.push({
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: { name: `${name}-allow`, namespace },
      spec: {
        selector: { matchLabels: { app: name } },
        action: "ALLOW",
        rules: [{ from: [{ source: { namespaces: [namespace] } }] }],
      },
    });
  }
  return objects;
}

function namespaceObjects(
  shape: NamespaceShape,
  nodes: readonly NodeInput[],
  flavour: Flavour,
): KubeObject[] {
  const objects: KubeObject[] = [
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: shape.name, labels: namespaceLabels(shape.mode) },
    },
  ];
  if (shape.peerAuthentication !== null) {
    objects.push({
      apiVersion: "security.istio.io/v1",
      kind: "PeerAuthentication",
      metadata: { name: "default", namespace: shape.name },
      spec: { mtls: { mode: shape.peerAuthentication } },
    });
  }
  shape.deployments.forEach((deployment, i) => {
    objects.push(...deploymentObjects(shape.name, `app-${i}`, deployment, nodes, flavour));
  });
  return objects;
}

function clusterInput(
  shape: ClusterShape,
  index: number,
  shapes: readonly ClusterShape[],
  networks: readonly string[],
  flavour: Flavour,
): ClusterSpecInput {
  const name = `cluster-${index}`;
  const region = REGIONS[shape.provider][shape.regionPick % REGIONS[shape.provider].length]!;
  const provider: ProviderInfo =
    shape.provider === "generic" ? { kind: "generic", region } : { kind: shape.provider, region };
  const network = networks[shape.networkPick % networks.length]!;
  const nodes: NodeInput[] = Array.from({ length: shape.nodeCount }, (_, n) => ({
    name: `${name}-node-${n}`,
    region,
    zone: `${region}${"abc"[n]}`,
  }));
  // Cluster 0 is always primary, so every remote has a primary to point at.
  const primaries = shapes.flatMap((s, i) => (i === 0 || !s.remote ? [i] : []));
  const isRemote = index > 0 && shape.remote;
  const primary = primaries[shape.primaryPick % primaries.length]!;
  const remotesOfThis = shapes.flatMap((s, i) =>
    i > 0 && s.remote && primaries[s.primaryPick % primaries.length] === index ? [i] : [],
  );
  const reads = isRemote
    ? []
    : shapes.flatMap((_, i) =>
        i !== index && (shape.reads[i] === true || remotesOfThis.includes(i)) ? [`cluster-${i}`] : [],
      );
  const systemNamespace: KubeObject[] = shape.labelSystemNamespace
    ? [
        {
          apiVersion: "v1",
          kind: "Namespace",
          metadata: { name: "istio-system", labels: { "topology.istio.io/network": network } },
        },
      ]
    : [];
  const ecs: EcsClusterInput[] =
    shape.provider === "eks" && shape.ecsTasks !== null
      ? [{ name: `ecs-${index}`, services: [{ name: "echo-service", port: 8080, tasks: shape.ecsTasks }] }]
      : [];
  return {
    name,
    provider,
    network,
    ipFamilies: shape.families,
    podCidrs: defaultPodCidrs(index, shape.families),
    serviceCidrs: defaultServiceCidrs(index, shape.families),
    nodes,
    controlPlane: isRemote ? { role: "remote", primary: `cluster-${primary}` } : { role: "primary" },
    remoteSecrets: reads,
    eastWestGateways:
      shape.gateway === null
        ? []
        : [
            {
              name: "eastwest",
              kind: shape.gateway.kind,
              ...(shape.gateway.withAddress ? { address: { ip: `203.0.113.${index + 1}` } } : {}),
            },
          ],
    ecsClusters: ecs,
    resources: [
      ...systemNamespace,
      ...shape.namespaces.flatMap((ns) => namespaceObjects(ns, nodes, flavour)),
    ],
  };
}

/**
 * Valid MeshSpecs (defaults applied, so they round-trip through YAML unchanged): 1–4 clusters on
 * 1..n networks, primaries and remotes with matching remote secrets, nodes in zones, namespaces
 * labelled for injection / revision / ambient, Deployments (with pod-level overrides, node
 * selectors and readiness) with Services, and a few Istio objects (PeerAuthentication,
 * DestinationRule, AuthorizationPolicy), optional east-west gateways and ECS clusters.
 */
export function arbMeshSpec(options: MeshSpecArbitraryOptions = {}): fc.Arbitrary<MeshSpec> {
  const settings = {
    minClusters: options.minClusters ?? 1,
    maxClusters: options.maxClusters ?? 4,
    maxNamespaces: options.maxNamespaces ?? 3,
    maxDeployments: options.maxDeployments ?? 3,
    ipv6: options.ipv6 ?? true,
    remotes: options.remotes ?? true,
  };
  return fc
    .record({
      meshId: fc.constantFrom("mesh1", "mesh-a"),
      trustDomain: fc.constantFrom("cluster.local", "example.org"),
      flavour:
        options.flavour === undefined
          ? fc.constantFrom<Flavour>("upstream", "solo")
          : fc.constant(options.flavour),
      istioVersion: fc.constantFrom("1.30" as const, "1.31" as const),
      dnsCapture: fc.boolean(),
      networkCount: fc.integer({ min: 1, max: settings.maxClusters }),
      clusters: fc.array(arbCluster(settings), {
        minLength: settings.minClusters,
        maxLength: settings.maxClusters,
      }),
    })
    .map((shape) => {
      const networks = Array.from(
        { length: Math.min(shape.networkCount, shape.clusters.length) },
        (_, i) => `network${i + 1}`,
      );
      return applySpecDefaults({
        meshId: shape.meshId,
        trustDomain: shape.trustDomain,
        flavour: shape.flavour,
        istioVersion: shape.istioVersion,
        meshConfig: { dnsCapture: shape.dnsCapture },
        networks,
        clusters: shape.clusters.map((cluster, i) =>
          clusterInput(cluster, i, shape.clusters, networks, shape.flavour),
        ),
      });
    });
}

/** A valid ClusterSpec on its own (the first cluster of a one-cluster mesh). */
export function arbClusterSpec(
  options: Omit<MeshSpecArbitraryOptions, "minClusters" | "maxClusters"> = {},
): fc.Arbitrary<ClusterSpec> {
  return arbMeshSpec({ ...options, minClusters: 1, maxClusters: 1 }).map((spec) => spec.clusters[0]!);
}
