import type { IstioVersion, ServiceModel } from "@meshwright/core";
import type { RegistryEndpoint } from "../model/endpoint";
import type { ProxyView } from "../model/proxy";
import { decide } from "./decision";
import type { EndpointDecision } from "./eds-types";
import { isIpAddress } from "./ip-address";
import { isVisibleToProxy } from "./proxy-role";

/** The service facts the endpoint filter reads. */
export type FilteredService = Pick<
  ServiceModel,
  "hostname" | "publishNotReadyAddresses" | "internalTrafficPolicy" | "trafficDistribution"
>;

/** Everything `filterEndpoints` needs about the proxy, the service and istiod. */
export interface EndpointFilterContext {
  readonly proxy: ProxyView;
  readonly service: FilteredService;
  readonly istioVersion: IstioVersion;
  /** Whether the host is cluster-local for this istiod (see `isClusterLocal`). */
  readonly clusterLocal: boolean;
  /** Whether istiod knows any network gateway (`IsMultiNetworkEnabled`). */
  readonly multiNetwork: boolean;
  /** Labels of the DestinationRule subset the cluster is for (empty/absent = whole service). */
  readonly subsetLabels?: Readonly<Record<string, string>>;
  /** `outlierDetection.minHealthPercent` of the DR policy for this port/subset (1.31: >0 stops sending unhealthy endpoints). */
  readonly outlierMinHealthPercent?: number;
  /**
   * With AMBIENT_ENABLE_MULTI_NETWORK, the ambient scope of the service when istiod's ambient
   * index knows it: a non-GLOBAL service keeps only the proxy's cluster's endpoints.
   */
  readonly ambientScope?: "GLOBAL" | "LOCAL";
}

/** The endpoints that survive, with the health the proxy will see, and a decision for each one dropped. */
export interface EndpointFilterResult {
  readonly kept: readonly RegistryEndpoint[];
  readonly dropped: readonly EndpointDecision[];
}

/**
 * Which unhealthy endpoints istiod still sends (Envoy keeps them for health accounting but does
 * not route to them). 1.30 (`Service.SupportsUnhealthyEndpoints`): only for services with a
 * traffic distribution other than Any. 1.31 (`supportsUnhealthyEndpoints`, flag
 * PILOT_AUTO_SEND_UNHEALTHY_ENDPOINTS default true): always, unless the DR's outlier detection
 * sets minHealthPercent > 0 — traffic distribution still forces them.
 */
export function sendsUnhealthyEndpoints(
  service: Pick<ServiceModel, "trafficDistribution">,
  istioVersion: IstioVersion,
  outlierMinHealthPercent?: number,
): boolean {
  if (service.trafficDistribution !== "Any") return true;
  if (istioVersion === "1.30") return false;
  return !(outlierMinHealthPercent !== undefined && outlierMinHealthPercent > 0);
}

/**
 * The health istiod records for an endpoint. With `publishNotReadyAddresses` Kubernetes marks
 * every endpoint of the Service ready, so istiod sees it healthy whatever the pod's state
 * (`kube/controller/endpointslice.go` endpointHealthStatus reads `ready` first).
 */
export function registryHealth(
  endpoint: RegistryEndpoint,
  service: Pick<ServiceModel, "publishNotReadyAddresses">,
): RegistryEndpoint {
  return service.publishNotReadyAddresses && endpoint.health !== "healthy"
    ? { ...endpoint, health: "healthy" }
    : endpoint;
}

/** The filter's verdict on one endpoint: the endpoint with the health the proxy sees, and why it is dropped (if it is). */
export interface EndpointFilterVerdict {
  readonly endpoint: RegistryEndpoint;
  readonly dropReason?: string;
}

/**
 * istio-semantics §1.2 step 1 — the per-proxy endpoint filter (`endpoint_builder.go`
 * snapshotShards, BuildClusterLoadAssignment and filterIstioEndpoint), in Istio's order, as a
 * function of one endpoint (the context is read once). Endpoints without an address pass only
 * when istiod knows network gateways: split horizon then replaces them with a gateway, or drops
 * them when they would be reached directly.
 */
