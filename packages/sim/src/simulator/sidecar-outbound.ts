import type { Workload } from "@meshwright/core";
import { type EdsEndpoint, sniDnatClusterName } from "../endpoints";
import type { ProxyView } from "../model/proxy";
import { seededShare } from "../request/seeded-pick";
import type { RequestTarget } from "../request/target";
import type { DistributionSummary, ServedBy, ShareRow } from "../trace/trace";
import type { SimContext } from "./context";
import { type DestinationService, destinationService, isHttpPort } from "./destination-service";
import { summarise } from "./distribution-summary";
import {
  appendShareRows,
  type EnvoyClusterView,
  envoyClusterView,
  gatewayClusterView,
} from "./envoy-balancer";
import type { Flow, HopDraft } from "./flow";
import { gatewayProxy } from "./gateway-proxy";
import { deliver, receiverOf, servedByWorkload } from "./inbound";
import type { PlaneView } from "./plane-view";
import { failRoute } from "./route-outcome";
import { addSecureHop, type SessionEnds } from "./secure-hop";

/** The caller of an outbound request: its workload, its proxy and the istiod that configures it. */
export interface Caller {
  readonly workload: Workload;
  readonly proxy: ProxyView;
  readonly plane: PlaneView;
}

/** The request as the client application sends it. */
export interface OutboundRequest {
  readonly target: RequestTarget;
  /** The address DNS returned. */
  readonly address: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly requestKey: string;
}

/** What an outbound path produced besides the hops. */
export interface OutboundResult {
  readonly endpoint?: ServedBy;
  /** How requests spread, computed when called (traces read it lazily). */
  readonly distribution?: () => DistributionSummary;
}

/**
 * A request leaving a sidecar (istio-semantics §3.3–3.4): the listener for the destination
 * address and port, VirtualService routing from the client's own cluster, the EDS view of the
 * picked cluster (split horizon, locality LB), then direct mTLS to a pod of the same network or TLS
 * passthrough through the remote network's east-west gateway, and the server side.
 */
export function sidecarOutbound(
  ctx: SimContext,
  flow: Flow,
  caller: Caller,
  req: OutboundRequest,
): OutboundResult {
  const { target } = req;
  const http = target.scheme === "http";
  flow.add({
    from: { role: "app", id: caller.workload.id, cluster: caller.workload.cluster },
    to: {
      role: "sidecar",
      id: caller.workload.id,
      cluster: caller.workload.cluster,
      address: `${req.address}:${target.port}`,
    },
    protocol: http ? "HTTP" : target.scheme === "https" ? "TLS" : "TCP",
    decisions: [
      {
        kind: "capture",
        decision: "iptables redirect to the sidecar's outbound listener (15001)",
        reason: "the pod has an injected sidecar",
      },
    ],
  });
  const authority = target.port === 80 && http ? target.host : `${target.host}:${target.port}`;
  const route = caller.plane.routing.route(caller.proxy, {
    protocol: http ? "http" : target.scheme === "https" ? "tls" : "tcp",
    authority,
    port: target.port,
    destinationAddress: req.address,
    method: req.method,
    path: target.path || "/",
    headers: req.headers,
    requestKey: req.requestKey,
  });
  for (const line of route.explanation)
    flow.decide(
      "route",
      line,
      `routing config of ${caller.plane.configCluster.name}'s istiod (istio-semantics §4.4)`,
    );
  if (route.outcome === "passthrough") return passthrough(ctx, flow, caller, req);
  if (route.outcome !== "forward" || !route.picked) {
    failRoute(flow, route, "sidecar");
    return {};
  }
  const picked = route.picked;
  const resolved = resolveEnvoyCluster(ctx, caller, picked);
  if (!resolved) {
    flow.fail(
      "NO_HEALTHY_UPSTREAM",
      `${caller.plane.configCluster.name}'s istiod knows no service ${picked.host}`,
    );
    return {};
  }
  const { service, view, sni, viewAtGateway } = resolved;
  const distribution = resolved.summary;
  flow.decide(
    "endpoints",
    `cluster ${picked.cluster}: ${view.distribution.shares.length} endpoint(s) after filtering and split horizon`,
    view.distribution.outcome,
  );
  const shares = view.distribution.shares;
  const index = seededShare(
    shares,
    ctx.seed,
    `${caller.workload.id}|${target.text}|${req.requestKey}|client`,
  );
  const chosen = shares[index];
  if (!chosen || (view.distribution.outcome !== "ok" && view.distribution.outcome !== "panic")) {
    flow.fail(
      "NO_HEALTHY_UPSTREAM",
      `no healthy endpoint of ${picked.cluster} for ${caller.workload.id} (${view.distribution.outcome})`,
    );
    return { distribution };
  }
  const ep = chosen.endpoint;
  flow.decide(
    "endpoint-pick",
    `${ep.kind === "gateway" ? "gateway" : "endpoint"} ${ep.address}:${ep.port} (share ${(chosen.share * 100).toFixed(1)}%, priority ${chosen.priority})`,
    "weighted pick over the shares the locality LB gives (seeded)",
  );
  const servicePort = service.ports.get(picked.port);
  const sans = caller.plane.subjectAltNames(service.hostname, picked.port);
  const onward = { ctx, flow, caller, req, service, sni, sans, http: http && isHttpPort(servicePort) };
  if (ep.kind === "gateway") return { distribution, ...throughGateway(onward, ep, viewAtGateway(ep)) };
  return { distribution, ...direct(onward, ep) };
}

