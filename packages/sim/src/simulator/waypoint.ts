import type { Workload } from "@meshwright/core";
import { type Authorizer, authorizerFor } from "../authz";
import { proxyViewOf } from "../compile/proxy-view";
import type { AmbientService, EdsEndpoint } from "../endpoints";
import type { SimContext } from "./context";
import { isHttpPort } from "./destination-service";
import type { Flow, HopDraft } from "./flow";
import {
  deliver,
  HBONE_PORT,
  principalOf,
  receiverOf,
  recordAuthz,
  servedByWorkload,
  ztunnelId,
} from "./inbound";
import type { PlaneView } from "./plane-view";
import { routeDistribution } from "./route-distribution";
import { failRoute, routeAt } from "./route-outcome";
import { addSecureHop, type SessionEnds, sessionEnd } from "./secure-hop";
import {
  type Caller,
  type OutboundRequest,
  type OutboundResult,
  resolveEnvoyCluster,
} from "./sidecar-outbound";
import { isDoubleHboneGateway, waypointThroughGateway } from "./waypoint-remote";

/**
 * A connection the client's ztunnel hands to the service's waypoint (istio-semantics §3.5 step 2,
 * ztunnel `src/proxy/outbound.rs`): HBONE to `<waypoint IP>:15008` with `:authority` = the service
 * VIP:port; the waypoint, an Envoy, then applies the AuthorizationPolicies attached by targetRefs
 * (§2.1, §2.9: Envoy RBAC with sidecar semantics, L7 on HTTP ports), routes with sidecar semantics
 * (VirtualService, DestinationRule, locality LB of its own EDS view) and opens HBONE to the chosen
 * endpoint's ztunnel, whose L4 policy sees the **waypoint's** identity and address as the source.
 */
export function viaWaypoint(
  ctx: SimContext,
  flow: Flow,
  caller: Caller,
  req: OutboundRequest,
  service: AmbientService,
  waypoint: Workload,
): OutboundResult {
  const port = service.base.ports.find((p) => p.port === req.target.port)!;
  const waypointId = `${waypoint.cluster}/${waypoint.namespace}/${waypoint.name}`;
  const waypointIp = waypoint.ips[0] ?? "";
  const authority = `${req.address}:${req.target.port}`;
  const plane = ctx.planeFor(waypoint.cluster);
  const hop: HopDraft = {
    from: { role: "ztunnel", id: ztunnelId(caller.workload), cluster: caller.workload.cluster },
    to: {
      role: "waypoint",
      id: waypointId,
      cluster: waypoint.cluster,
      address: `${waypointIp}:${HBONE_PORT}`,
    },
    protocol: "HBONE",
    authority: [authority],
  };
  if (waypoint.network !== caller.workload.network) {
    // Reaching a waypoint of another network takes double HBONE through that network's east-west
    // gateway (AMBIENT_ENABLE_MULTI_NETWORK_WAYPOINT); that path is not modelled.
    flow.add(hop);
    flow.fail(
      "WAYPOINT_PATH_NOT_SIMULATED",
      `waypoint ${waypointId} is on network ${waypoint.network}, not the client's ${caller.workload.network}: double HBONE to a remote waypoint is not simulated`,
    );
    return {};
  }
  if (!plane || !ctx.faults.workloadAnswers(waypoint.id, waypoint.cluster) || waypoint.health !== "healthy") {
    flow.add(hop);
    flow.fail(
      "WAYPOINT_UNAVAILABLE",
      plane ? `waypoint ${waypointId} does not answer` : `no istiod configures waypoint ${waypointId}`,
    );
    return {};
  }
  if (!addSecureHop(ctx, flow, hop, [clientToWaypoint(caller, waypoint, waypointId)])) return {};
  const http = req.target.scheme === "http" && isHttpPort(port);
  const waypointCaller: Caller = {
    workload: waypoint,
    proxy: proxyViewOf(waypoint, ctx.clusterOf(waypoint), "waypoint"),
    plane,
  };
  if (!waypointAuthz(ctx, flow, caller, req, service, waypointCaller, http)) return {};
  const route = routeAt(
    ctx,
    flow,
    plane,
    waypointCaller.proxy,
    req,
    http ? "http" : "tcp",
    `routing config of ${plane.configCluster.name}'s istiod, applied by the waypoint`,
  );
  const distribution = () => routeDistribution(ctx, waypointCaller, route.destinations, []);
  if (route.outcome !== "forward" || !route.picked) {
    failRoute(flow, route, "waypoint");
    return { distribution };
  }
  const resolved = resolveEnvoyCluster(ctx, waypointCaller, route.picked);
  const shares = resolved?.view.distribution.shares ?? [];
  const chosen = shares[req.picks.share(shares, "waypoint")];
  if (!resolved || !chosen) {
    flow.fail(
      "NO_HEALTHY_UPSTREAM",
      `waypoint ${waypointId} has no healthy endpoint of ${route.picked.cluster}${resolved ? ` (${resolved.view.distribution.outcome})` : ""}`,
    );
    return { distribution };
  }
  flow.decide(
    "endpoint-pick",
    `endpoint ${chosen.endpoint.address}:${chosen.endpoint.port} (share ${(chosen.share * 100).toFixed(1)}%, priority ${chosen.priority})`,
    "the waypoint's weighted pick over its locality LB shares (seeded)",
  );
  const at: WaypointHop = { caller, req, waypoint, waypointId, waypointPlane: plane, http };
  const ep = chosen.endpoint;
  return {
    distribution,
    ...(isDoubleHboneGateway(ep)
      ? waypointThroughGateway(ctx, flow, at, ep, shares, resolved.service, route.picked.port)
      : toEndpoint(ctx, flow, at, ep)),
  };
}

