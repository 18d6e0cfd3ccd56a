import {
  GATEWAY_NAME_LABEL,
  getOrCreate,
  isWaypointWorkload,
  memoizeWeak,
  type Workload,
  waypointBinding,
  waypointFor,
} from "@meshwright/core";
import { namespacesByName } from "../compile/namespaces-by-name";
import type { AmbientService } from "../endpoints";
import type { SimContext } from "./context";
import type { PlaneView } from "./plane-view";

/** Whether the client's ztunnel sends a service's traffic to a waypoint, and to which pod. */
export type WaypointChoice =
  | { readonly kind: "waypoint"; readonly waypoint: Workload; readonly reason: string }
  | { readonly kind: "direct"; readonly reason: string };

/** Waypoint pods of the clusters an istiod reads, by `namespace/gateway-name`, memoised per plane. */
const waypointsOf = memoizeWeak((plane: PlaneView): ReadonlyMap<string, readonly Workload[]> => {
  const byName = new Map<string, Workload[]>();
  for (const cluster of plane.readClusters) {
    for (const workload of cluster.workloads) {
      if (!isWaypointWorkload(workload)) continue;
      getOrCreate(byName, `${workload.namespace}/${workload.labels[GATEWAY_NAME_LABEL]}`, () => []).push(
        workload,
      );
    }
  }
  return byName;
});

/**
 * The waypoint of `service` as the client's istiod resolves it (istio-semantics §3.5 ztunnel
 * outbound step 2; `pilot/pkg/serviceregistry/ambient/waypoints.go`): the `istio.io/use-waypoint`
 * label of the Service, else of its Namespace (`none` opts out), naming a Gateway of class
 * `istio-waypoint` whose `istio.io/waypoint-for` admits service traffic (`service` or `all`). A
 * label naming no waypoint binds nothing: istiod sends the service without a waypoint and traffic
 * goes direct. Among several pods of that waypoint (one per cluster), one on the client's network
 * is preferred, then one of the istiod's own cluster.
 */
export function serviceWaypoint(
  ctx: SimContext,
  plane: PlaneView,
  service: AmbientService,
  clientNetwork: string,
): WaypointChoice {
  // A service object belongs to one istiod's index, so (service, network) determines the choice.
  const byNetwork = getOrCreate(CHOICES, service, () => new Map<string, WaypointChoice>());
  return getOrCreate(byNetwork, clientNetwork, () => chooseWaypoint(ctx, plane, service, clientNetwork));
}

/** Choices made, per ambient service object (one istiod's) and client network. */
const CHOICES = new WeakMap<AmbientService, Map<string, WaypointChoice>>();

function chooseWaypoint(
  ctx: SimContext,
  plane: PlaneView,
  service: AmbientService,
  clientNetwork: string,
): WaypointChoice {
  const namespace = namespacesByName(ctx.index.cluster(service.baseCluster).namespaces).get(
    service.namespace,
  );
  const binding = waypointBinding(service.base, namespace?.labels ?? {});
  if (binding.kind !== "bound") return { kind: "direct", reason: binding.reason };
  const { namespace: wpNamespace, name } = binding.waypoint;
  const pods = waypointsOf(plane).get(`${wpNamespace}/${name}`) ?? [];
  if (pods.length === 0) {
    return {
      kind: "direct",
      reason: `${binding.reason}, but ${plane.configCluster.name}'s istiod knows no waypoint Gateway ${wpNamespace}/${name}: the service is sent without a waypoint`,
    };
  }
  const serves = waypointFor(pods[0]!.labels);
  if (serves !== "service" && serves !== "all") {
    return {
      kind: "direct",
      reason: `${binding.reason}, but waypoint ${wpNamespace}/${name} is istio.io/waypoint-for=${serves}: it does not take service traffic`,
    };
  }
  const rank = (w: Workload) =>
    (w.network === clientNetwork ? 0 : 2) + (w.cluster === plane.configCluster.name ? 0 : 1);
  const waypoint = [...pods].sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : 1))[0]!;
  return { kind: "waypoint", waypoint, reason: `${binding.reason} (waypoint-for ${serves})` };
}
