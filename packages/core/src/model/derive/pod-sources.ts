import type { KubeObject } from "../kube-object";
import type { HealthStatus } from "../workload";
import {
  type ClusterContext,
  objectNamespace,
  type ResourceRef,
  report,
  resourceFieldPath,
  resourcesOf,
} from "./cluster-context";
import { podHealth, replicaHealth } from "./health";
import type { Labels } from "./label-selector";
import type { NodePlacer } from "./node-placement";
import { asArray, asRecord, asString, field, type JsonRecord, stringMap } from "./object-access";
import { podNames } from "./pod-names";

/** One pod to be: a Pod object, or one replica of a controller. */
export interface PodInstance {
  readonly name: string;
  readonly namespace: string;
  /** The object it was derived from. */
  readonly owner: { readonly kind: string; readonly name: string };
  readonly source: ResourceRef;
  /** Replica index (StatefulSet ordinal; DaemonSet: index of its node among the eligible ones). */
  readonly ordinal: number;
  readonly labels: Labels;
  readonly annotations: Labels;
  /** The pod spec (`spec` of a Pod, `spec.template.spec` of a controller). */
  readonly podSpec: JsonRecord;
  readonly health: HealthStatus;
  /** Addresses from `status.podIPs` / `status.podIP` (Pod objects only). */
  readonly declaredIps: readonly string[];
}

/** Controllers that stamp out pods from `spec.template`, by `group/kind`. */
const CONTROLLER_KINDS = [
  "apps/Deployment",
  "apps/StatefulSet",
  "apps/ReplicaSet",
  "apps/DaemonSet",
] as const;

/**
 * Keys (`Kind/namespace/name`) of controllers that already have their children among the
 * resources: a live dump (`kubectl get all -o yaml`) holds the Deployment, its ReplicaSet and its
 * Pods; only the lowest level that is present is expanded, so nothing is counted twice.
 */
function ownersWithChildren(ctx: ClusterContext): Set<string> {
  const owners = new Set<string>();
  for (const key of ["/Pod", "apps/ReplicaSet"]) {
    for (const { object } of resourcesOf(ctx, key)) {
      for (const reference of asArray(object.metadata?.ownerReferences)) {
        const owner = asRecord(reference);
        const kind = asString(owner?.kind);
        const name = asString(owner?.name);
        if (kind !== undefined && name !== undefined)
          owners.add(`${kind}/${objectNamespace(object)}/${name}`);
      }
    }
  }
  return owners;
}

function podIps(pod: KubeObject): string[] {
  const listed = asArray(field(pod, "status", "podIPs"))
    .map((entry) => asString(asRecord(entry)?.ip))
    .filter((ip): ip is string => ip !== undefined && ip !== "");
  if (listed.length > 0) return listed;
  const single = asString(field(pod, "status", "podIP"));
  return single === undefined || single === "" ? [] : [single];
}

function podFromObject(ref: ResourceRef): PodInstance {
  const pod = ref.object;
  return {
    name: pod.metadata.name,
    namespace: objectNamespace(pod)!,
    owner: { kind: "Pod", name: pod.metadata.name },
    source: ref,
    ordinal: 0,
    labels: stringMap(pod.metadata.labels),
    annotations: stringMap(pod.metadata.annotations),
    podSpec: asRecord(pod.spec) ?? {},
    health: podHealth(pod),
    declaredIps: podIps(pod),
  };
}

/** Replica count of a controller (`spec.replicas`, default 1), or `undefined` when malformed (reported). */
function replicaCount(ctx: ClusterContext, ref: ResourceRef): number | undefined {
  const replicas = field(ref.object, "spec", "replicas");
  if (replicas === undefined || replicas === null) return 1;
  if (typeof replicas === "number" && Number.isInteger(replicas) && replicas >= 0) return replicas;
  report(ctx, "replicasInvalid", {
    message: `${ref.object.kind} ${objectNamespace(ref.object)}/${ref.object.metadata.name}: replicas must be a non-negative integer`,
    path: resourceFieldPath(ctx, ref, "spec", "replicas"),
    expected: "a non-negative integer",
    found: JSON.stringify(replicas),
    fix: "set spec.replicas to a whole number such as 1",
  });
  return undefined;
}

function controllerPods(ctx: ClusterContext, ref: ResourceRef, placer: NodePlacer): PodInstance[] {
  const controller = ref.object;
  const namespace = objectNamespace(controller)!;
  const template = asRecord(field(controller, "spec", "template")) ?? {};
  const podSpec = asRecord(template.spec) ?? {};
  const count = controller.kind === "DaemonSet" ? placer.candidates(podSpec).length : replicaCount(ctx, ref);
  if (count === undefined || count === 0) return [];
  const labels = stringMap(field(template, "metadata", "labels"));
  const annotations = stringMap(field(template, "metadata", "annotations"));
  const ownerKey = `${ctx.cluster.name}/${namespace}/${controller.metadata.name}`;
  const owner = { kind: controller.kind, name: controller.metadata.name };
  const health = replicaHealth(controller);
  return podNames(controller.kind, ownerKey, controller.metadata.name, count).map((name, ordinal) => ({
    name,
    namespace,
    owner,
    source: ref,
    ordinal,
    labels,
    annotations,
    podSpec,
    health: health(ordinal),
    declaredIps: [],
  }));
}

/**
 * Every pod of the cluster: Pod objects as they are, and one instance per replica of each
 * Deployment / StatefulSet / ReplicaSet (spec.replicas, default 1) and per eligible node of each
 * DaemonSet, unless the controller's children are themselves among the resources.
 */
export function podInstances(ctx: ClusterContext, placer: NodePlacer): PodInstance[] {
  const expanded = ownersWithChildren(ctx);
  const pods: PodInstance[] = resourcesOf(ctx, "/Pod").map(podFromObject);
  for (const key of CONTROLLER_KINDS) {
    for (const ref of resourcesOf(ctx, key)) {
      const ownerKey = `${ref.object.kind}/${objectNamespace(ref.object)}/${ref.object.metadata.name}`;
      if (!expanded.has(ownerKey)) pods.push(...controllerPods(ctx, ref, placer));
    }
  }
  return pods;
}