/** The HBONE session client ztunnel → waypoint: ztunnel expects the waypoint's own identity. */
function clientToWaypoint(caller: Caller, waypoint: Workload, waypointId: string): SessionEnds {
  return {
    client: sessionEnd(`ztunnel ${ztunnelId(caller.workload)}`, caller.workload, "ztunnel"),
    server: sessionEnd(`waypoint ${waypointId}`, waypoint, "sidecar"),
    clientExpects: [waypoint.identity],
  };
}

/**
 * The waypoint's RBAC for the service's filter chain: only policies with targetRefs to the
 * Service, the waypoint's Gateway or the `istio-waypoint` GatewayClass (root namespace) apply,
 * selectors are ignored (istio-semantics §2.1); the peer is the client (HBONE mTLS from its ztunnel).
 */
function waypointAuthz(
  ctx: SimContext,
  flow: Flow,
  caller: Caller,
  req: OutboundRequest,
  service: AmbientService,
  waypoint: Caller,
  http: boolean,
): boolean {
  const protocol = http ? "http" : "tcp";
  const principal = principalOf(ctx, caller.workload.identity);
  const decision = waypointAuthorizer(
    ctx,
    waypoint,
    service,
    protocol,
  )({
    source: { principal: principal || undefined, ip: caller.workload.ips[0] ?? "", mtls: true },
    // The waypoint serves the service VIP:port (the HBONE authority), so ports are service ports.
    destination: { ip: req.address, port: req.target.port },
    protocol,
    http: http
      ? {
          method: req.method,
          path: req.target.path || "/",
          host: req.target.port === 80 ? req.target.host : `${req.target.host}:${req.target.port}`,
          headers: req.headers,
        }
      : undefined,
  });
  recordAuthz(flow, decision, { port: req.target.port, protocol, mtls: true });
  return decision.decision !== "DENY";
}

/**
 * The authorizer of a waypoint's filter chain for one service, with the policies of its istiod's
 * cluster; one per compile, waypoint, service and protocol (`SimContext.waypointAuthorizers`).
 */