/** An Envoy cluster of the caller resolved: its service, the caller's view, and each gateway's onward view. */
export interface ResolvedEnvoyCluster {
  readonly service: DestinationService;
  readonly view: EnvoyClusterView;
  readonly sni: string;
  /** What the east-west gateway behind a gateway pseudo-endpoint balances to (memoised). */
  readonly viewAtGateway: (ep: EdsEndpoint) => EnvoyClusterView | undefined;
  /** Appends the shares over the final workloads (gateways expanded), each × `factor`; built on each call. */
  readonly appendRows: (rows: ShareRow[], factor: number) => ShareRow[];
  /** Those rows summed per cluster and locality, with the view's explanation (built on each call). */
  readonly summary: () => DistributionSummary;
}

/**
 * The caller's Envoy cluster `outbound|port|subset|host`: EDS view and locality LB at the caller,
 * and, for gateway pseudo-endpoints, what that east-west gateway does with the connection.
 */
export function resolveEnvoyCluster(
  ctx: SimContext,
  caller: Caller,
  picked: { readonly host: string; readonly port: number; readonly subset?: string },
): ResolvedEnvoyCluster | undefined {
  const service = destinationService(caller.plane, picked.host);
  if (!service) return undefined;
  const key = { service, port: picked.port, ...(picked.subset ? { subset: picked.subset } : {}) };
  const view = envoyClusterView(ctx, caller.plane, caller.proxy, key);
  const sni = sniDnatClusterName(picked.port, picked.host, picked.subset ?? "");
  const gatewayViews = new Map<string, EnvoyClusterView | undefined>();
  const viewAtGateway = (ep: EdsEndpoint): EnvoyClusterView | undefined => {
    const gw = ep.gateway;
    if (!gw) return undefined;
    const id = `${gw.cluster}/${gw.name}/${gw.address}`;
    if (!gatewayViews.has(id)) {
      const plane = ctx.planeFor(gw.cluster);
      const gwService = plane && destinationService(plane, picked.host);
      const [namespace, name] = splitName(gw.name);
      gatewayViews.set(
        id,
        plane && gwService
          ? gatewayClusterView(
              ctx,
              plane,
              gatewayProxy(ctx.index.cluster(gw.cluster), gw.network, namespace, name),
              {
                ...key,
                service: gwService,
                sni,
              },
            )
          : undefined,
      );
    }
    return gatewayViews.get(id);
  };
  return {
    service,
    view,
    sni,
    viewAtGateway,
    appendRows: (rows, factor) => appendShareRows(rows, view, viewAtGateway, factor),
    summary: () => summarise("envoy", appendShareRows([], view, viewAtGateway), () => view.explanation),
  };
}

interface Onward {
  /** SANs the client expects for the destination: the identities of the service's workloads. */
  readonly sans: readonly string[];
  readonly ctx: SimContext;
  readonly flow: Flow;
  readonly caller: Caller;
  readonly req: OutboundRequest;
  readonly service: DestinationService;
  readonly sni: string;
  readonly http: boolean;
}

