import { type ClusterSpec, type Flavour, flavourTraits, type KubeObject } from "@meshwright/core";
import fc from "fast-check";

/** Namespace, name and port of the service every `arbMesh` mesh replicates across its clusters. */
export const REPLICATED_SERVICE = {
  namespace: "shared",
  name: "web",
  client: "client",
  port: 8080,
} as const;

/** How the replicated service is deployed in one cluster. */
export interface ReplicaShape {
  /** Server pods in this cluster (0: the Service is declared, its pods run elsewhere). */
  readonly replicas: number;
  /** How the `shared` namespace enrols its pods in this cluster. */
  readonly dataplane: "sidecar" | "ambient";
  /** Node (modulo the cluster's nodes) the server pods are pinned to, or none (spread by the model). */
  readonly nodePick: number | null;
}

/**
 * `trafficPolicy.loadBalancer.localityLbSetting` variants (istio-semantics §1.3–1.7): none (the
 * mesh default), `enabled` alone, `failover` between the mesh's regions, `failoverPriority` on the
 * topology labels, `distribute` everything to one region, or locality LB off.
 */
export type LocalitySettingShape =
  | { readonly kind: "none" }
  | { readonly kind: "enabled" }
  | { readonly kind: "failover"; readonly fromPick: number; readonly toPick: number }
  | { readonly kind: "failover-priority" }
  | { readonly kind: "distribute"; readonly regionPick: number }
  | { readonly kind: "disabled" };

/** The DestinationRule of the replicated service (replicated into every primary: istio-semantics §4.4). */
export interface RuleShape {
  /** `outlierDetection` (the failover gate, §1.4), with or without `maxEjectionPercent: 100`. */
  readonly outlierDetection: "none" | "default" | "eject-all";
  readonly locality: LocalitySettingShape;
}

/** The replicated service of an `arbMesh` mesh: per cluster deployment, labels, and its rule. */
export interface ReplicatedServiceShape {
  readonly replicas: readonly ReplicaShape[];
  /** Labelled with the flavour's global-service label (ambient: visible from other clusters, §3.5). */
  readonly global: boolean;
  readonly rule: RuleShape | null;
}

/** Which DestinationRules the replicated service may get (default: any, or none). */
export interface RuleOptions {
  /** False: never a rule; true: always one; default: sometimes. */
  readonly present?: boolean;
  readonly outlierDetection?: readonly RuleShape["outlierDetection"][];
  readonly localityLbSetting?: readonly LocalitySettingShape["kind"][];
}

/** Arbitrary replicated-service shapes for meshes of at most `maxClusters` clusters. */
export function arbReplicatedService(
  maxClusters: number,
  rules: RuleOptions = {},
): fc.Arbitrary<ReplicatedServiceShape> {
  const replica = fc.record({
    replicas: fc.integer({ min: 0, max: 3 }),
    dataplane: fc.constantFrom<ReplicaShape["dataplane"]>("sidecar", "sidecar", "ambient"),
    nodePick: fc.option(fc.nat({ max: 5 }), { nil: null }),
  });
  const settings: Record<LocalitySettingShape["kind"], fc.Arbitrary<LocalitySettingShape>> = {
    none: fc.constant({ kind: "none" }),
    enabled: fc.constant({ kind: "enabled" }),
    failover: fc.record({ kind: fc.constant("failover" as const), fromPick: fc.nat(), toPick: fc.nat() }),
    "failover-priority": fc.constant({ kind: "failover-priority" }),
    distribute: fc.record({ kind: fc.constant("distribute" as const), regionPick: fc.nat() }),
    disabled: fc.constant({ kind: "disabled" }),
  };
  const kinds = rules.localityLbSetting ?? (Object.keys(settings) as LocalitySettingShape["kind"][]);
  const rule = fc.record({
    outlierDetection: fc.constantFrom<RuleShape["outlierDetection"]>(
      ...(rules.outlierDetection ?? ["none", "default", "eject-all"]),
    ),
    locality: fc.oneof(...kinds.map((k) => settings[k])),
  });
  return fc.record({
    replicas: fc.array(replica, { minLength: maxClusters, maxLength: maxClusters }),
    global: fc.constantFrom(true, true, false),
    rule:
      rules.present === undefined ? fc.option(rule, { nil: null }) : rules.present ? rule : fc.constant(null),
  });
}