export function endpointFilter(
  ctx: EndpointFilterContext,
): (endpoint: RegistryEndpoint) => EndpointFilterVerdict {
  const sendUnhealthy = sendsUnhealthyEndpoints(ctx.service, ctx.istioVersion, ctx.outlierMinHealthPercent);
  const subsetKeys = Object.keys(ctx.subsetLabels ?? {});
  return (original) => {
    const endpoint = registryHealth(original, ctx.service);
    const reason = dropReason(endpoint, ctx, sendUnhealthy, subsetKeys);
    return reason === undefined ? { endpoint } : { endpoint, dropReason: reason };
  };
}

/** {@link endpointFilter} over a list: the kept endpoints, and a decision for each one dropped. */
export function filterEndpoints(
  endpoints: readonly RegistryEndpoint[],
  ctx: EndpointFilterContext,
): EndpointFilterResult {
  const kept: RegistryEndpoint[] = [];
  const dropped: EndpointDecision[] = [];
  const check = endpointFilter(ctx);
  for (const original of endpoints) {
    const verdict = check(original);
    if (verdict.dropReason === undefined) kept.push(verdict.endpoint);
    else dropped.push(decide(verdict.endpoint, "dropped", verdict.dropReason));
  }
  return { kept, dropped };
}

/**
 * Whether the filter reads the proxy's cluster: it compares it with the endpoint's only for a
 * cluster-local host, a node-local Service and a non-GLOBAL ambient scope (`dropReason`). Otherwise
 * its verdict on an endpoint is the same for proxies of every cluster.
 */
export function filterReadsProxyCluster(
  ctx: Pick<EndpointFilterContext, "service" | "clusterLocal" | "ambientScope">,
): boolean {
  return (
    ctx.clusterLocal ||
    ctx.service.internalTrafficPolicy === "Local" ||
    (ctx.ambientScope !== undefined && ctx.ambientScope !== "GLOBAL")
  );
}

function dropReason(
  ep: RegistryEndpoint,
  ctx: EndpointFilterContext,
  sendUnhealthy: boolean,
  subsetKeys: readonly string[],
): string | undefined {
  const { proxy, service } = ctx;
  const nodeLocal = service.internalTrafficPolicy === "Local";
  const otherCluster = ep.cluster !== proxy.cluster;
  if (otherCluster && ctx.clusterLocal) {
    return `${service.hostname} is cluster-local: only endpoints of the proxy's cluster ${proxy.cluster} (cluster_local.go, snapshotShards)`;
  }
  if (otherCluster && nodeLocal) {
    return `internalTrafficPolicy Local: only endpoints of the proxy's cluster and node (snapshotShards)`;
  }
  if (subsetKeys.length > 0) {
    const subset = ctx.subsetLabels!;
    const missing = subsetKeys.filter((k) => ep.labels[k] !== subset[k]);
    if (missing.length > 0) return `not in the DestinationRule subset (labels ${missing.join(", ")} differ)`;
  }
  if (ep.address !== "" && ep.port !== 0 && !isIpAddress(ep.address)) {
    return `address ${ep.address} is not an IP (a DNS ServiceEntry endpoint cannot be an EDS endpoint)`;
  }
  if (nodeLocal && (ep.node ?? "") !== (proxy.node ?? "")) {
    return `internalTrafficPolicy Local: endpoint is on node ${ep.node ?? "(none)"}, the proxy on ${proxy.node ?? "(none)"}`;
  }
  if (!isVisibleToProxy(proxy, ep.network)) {
    return `network ${ep.network} is not in the proxy's REQUESTED_NETWORK_VIEW (${proxy.requestedNetworkView.join(", ")})`;
  }
  if (ep.address === "" && !ctx.multiNetwork) {
    return "no address and istiod knows no network gateway to reach it through";
  }
  if (ep.health === "unhealthy" && !sendUnhealthy) {
    return ctx.istioVersion === "1.30"
      ? "not ready: istiod 1.30 sends unhealthy endpoints only for services with a traffic distribution"
      : "not ready: the DestinationRule sets outlierDetection.minHealthPercent > 0, so istiod does not send unhealthy endpoints";
  }
  if (ep.health === "terminating") return "terminating: istiod never sends terminating endpoints";
  if (ctx.ambientScope !== undefined && ctx.ambientScope !== "GLOBAL" && otherCluster) {
    return `ambient scope ${ctx.ambientScope}: endpoints of other clusters are filtered (filterIstioEndpoint serviceInfo.Scope)`;
  }
  return undefined;
}
