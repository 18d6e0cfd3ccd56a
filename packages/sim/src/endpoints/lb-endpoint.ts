import type { RegistryEndpoint } from "../model/endpoint";
import type { ProxyView } from "../model/proxy";
import type { EdsEndpoint } from "./eds-types";

/** Label Istio puts on waypoint pods (`gateway.istio.io/managed`). */
const GATEWAY_MANAGED_LABEL = "gateway.istio.io/managed";
/** Its value for waypoints (`constants.ManagedGatewayMeshControllerLabel`). */
const MESH_CONTROLLER = "istio.io-mesh-controller";
/** Label of workloads that accept HBONE (`model.TunnelLabel`, value `http`). */
const TUNNEL_LABEL = "networking.istio.io/tunnel";

/**
 * `supportTunnel` (`endpoint_builder.go`): the endpoint is a waypoint, carries the HTTP tunnel
 * label, or is an ambient workload.
 */
export function endpointSupportsTunnel(endpoint: RegistryEndpoint): boolean {
  return (
    endpoint.supportsTunnel ||
    endpoint.labels[GATEWAY_MANAGED_LABEL] === MESH_CONTROLLER ||
    endpoint.labels[TUNNEL_LABEL] === "http"
  );
}

/** The proxy-specific inputs of `buildEnvoyLbEndpoint`. */
export interface LbEndpointContext {
  readonly proxy: Pick<ProxyView, "kind">;
  /** `PILOT_PREFER_SENDING_HBONE`. */
  readonly preferHboneSend: boolean;
}

/**
 * `buildEnvoyLbEndpoint`: the Envoy endpoint a proxy gets for a registry endpoint, `mtls` being
 * whether auto mTLS marks it (`checkMtlsEnabled`, see `sidecarSendsMtls`). A tunnel-capable
 * endpoint is reached over HBONE unless it also accepts Istio mTLS and PILOT_PREFER_SENDING_HBONE
 * is off (waypoints' inbound-VIP clusters cannot opt out). The HBONE transport metadata replaces
 * the mTLS marker, so such an endpoint is never "mTLS-enabled" for the split-horizon and
 * AUTO_PASSTHROUGH filters (10.0.0.3 in ep_filters_test.go).
 */
export function toEdsEndpoint(
  endpoint: RegistryEndpoint,
  ctx: LbEndpointContext,
  mtls: boolean,
): EdsEndpoint {
  const acceptsMtls = endpoint.tlsMode === "istio";
  const inboundVip = ctx.proxy.kind === "waypoint";
  const tunnel = endpointSupportsTunnel(endpoint) && !(acceptsMtls && !ctx.preferHboneSend && !inboundVip);
  return {
    kind: "workload",
    address: endpoint.address,
    port: endpoint.port,
    weight: endpoint.weight > 0 ? endpoint.weight : 1,
    health: endpoint.health,
    tlsMode: !tunnel && mtls ? "istio" : "disabled",
    transport: tunnel ? "hbone" : "direct",
    network: endpoint.network,
    cluster: endpoint.cluster,
    locality: endpoint.locality,
    labels: endpoint.labels,
    workloadId: endpoint.workloadId,
    identity: endpoint.identity,
    node: endpoint.node,
  };
}