const NAMESPACE_LABELS: Readonly<Record<ReplicaShape["dataplane"], Record<string, string>>> = {
  sidecar: { "istio-injection": "enabled" },
  ambient: { "istio.io/dataplane-mode": "ambient" },
};

/** The `localityLbSetting` of a shape, over the mesh's regions; undefined for `none`. */
function localitySetting(
  shape: LocalitySettingShape,
  regions: readonly string[],
): Record<string, unknown> | undefined {
  const region = (pick: number) => regions[pick % regions.length]!;
  switch (shape.kind) {
    case "none":
      return undefined;
    case "enabled":
      return { enabled: true };
    case "failover": {
      // `failover.from` must differ from `to` (validation): with one region there is nothing to fail over to.
      const from = region(shape.fromPick);
      const others = regions.filter((r) => r !== from);
      return others.length === 0
        ? { enabled: true }
        : { enabled: true, failover: [{ from, to: others[shape.toPick % others.length]! }] };
    }
    case "failover-priority":
      return {
        enabled: true,
        failoverPriority: [
          "topology.istio.io/network",
          "topology.kubernetes.io/region",
          "topology.kubernetes.io/zone",
        ],
      };
    case "distribute":
      return { enabled: true, distribute: [{ from: "*", to: { [`${region(shape.regionPick)}/*`]: 100 } }] };
    case "disabled":
      return { enabled: false };
  }
}

function destinationRule(rule: RuleShape, regions: readonly string[]): KubeObject {
  const { namespace, name } = REPLICATED_SERVICE;
  const setting = localitySetting(rule.locality, regions);
  const outlierDetection =
    rule.outlierDetection === "none"
      ? undefined
      : {
          consecutive5xxErrors: 1,
          interval: "1s",
          baseEjectionTime: "1m",
          ...(rule.outlierDetection === "eject-all" ? { maxEjectionPercent: 100 } : {}),
        };
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "DestinationRule",
    metadata: { name, namespace },
    spec: {
      host: `${name}.${namespace}.svc.cluster.local`,
      trafficPolicy: {
        ...(setting ? { loadBalancer: { localityLbSetting: setting } } : {}),
        ...(outlierDetection ? { outlierDetection } : {}),
      },
    },
  };
}

function deployment(name: string, replicas: number, pinnedZone: string | undefined): KubeObject {
  const { namespace, port } = REPLICATED_SERVICE;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, version: "v1" } },
        spec: {
          serviceAccountName: name,
          ...(pinnedZone === undefined
            ? {}
            : { nodeSelector: { "topology.kubernetes.io/zone": pinnedZone } }),
          containers: [{ name, image: `example/${name}:1`, ports: [{ name: "http", containerPort: port }] }],
        },
      },
    },
  };
}

/**
 * The objects cluster `cluster` gets: the `shared` namespace (enrolled as the shape says), the
 * `web` Service (declared in every cluster, so every client can resolve it without DNS capture,
 * istio-semantics §4.3), its Deployment, a one-replica `client` Deployment, and in primaries the
 * DestinationRule.
 */
export function replicatedServiceObjects(
  shape: ReplicatedServiceShape,
  index: number,
  cluster: ClusterSpec,
  regions: readonly string[],
  flavour: Flavour,
): KubeObject[] {
  const { namespace, name, client, port } = REPLICATED_SERVICE;
  const replica = shape.replicas[index % shape.replicas.length]!;
  const global = flavourTraits(flavour).globalServiceLabel;
  const node = replica.nodePick === null ? undefined : cluster.nodes[replica.nodePick % cluster.nodes.length];
  const objects: KubeObject[] = [
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: namespace, labels: NAMESPACE_LABELS[replica.dataplane] },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: {
        name,
        namespace,
        labels: { app: name, ...(shape.global ? { [global.key]: global.value } : {}) },
      },
      spec: { selector: { app: name }, ports: [{ name: "http", port, targetPort: port }] },
    },
    deployment(name, replica.replicas, node?.locality.zone || undefined),
    deployment(client, 1, undefined),
  ];
  if (shape.rule && cluster.controlPlane.role === "primary") {
    objects.push(destinationRule(shape.rule, regions));
  }
  return objects;
}