/** Sidecar → pod of a reachable network: mTLS (auto mTLS), HBONE to ambient pods, or plaintext. */
function direct(o: Onward, ep: EdsEndpoint): OutboundResult {
  const { ctx, flow, caller } = o;
  const server = ep.workloadId ? ctx.index.workloads.get(ep.workloadId) : undefined;
  const hbone = ep.transport === "hbone";
  const mtls = ep.tlsMode === "istio" || hbone;
  const draft: HopDraft = {
    from: { role: "sidecar", id: caller.workload.id, cluster: caller.workload.cluster },
    to: {
      ...(server ? receiverOf(server) : { role: "external", id: ep.address, cluster: ep.cluster }),
      address: `${ep.address}:${ep.port}`,
    },
    protocol: hbone ? "HBONE" : mtls ? "mTLS" : o.http ? "HTTP" : "TCP",
    ...(mtls && !hbone ? { sni: o.sni } : {}),
    ...(hbone ? { authority: [`${ep.address}:${ep.port}`] } : {}),
  };
  if (!server) {
    flow.add(draft);
    flow.decide(
      "upstream",
      `external endpoint ${ep.address}:${ep.port}`,
      "a ServiceEntry endpoint outside the model answers as configured",
    );
    return { endpoint: servedBy(ep, undefined) };
  }
  if (ep.network && caller.workload.network && ep.network !== caller.workload.network) {
    flow.add(draft);
    flow.fail(
      "DIRECT_TO_UNREACHABLE_NETWORK",
      `${ep.address} is a pod IP of ${ep.network}; ${caller.workload.network} cannot route to it and istiod knows no gateway for that network`,
    );
    return { endpoint: servedBy(ep, server) };
  }
  if (!ctx.faults.workloadAnswers(server.id, server.cluster)) {
    flow.add(draft);
    flow.fail(
      "UPSTREAM_CONNECT_FAILURE",
      `${server.id} does not answer (${ctx.faults.clusterDown(server.cluster) ? "its cluster is down" : "it is not ready"})`,
    );
    return { endpoint: servedBy(ep, server) };
  }
  if (!mtls) flow.add(draft);
  const secured =
    !mtls || addSecureHop(ctx, flow, draft, [endToEnd(o, server, hbone ? "ztunnel" : "sidecar")]);
  if (secured) deliver(ctx, flow, arrival(o, server, ep.port, mtls, caller.workload.ips[0] ?? ""));
  return { endpoint: servedBy(ep, server) };
}

/** The end-to-end mTLS session between the client's sidecar and the server's proxy (through any gateway). */
function endToEnd(o: Onward, server: Workload, serverProfile: "sidecar" | "ztunnel"): SessionEnds {
  return {
    client: {
      proxy: `sidecar ${o.caller.workload.id}`,
      cluster: o.caller.workload.cluster,
      identity: o.caller.workload.identity,
      profile: "sidecar",
    },
    server: {
      proxy: `${serverProfile} ${receiverOf(server).id}`,
      cluster: server.cluster,
      identity: server.identity,
      profile: serverProfile,
    },
    clientExpects: o.sans,
    sni: o.sni,
  };
}