function waypointAuthorizer(
  ctx: SimContext,
  waypoint: Caller,
  service: AmbientService,
  protocol: "http" | "tcp",
): Authorizer {
  return ctx.waypointAuthorizers.get([waypoint.workload, service, protocol], () =>
    authorizerFor({
      resources: waypoint.plane.configCluster.resources,
      workload: {
        namespace: waypoint.workload.namespace,
        labels: waypoint.workload.labels,
        isGatewayApiGateway: true,
      },
      enforcer: "waypoint",
      waypoint: { services: [{ name: service.name, namespace: service.namespace, kind: "Service" }] },
      rootNamespace: ctx.mesh.rootNamespace,
      trustDomain: ctx.mesh.trustDomain,
      trustDomainAliases: ctx.mesh.trustDomainAliases,
      protocol,
    }),
  );
}

/** A request at its waypoint: the client, the request, the waypoint pod and its istiod. */
export interface WaypointHop {
  readonly caller: Caller;
  readonly req: OutboundRequest;
  readonly waypoint: Workload;
  readonly waypointId: string;
  readonly waypointPlane: PlaneView;
  readonly http: boolean;
}

/**
 * Waypoint → chosen endpoint: HBONE to its ztunnel (Istio mTLS to a sidecar, plaintext to a pod
 * outside the mesh), then the server side, which sees the waypoint as the peer (identity and IP).
 */
function toEndpoint(ctx: SimContext, flow: Flow, w: WaypointHop, ep: EdsEndpoint): OutboundResult {
  const server = ep.workloadId ? ctx.index.workloads.get(ep.workloadId) : undefined;
  if (ep.kind === "gateway" || !server) {
    flow.fail(
      "WAYPOINT_PATH_NOT_SIMULATED",
      `the waypoint picked ${ep.kind === "gateway" ? "a remote network's sidecar gateway (mTLS passthrough)" : `${ep.address}:${ep.port}, an endpoint outside the model`}; that onward path is not simulated`,
    );
    return {};
  }
  const hbone = ep.transport === "hbone";
  const mtls = hbone || ep.tlsMode === "istio";
  const draft: HopDraft = {
    from: { role: "waypoint", id: w.waypointId, cluster: w.waypoint.cluster },
    to: {
      ...receiverOf(server),
      address: hbone ? `${ep.address}:${HBONE_PORT}` : `${ep.address}:${ep.port}`,
    },
    protocol: hbone ? "HBONE" : mtls ? "mTLS" : w.http ? "HTTP" : "TCP",
    ...(hbone ? { authority: [`${ep.address}:${ep.port}`] } : {}),
  };
  const endpoint = servedByWorkload(server, ep.port, w.waypointId, ep.address);
  if (!ctx.faults.workloadAnswers(server.id, server.cluster)) {
    flow.add(draft);
    flow.fail("UPSTREAM_CONNECT_FAILURE", `${server.id} does not answer the waypoint`);
    return { endpoint };
  }
  const serverProfile = hbone ? "ztunnel" : "sidecar";
  const session: SessionEnds = {
    client: sessionEnd(`waypoint ${w.waypointId}`, w.waypoint, "sidecar"),
    server: sessionEnd(`${serverProfile} ${receiverOf(server).id}`, server, serverProfile),
    clientExpects: [server.identity],
  };
  if (mtls) {
    if (!addSecureHop(ctx, flow, draft, [session])) return { endpoint };
  } else {
    flow.add(draft);
  }
  deliver(ctx, flow, {
    server,
    port: ep.port,
    // ztunnel hands the server L4 bytes; a sidecar server parses HTTP again.
    protocol: w.http && server.dataplane === "sidecar" ? "http" : "tcp",
    mtls,
    ...(mtls ? { clientIdentity: w.waypoint.identity } : {}),
    sourceIp: w.waypoint.ips[0] ?? "",
    http: {
      method: w.req.method,
      path: w.req.target.path || "/",
      host: w.req.target.port === 80 ? w.req.target.host : `${w.req.target.host}:${w.req.target.port}`,
      headers: w.req.headers,
    },
  });
  return { endpoint };
}
