import { getOrCreate, type Workload } from "@meshwright/core";
import { resolveTargetPort } from "../compile/registry-endpoint";
import type { AmbientNetworkGateway, EdsEndpoint } from "../endpoints";
import type { FaultState } from "../faults/fault-state";
import type { NetworkGateway } from "../model/endpoint";
import { ambientGatewayAnswers } from "./ambient-gateway-faults";
import type { SimContext } from "./context";
import type { DestinationService } from "./destination-service";
import type { Flow, HopDraft } from "./flow";
import { networkGatewayId } from "./gateway-proxy";
import { deliver, HBONE_PORT, receiverOf, servedByWorkload } from "./inbound";
import { addSecureHop, type SessionEnds, sessionEnd } from "./secure-hop";
import type { OutboundResult } from "./sidecar-outbound";
import type { WaypointHop } from "./waypoint";

/** The header a waypoint puts on the outer CONNECT: the E/W gateway then skips the service's waypoint. */
export const ISTIO_SOURCE_HEADER = "x-istio-source";

/** The header on the inner CONNECT naming the sender's network (the destination ztunnel reads it). */
const FORWARDED_NETWORK_HEADER = "x-forwarded-network";

/** A gateway pseudo-endpoint an ambient-mode Envoy reaches with double HBONE (`inner_connect_originate`). */
export function isDoubleHboneGateway(
  ep: EdsEndpoint,
): ep is EdsEndpoint & { readonly gateway: NetworkGateway } {
  return ep.kind === "gateway" && ep.transport === "double-hbone" && ep.gateway !== undefined;
}

/**
 * A waypoint's pick that stands for another network. With `AMBIENT_ENABLE_MULTI_NETWORK_WAYPOINT`
 * (default on) the waypoint's EDS holds that network's ambient E/W gateway as an internal
 * `inner_connect_originate` endpoint (istio-semantics §3.6, `ep_filters.go`
 * EndpointsByNetworkFilter), so the waypoint opens double HBONE (`listener.go`
 * buildOuterConnectOriginateListener / buildInnerConnectOriginateListener): the outer CONNECT to
 * `gwIP:15008` carrying `x-istio-source: waypoint`, the inner CONNECT through it carrying
 * `x-forwarded-network: <waypoint network>`, both with `:authority` = the service's host:port.
 * Unlike ztunnel, the waypoint pins no identity on either layer: its connect TLS context checks
 * only that the peer's URI SAN is in the trust domain (or an alias), `buildCommonConnectTLSContext`.
 * The gateway terminates the outer tunnel and, since the waypoint already applied L7, forwards the
 * still-encrypted inner stream to a local endpoint's ztunnel rather than to the service's waypoint
 * (§3.5 step 5, `listener_waypoint.go` buildWaypointInternal), chosen evenly among the service's
 * ready pods of its network (the gateway ignores DestinationRules, `cluster_waypoint.go`). The
 * destination ztunnel sees the waypoint's identity and the gateway's address as the peer
 * (`inbound.rs` build_inbound_request).
 */