/** Sidecar → remote network's east-west gateway (TLS passthrough by SNI) → pod (istio-semantics §3.4). */
function throughGateway(
  o: Onward,
  ep: EdsEndpoint,
  gatewayView: EnvoyClusterView | undefined,
): OutboundResult {
  const { ctx, flow, caller } = o;
  const gw = ep.gateway!;
  const gwId = `${gw.cluster}/${gw.name}`;
  flow.add({
    from: { role: "sidecar", id: caller.workload.id, cluster: caller.workload.cluster },
    to: { role: "eastwest-gateway", id: gwId, cluster: gw.cluster, address: `${gw.address}:${gw.mtlsPort}` },
    protocol: "mTLS",
    sni: o.sni,
  });
  if (!ctx.faults.networksConnected(caller.workload.network, gw.network)) {
    flow.fail("NETWORK_PARTITION", `no traffic passes between ${caller.workload.network} and ${gw.network}`);
    return {};
  }
  if (ctx.faults.gatewayDown(gw.cluster, splitName(gw.name)[1])) {
    flow.fail(
      "GATEWAY_UNREACHABLE",
      `east-west gateway ${gwId} does not answer, but its Service still advertises ${gw.address}`,
    );
    return {};
  }
  const shares = gatewayView?.distribution.shares ?? [];
  const index = seededShare(
    shares,
    ctx.seed,
    `${caller.workload.id}|${o.req.target.text}|${o.req.requestKey}|${gwId}`,
  );
  const chosen = shares[index];
  if (!chosen) {
    flow.fail(
      "NO_HEALTHY_UPSTREAM",
      `gateway ${gwId} has no healthy endpoint of ${o.sni} in ${gw.network} (the client sees the gateway reset the connection)`,
    );
    return {};
  }
  flow.decide(
    "gateway-route",
    `SNI ${o.sni} → ${chosen.endpoint.address}:${chosen.endpoint.port}`,
    "AUTO_PASSTHROUGH routes by SNI to its own network's endpoints without terminating TLS",
  );
  const target = chosen.endpoint;
  const server = target.workloadId ? ctx.index.workloads.get(target.workloadId) : undefined;
  const draft: HopDraft = {
    from: { role: "eastwest-gateway", id: gwId, cluster: gw.cluster },
    to: {
      ...(server ? receiverOf(server) : { role: "external", id: target.address, cluster: target.cluster }),
      address: `${target.address}:${target.port}`,
    },
    protocol: "mTLS",
    sni: o.sni,
    decisions: [
      {
        kind: "passthrough",
        decision: "TLS passes through; identity stays end to end",
        reason: "istio-semantics §3.4",
      },
    ],
  };
  if (!server) {
    flow.add(draft);
    return {};
  }
  if (!ctx.faults.workloadAnswers(server.id, server.cluster)) {
    flow.add(draft);
    flow.fail("UPSTREAM_CONNECT_FAILURE", `${server.id} does not answer behind gateway ${gwId}`);
    return { endpoint: servedBy(target, server, gwId) };
  }
  if (
    !addSecureHop(ctx, flow, draft, [
      endToEnd(o, server, server.dataplane === "ambient" ? "ztunnel" : "sidecar"),
    ])
  ) {
    return { endpoint: servedBy(target, server, gwId) };
  }
  deliver(ctx, flow, arrival(o, server, target.port, true, gw.address));
  return { endpoint: servedBy(target, server, gwId) };
}

/** An address the sidecar has no service for: PassthroughCluster, straight to the IP. */
function passthrough(ctx: SimContext, flow: Flow, caller: Caller, req: OutboundRequest): OutboundResult {
  const server = ctx.index.workloadAt(caller.workload.network, req.address);
  if (!server) {
    flow.fail(
      "PASSTHROUGH_UNREACHABLE",
      `${req.address} is not a service ${caller.plane.configCluster.name}'s istiod knows nor a pod of ${caller.workload.network || "this network"}; the connection goes nowhere`,
    );
    return {};
  }
  flow.add({
    from: { role: "sidecar", id: caller.workload.id, cluster: caller.workload.cluster },
    to: { role: "app", id: server.id, cluster: server.cluster, address: `${req.address}:${req.target.port}` },
    protocol: "TCP",
    decisions: [
      {
        kind: "passthrough",
        decision: "PassthroughCluster: plaintext to the original destination",
        reason: "no listener for this address and port (outboundTrafficPolicy ALLOW_ANY)",
      },
    ],
  });
  return { endpoint: servedByWorkload(server, req.target.port, undefined, req.address) };
}

function arrival(o: Onward, server: Workload, port: number, mtls: boolean, sourceIp: string) {
  const { target, method, headers } = o.req;
  return {
    server,
    port,
    protocol: o.http ? ("http" as const) : ("tcp" as const),
    mtls,
    clientIdentity: o.caller.workload.identity,
    sourceIp,
    ...(mtls ? { sni: o.sni } : {}),
    http: {
      method,
      path: target.path || "/",
      host: target.port === 80 ? target.host : `${target.host}:${target.port}`,
      headers,
    },
  };
}

function servedBy(ep: EdsEndpoint, server: Workload | undefined, via?: string): ServedBy {
  return {
    workload: server?.id ?? ep.workloadId ?? ep.address,
    cluster: ep.cluster,
    network: ep.network,
    address: ep.address,
    port: ep.port,
    identity: server?.identity ?? ep.identity ?? "",
    ...(via ? { via } : {}),
  };
}

/** `namespace/name` of a gateway resource name (NetworkGateway names carry both). */
function splitName(name: string): [string, string] {
  const slash = name.indexOf("/");
  return slash < 0 ? ["istio-system", name] : [name.slice(0, slash), name.slice(slash + 1)];
}
