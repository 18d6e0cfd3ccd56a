/**
 * Which waypoint a Service uses (`pilot/pkg/serviceregistry/ambient/waypoints.go`
 * fetchWaypointForService / getUseWaypoint): the Service's `istio.io/use-waypoint` label, else its
 * Namespace's; the value `none` (or `#none`) opts out, and a Service-level opt-out wins over the
 * namespace label. The waypoint lives in the labelled object's namespace unless
 * `istio.io/use-waypoint-namespace` (on the same object) names another.
 */

/** Binds a Service or Namespace to a waypoint by name. */
export const USE_WAYPOINT_LABEL = "istio.io/use-waypoint";
/** The namespace of the waypoint `istio.io/use-waypoint` names (default: the labelled object's). */
export const USE_WAYPOINT_NAMESPACE_LABEL = "istio.io/use-waypoint-namespace";

/** The outcome of the binding rules for one Service. */
export type WaypointBinding =
  | {
      readonly kind: "bound";
      readonly waypoint: { readonly namespace: string; readonly name: string };
      /** Which object's label decided. */
      readonly source: "service" | "namespace";
      readonly reason: string;
    }
  | { readonly kind: "opted-out" | "unbound"; readonly reason: string };

type Labels = Readonly<Record<string, string>>;

function fromLabels(
  labels: Labels,
  namespace: string,
  source: "service" | "namespace",
): WaypointBinding | undefined {
  const value = labels[USE_WAYPOINT_LABEL];
  if (value === undefined) return undefined;
  if (value === "none" || value === "#none")
    return {
      kind: "opted-out",
      reason: `${source} label ${USE_WAYPOINT_LABEL}=${value} opts out of waypoints`,
    };
  const waypointNamespace = labels[USE_WAYPOINT_NAMESPACE_LABEL] ?? namespace;
  return {
    kind: "bound",
    waypoint: { namespace: waypointNamespace, name: value },
    source,
    reason: `${source} label ${USE_WAYPOINT_LABEL}=${value}${labels[USE_WAYPOINT_NAMESPACE_LABEL] ? ` (${USE_WAYPOINT_NAMESPACE_LABEL}=${waypointNamespace})` : ""}`,
  };
}

/** The waypoint binding of a Service from its labels and its Namespace's labels. */
export function waypointBinding(
  service: { readonly namespace: string; readonly labels: Labels },
  namespaceLabels: Labels,
): WaypointBinding {
  return (
    fromLabels(service.labels, service.namespace, "service") ??
    fromLabels(namespaceLabels, service.namespace, "namespace") ?? {
      kind: "unbound",
      reason: `neither the Service nor its namespace has the ${USE_WAYPOINT_LABEL} label`,
    }
  );
}