export function waypointThroughGateway(
  ctx: SimContext,
  flow: Flow,
  w: WaypointHop,
  ep: EdsEndpoint & { readonly gateway: NetworkGateway },
  shares: readonly { readonly endpoint: EdsEndpoint }[],
  service: DestinationService,
  servicePort: number,
): OutboundResult {
  const gw = ep.gateway;
  const gwId = networkGatewayId(gw);
  const plane = w.waypointPlane;
  const ambient = plane.gateways.ambient.find(
    (a) => a.cluster === gw.cluster && a.network === gw.network && `${a.namespace}/${a.name}` === gw.name,
  );
  const authority = ep.doubleHboneAuthority ?? `${service.hostname}:${servicePort}`;
  const outerHop: HopDraft = {
    from: { role: "waypoint", id: w.waypointId, cluster: w.waypoint.cluster },
    to: { role: "eastwest-gateway", id: gwId, cluster: gw.cluster, address: `${ep.address}:${ep.port}` },
    protocol: "double HBONE",
    authority: [authority, authority],
    headers: { [ISTIO_SOURCE_HEADER]: "waypoint", [FORWARDED_NETWORK_HEADER]: w.waypoint.network },
    decisions: [
      {
        kind: "double-hbone",
        decision: `outer CONNECT ${authority} to ${ep.address}:${ep.port} (${ISTIO_SOURCE_HEADER}: waypoint); inner CONNECT ${authority} (${FORWARDED_NETWORK_HEADER}: ${w.waypoint.network})`,
        reason: `the waypoint's EDS holds ${gw.network}'s east-west gateway for the service's endpoints there (AMBIENT_ENABLE_MULTI_NETWORK_WAYPOINT, istio-semantics §3.6)`,
      },
    ],
  };
  if (!ambient) {
    flow.add(outerHop);
    flow.fail(
      "WAYPOINT_PATH_NOT_SIMULATED",
      `${plane.configCluster.name}'s istiod lists ${gwId} in the waypoint's EDS but not as an ambient east-west gateway`,
    );
    return {};
  }
  if (!ambientGatewayAnswers(ctx, flow, outerHop, w.waypoint.network, ambient, gwId)) return {};
  if (!addSecureHop(ctx, flow, outerHop, [waypointToGateway(w, ambient, gwId)])) return {};
  const members = remoteGatewayPods(ctx, shares, gw);
  const server = members[w.req.picks.uniform(members.length, gwId)];
  if (!server) {
    flow.fail(
      "UPSTREAM_CONNECT_FAILURE",
      `east-west gateway ${gwId} has no ready endpoint of ${service.hostname}:${servicePort} in ${gw.network}`,
    );
    return {};
  }
  const port = service.ports.get(servicePort);
  const targetPort = (port && resolveTargetPort(port, server)) ?? servicePort;
  const innerHop: HopDraft = {
    from: { role: "eastwest-gateway", id: gwId, cluster: gw.cluster },
    to: { ...receiverOf(server), address: `${server.ips[0] ?? ""}:${HBONE_PORT}` },
    protocol: "HBONE",
    authority: [authority],
    decisions: [
      {
        kind: "gateway-route",
        decision: `outer :authority ${authority} → ${server.id}`,
        reason: `${ISTIO_SOURCE_HEADER}: waypoint: the gateway forwards to a local endpoint, not to the service's waypoint (istio-semantics §3.5)`,
      },
    ],
  };
  const endpoint = servedByWorkload(server, targetPort, gwId);
  if (!ctx.faults.workloadAnswers(server.id, server.cluster)) {
    flow.add(innerHop);
    flow.fail("UPSTREAM_CONNECT_FAILURE", `${server.id} does not answer behind gateway ${gwId}`);
    return { endpoint };
  }
  const inner: SessionEnds = {
    client: sessionEnd(`waypoint ${w.waypointId}`, w.waypoint, "sidecar"),
    server: sessionEnd(`ztunnel ${receiverOf(server).id}`, server, "ztunnel"),
    // Trust domain only: whatever identity the peer presents in it passes (see above).
    clientExpects: [server.identity],
  };
  if (!addSecureHop(ctx, flow, innerHop, [inner])) return { endpoint };
  deliver(ctx, flow, {
    server,
    port: targetPort,
    protocol: "tcp",
    mtls: true,
    clientIdentity: w.waypoint.identity,
    sourceIp: gw.address,
  });
  return { endpoint };
}

/**
 * The outer tunnel: the gateway presents its service account's identity, and the waypoint checks
 * only its trust domain (so the expectation is that identity, re-read in the waypoint's domains).
 */
function waypointToGateway(w: WaypointHop, gateway: AmbientNetworkGateway, gwId: string): SessionEnds {
  return {
    client: sessionEnd(`waypoint ${w.waypointId}`, w.waypoint, "sidecar"),
    server: sessionEnd(`eastwest-gateway ${gwId}`, gateway, "sidecar"),
    clientExpects: [gateway.identity],
  };
}

/**
 * The service's ready pods behind one ambient E/W gateway, which spreads inner streams evenly over
 * them: every workload the view's endpoints of that gateway stand for (one per locality group), in
 * view order, ready and not made unhealthy. Kept per (fault state, view shares, gateway): the trace's
 * pick and the distribution's rows read the same list.
 */
export function remoteGatewayPods(
  ctx: SimContext,
  shares: readonly { readonly endpoint: EdsEndpoint }[],
  gw: NetworkGateway,
): readonly Workload[] {
  const byShares = getOrCreate(PODS, ctx.faults, () => new WeakMap());
  const byGateway = getOrCreate(byShares, shares, () => new Map<NetworkGateway, readonly Workload[]>());
  return getOrCreate(byGateway, gw, () => {
    const members: Workload[] = [];
    const seen = new Set<string>();
    for (const { endpoint } of shares) {
      const other = endpoint.gateway;
      if (endpoint.kind !== "gateway" || !other) continue;
      if (other.cluster !== gw.cluster || other.name !== gw.name || other.network !== gw.network) continue;
      for (const id of endpoint.represents ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        const workload = ctx.index.workloads.get(id);
        if (workload && ctx.faults.isReady(workload)) members.push(workload);
      }
    }
    return members;
  });
}

const PODS = new WeakMap<
  FaultState,
  WeakMap<readonly { readonly endpoint: EdsEndpoint }[], Map<NetworkGateway, readonly Workload[]>>
>();
