/**
 * Waypoint proxies derived from Gateway API `Gateway`s of class `istio-waypoint`. Istio's gateway
 * deployment controller renders one Deployment per waypoint Gateway, named like the Gateway (the
 * waypoint class sets `DisableNameSuffix`, `pilot/pkg/config/kube/gatewaycommon/classinfo.go`), with
 * a ServiceAccount of the same name; its pods carry the Gateway's labels plus
 * `gateway.networking.k8s.io/gateway-name` and `gateway.istio.io/managed: istio.io-mesh-controller`,
 * and are kept out of both dataplanes (`istio.io/dataplane-mode: none`, `sidecar.istio.io/inject:
 * false`): a waypoint is an Envoy that terminates HBONE on 15008 itself.
 */
import type { Workload } from "../workload";
import {
  type ClusterContext,
  objectNamespace,
  type ResourceRef,
  report,
  resourceFieldPath,
  resourcesOf,
} from "./cluster-context";
import { asString, field, stringMap } from "./object-access";
import { podNames } from "./pod-names";
import type { PodInstance } from "./pod-sources";

/** `gatewayClassName` of Istio waypoints (`constants.WaypointGatewayClassName`). */
export const WAYPOINT_CLASS = "istio-waypoint";
/** The label Gateway API implementations put on a Gateway's pods. */
export const GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";
/** The label Istio's deployment controller puts on the pods it manages, with the controller's name. */
export const GATEWAY_MANAGED_LABEL = "gateway.istio.io/managed";
/** The controller name of Istio's in-mesh Gateway classes (`constants.ManagedGatewayMeshController`). */
export const MESH_CONTROLLER = "istio.io-mesh-controller";
/** Which traffic a waypoint accepts (`istio.io/waypoint-for`, on the Gateway). */
export const WAYPOINT_FOR_LABEL = "istio.io/waypoint-for";

/** Values of `istio.io/waypoint-for` (`constants.ServiceTraffic` …); absent = `service`. */
export type WaypointFor = "service" | "workload" | "all" | "none";

const WAYPOINT_FOR_VALUES: ReadonlySet<string> = new Set(["service", "workload", "all", "none"]);

/** The HBONE port a waypoint listens on (`constants.HBONEPort`). */
const HBONE_PORT = 15008;

/** Whether a workload is a waypoint proxy's pod (derived by `waypointPodInstances`). */
export function isWaypointWorkload(workload: Pick<Workload, "labels">): boolean {
  return (
    workload.labels[GATEWAY_MANAGED_LABEL] === MESH_CONTROLLER &&
    workload.labels[GATEWAY_NAME_LABEL] !== undefined
  );
}

/**
 * The traffic a waypoint serves, from its `istio.io/waypoint-for` label (copied from the Gateway):
 * `service` when absent or unknown (`pilot/pkg/serviceregistry/ambient/waypoints.go`).
 */
export function waypointFor(labels: Readonly<Record<string, string>>): WaypointFor {
  const value = labels[WAYPOINT_FOR_LABEL];
  return value !== undefined && WAYPOINT_FOR_VALUES.has(value) ? (value as WaypointFor) : "service";
}

function waypointPod(ctx: ClusterContext, ref: ResourceRef): PodInstance {
  const gateway = ref.object;
  const name = gateway.metadata.name;
  const namespace = objectNamespace(gateway)!;
  const gatewayLabels = stringMap(gateway.metadata.labels);
  const declaredFor = gatewayLabels[WAYPOINT_FOR_LABEL];
  if (declaredFor !== undefined && !WAYPOINT_FOR_VALUES.has(declaredFor)) {
    report(ctx, "waypointForInvalid", {
      message: `Gateway ${namespace}/${name}: ${WAYPOINT_FOR_LABEL}=${declaredFor} is not a known value; istiod treats the waypoint as a service waypoint`,
      path: resourceFieldPath(ctx, ref, "metadata", "labels", WAYPOINT_FOR_LABEL),
      expected: [...WAYPOINT_FOR_VALUES].join(", "),
      found: declaredFor,
      fix: `set ${WAYPOINT_FOR_LABEL} to service, workload, all or none`,
    });
  }
  const ownerKey = `${ctx.cluster.name}/${namespace}/${name}`;
  return {
    // The Deployment is named like the Gateway (DisableNameSuffix); its pod gets the usual suffixes.
    name: podNames("Deployment", ownerKey, name, 1)[0]!,
    namespace,
    owner: { kind: "Gateway", name },
    source: ref,
    ordinal: 0,
    labels: {
      ...gatewayLabels,
      [GATEWAY_NAME_LABEL]: name,
      [GATEWAY_MANAGED_LABEL]: MESH_CONTROLLER,
      "istio.io/dataplane-mode": "none",
      "sidecar.istio.io/inject": "false",
    },
    annotations: stringMap(field(gateway, "spec", "infrastructure", "annotations")),
    podSpec: {
      serviceAccountName: name,
      containers: [
        { name: "istio-proxy", ports: [{ name: "mesh", containerPort: HBONE_PORT, protocol: "TCP" }] },
      ],
    },
    health: "healthy",
    declaredIps: [],
  };
}

/** One pod per `Gateway` of class `istio-waypoint` in the cluster's resources. */
export function waypointPodInstances(ctx: ClusterContext): PodInstance[] {
  return resourcesOf(ctx, "gateway.networking.k8s.io/Gateway")
    .filter((ref) => asString(field(ref.object, "spec", "gatewayClassName")) === WAYPOINT_CLASS)
    .map((ref) => waypointPod(ctx, ref));
}
