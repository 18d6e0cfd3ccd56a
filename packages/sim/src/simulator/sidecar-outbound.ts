import { getOrCreate, memoizeWeak, type Workload } from "@meshwright/core";
import { resolveTargetPort } from "../compile/registry-endpoint";
import { type EdsEndpoint, sniDnatClusterName } from "../endpoints";
import type { NetworkGateway } from "../model/endpoint";
import type { ProxyView } from "../model/proxy";
import type { RequestPicks } from "../request/seeded-pick";
import type { RequestTarget } from "../request/target";
import type { HopDecision } from "../trace/hop";
import type { DistributionSummary, ServedBy } from "../trace/trace";
import type { SimContext } from "./context";
import { type DestinationService, destinationService, isHttpPort } from "./destination-service";
import {
  type ClusterShareSink,
  type KeptSums,
  type LeafVisitor,
  summariseLeaves,
} from "./distribution-summary";
import {
  type ClusterKey,
  type ConnectionAt,
  connectionAt,
  type EnvoyClusterView,
  envoyClusterView,
  type GatewayBehind,
  gatewayClusterView,
  type HostBehind,
  hostResolver,
  visitClusterShares,
  visitShareLeaves,
} from "./envoy-balancer";
import type { Flow, HopDraft } from "./flow";
import { gatewayOfHost, gatewayPasses, MAX_GATEWAY_HOPS } from "./gateway-at-address";
import { gatewayProxy, networkGatewayId } from "./gateway-proxy";
import { deliver, receiverOf, servedByWorkload } from "./inbound";
import { kubeProxyDnat } from "./kube-proxy";
import type { PlaneView } from "./plane-view";
import { failRoute, routeAt } from "./route-outcome";
import { addSecureHop, type SessionEnds, sessionEnd } from "./secure-hop";
import { isDoubleHboneGateway, remoteGatewayPods } from "./waypoint-remote";

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
  /** The request's seeded picks (keys `<workload>|<target>|<requestKey>|…`). */
  readonly picks: RequestPicks;
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
    decisions: [CAPTURE],
  });
  const route = routeAt(
    ctx,
    flow,
    caller.plane,
    caller.proxy,
    req,
    http ? "http" : target.scheme === "https" ? "tls" : "tcp",
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
  flow.decide("endpoints", endpointsLine(view, picked.cluster), view.distribution.outcome);
  const shares = view.distribution.shares;
  const index = req.picks.share(shares, "client");
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
    pickLine(chosen),
    "weighted pick over the shares the locality LB gives (seeded)",
  );
  const servicePort = service.ports.get(picked.port);
  const sans = caller.plane.subjectAltNames(service.hostname, picked.port);
  const onward = { ctx, flow, caller, req, service, sni, sans, http: http && isHttpPort(servicePort) };
  // A gateway pseudo-endpoint (split horizon), or a ServiceEntry endpoint that is another cluster's
  // east-west gateway (Admiral's `.global` entries).
  const gateway = gatewayOfHost(ctx, ep);
  if (gateway) return { distribution, ...throughGateway(onward, ep, gateway, viewAtGateway, 1) };
  return { distribution, ...direct(onward, ep) };
}

/** An Envoy cluster of the caller resolved: its service, the caller's view, and each gateway's onward view. */
export interface ResolvedEnvoyCluster {
  readonly service: DestinationService;
  readonly view: EnvoyClusterView;
  readonly sni: string;
  /** What the east-west gateway behind a gateway pseudo-endpoint balances to (memoised). */
  readonly viewAtGateway: (gateway: NetworkGateway) => EnvoyClusterView | undefined;
  /** Visits the shares over the final workloads (gateways, ClusterIPs expanded), each × `factor`. */
  readonly leaves: (visit: LeafVisitor, factor: number) => void;
  /** Adds the shares per cluster those leaves receive, each × `factor` (see `visitClusterShares`). */
  readonly clusterShares: (add: ClusterShareSink, factor: number) => void;
  /** The distribution over those leaves, with the view's explanation (parts built when read). */
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
  // What follows depends on the view (its host, port, subset) and the caller's cluster only.
  const byCluster = getOrCreate(ctx.resolvedClusters, view, () => new Map());
  return getOrCreate(byCluster, caller.workload.cluster, () =>
    resolveView(ctx, caller.workload.cluster, key, view),
  );
}

/** `resolveEnvoyCluster` once the caller's view is known. */
function resolveView(
  ctx: SimContext,
  callerCluster: string,
  key: ClusterKey,
  view: EnvoyClusterView,
): ResolvedEnvoyCluster {
  const { service } = key;
  const host = service.hostname;
  const sni = sniDnatClusterName(key.port, host, key.subset ?? "");
  // What each gateway does with this SNI, per gateway and SNI: gateway views do not depend on the
  // client (nor on which istiod's record of the gateway led there).
  const onward = (gw: NetworkGateway): GatewayOnward => {
    const bySni = getOrCreate(ctx.memos.onwardByGateway, gatewayIdentity(gw), () => new Map());
    return getOrCreate(bySni, sni, () => ({
      uncovered: { kind: "gateway", cluster: gw.cluster, via: networkGatewayId(gw) },
    }));
  };
  const coveredAt = (gw: NetworkGateway): GatewayBehind => {
    const entry = onward(gw);
    if (!entry.covered) {
      const view = gatewayView(gw);
      entry.covered = view ? { ...entry.uncovered, view, plans: [] } : entry.uncovered;
    }
    return entry.covered;
  };
  // undefined: the gateway's istiod knows no such service.
  const gatewayView = (gw: NetworkGateway): EnvoyClusterView | undefined => {
    const plane = ctx.planeFor(gw.cluster);
    const gwService = plane && destinationService(plane, host);
    if (!plane || !gwService) return undefined;
    const [namespace, name] = splitName(gw.name);
    return gatewayClusterView(
      ctx,
      plane,
      gatewayProxy(ctx.index.cluster(gw.cluster), gw.network, namespace, name),
      { ...key, service: gwService, sni },
    );
  };
  const viewAtGateway = (gw: NetworkGateway): EnvoyClusterView | undefined => coveredAt(gw).view;
  // What a host stands for, for the rows: a gateway pseudo-endpoint (split horizon) or a gateway a
  // ServiceEntry names leads to that gateway's view; an ambient E/W gateway an ambient-mode Envoy
  // reaches with double HBONE, and a ClusterIP, to the Service's ready pods behind them.
  const behind = (ep: EdsEndpoint, at: ConnectionAt): HostBehind | undefined => {
    // Most hosts are workloads: they stand for themselves.
    if (!ep.gateway && ep.workloadId && ctx.index.workloads.has(ep.workloadId)) return undefined;
    if (isDoubleHboneGateway(ep)) {
      const pods = remoteGatewayPods(ctx, view.distribution.shares, ep.gateway);
      const servicePort = service.ports.get(key.port);
      const port = (servicePort && pods[0] && resolveTargetPort(servicePort, pods[0])) ?? key.port;
      return { kind: "pods", pods, port, via: networkGatewayId(ep.gateway) };
    }
    const gateway = gatewayOfHost(ctx, ep);
    if (gateway) {
      // Past MAX_GATEWAY_HOPS gateways a ServiceEntry names, the simulator stops following
      // (GATEWAY_CHAIN_NOT_SIMULATED): such shares get no row.
      const covered =
        gatewayPasses(ctx, ep, gateway, host) && (ep.kind === "gateway" || at.depth < MAX_GATEWAY_HOPS);
      return covered ? coveredAt(gateway) : onward(gateway).uncovered;
    }
    const { service: clusterIpOf, pods, port } = kubeProxyDnat(ctx, at.cluster, ep.address, ep.port);
    if (!clusterIpOf) return undefined;
    return { kind: "pods", pods, port };
  };
  // Gateway plans are kept per (gateway, SNI) and depth: the SNI names everything `behind` reads
  // besides the host and the place (port, subset, host), and the place is the gateway's cluster.
  const hosts = hostResolver(behind);
  const start = connectionAt(callerCluster, 0);
  return {
    service,
    view,
    sni,
    viewAtGateway,
    leaves: (visit, factor) => visitShareLeaves(visit, view, hosts, start, factor),
    clusterShares: (add, factor) => visitClusterShares(add, view, hosts, start, factor),
    summary: () =>
      summariseLeaves(
        "envoy",
        (visit) => visitShareLeaves(visit, view, hosts, start),
        (add) => visitClusterShares(add, view, hosts, start),
        () => view.explanation,
        keptSums(ctx, view, `${sni}|${start.cluster}`),
      ),
  };
}

/** The sums kept for a client view per (SNI, caller cluster): what its leaves depend on besides the view. */
function keptSums(ctx: SimContext, view: EnvoyClusterView, context: string): KeptSums {
  const byContext = getOrCreate(ctx.memos.viewSums, view, () => new Map<string, KeptSums>());
  return getOrCreate(byContext, context, () => ({}));
}

/**
 * What hosts leading to one gateway stand for, for one SNI: the gateway without its view (a chain
 * too long to follow) and, once a host is followed, with the gateway's view of the SNI cluster.
 * Kept per (gateway, SNI), so a client view's hundreds of gateway hosts allocate nothing.
 */
export interface GatewayOnward {
  readonly uncovered: GatewayBehind;
  covered?: GatewayBehind;
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

/** Where a connection to a host lands (see `landing`). */
interface Landing {
  readonly server?: Workload;
  readonly port: number;
  /** The address the hop reaches: the host's, or the picked pod's after kube-proxy's DNAT. */
  readonly address: string;
  /** kube-proxy's translation, when the host is a ClusterIP. */
  readonly dnat?: HopDecision;
  /** Why nothing answers, when the host is a ClusterIP without a ready pod. */
  readonly noPod?: string;
}

/**
 * Where a connection to `ep` lands: the endpoint's workload, or — for a host that is a ClusterIP of
 * the cluster the connection leaves from (a STRICT_DNS endpoint resolved through kube-dns by the
 * client's sidecar or by an east-west gateway) — the pod that node's kube-proxy DNAT picks, evenly
 * over the Service's ready pods.
 */
function landing(
  ctx: SimContext,
  ep: EdsEndpoint,
  node: {
    readonly cluster: string;
    readonly resolver: string;
    /** The seeded pick among `count` ready pods. */
    readonly pick: (count: number) => number;
  },
): Landing {
  const at = `${ep.address}:${ep.port}`;
  const own = ep.workloadId ? ctx.index.workloads.get(ep.workloadId) : undefined;
  if (own) return { server: own, port: ep.port, address: at };
  const { service, pods, pod, port } = kubeProxyDnat(ctx, node.cluster, ep.address, ep.port, node.pick);
  if (!service) return { port: ep.port, address: at };
  if (!pod) {
    const noPod = `${service.id} has no ready pod in ${node.cluster}`;
    return {
      port,
      address: at,
      noPod,
      dnat: { kind: "kube-proxy", decision: `kube-proxy has no ready pod for ${at}`, reason: noPod },
    };
  }
  const address = `${pod.ips[0] ?? ""}:${port}`;
  return {
    server: pod,
    port,
    address,
    dnat: {
      kind: "kube-proxy",
      decision: `kube-proxy DNAT ${at} → ${address}`,
      reason: `${ep.address} is the ClusterIP of ${service.id} (${node.resolver} resolved ${ep.workloadId ?? "the endpoint"} through kube-dns); kube-proxy of its node picks one of the ${pods.length} ready pod(s)`,
    },
  };
}

/** Sidecar → pod of a reachable network: mTLS (auto mTLS), HBONE to ambient pods, or plaintext. */
function direct(o: Onward, ep: EdsEndpoint): OutboundResult {
  const { ctx, flow, caller } = o;
  const { server, port, address, dnat, noPod } = landing(ctx, ep, {
    cluster: caller.workload.cluster,
    resolver: "Envoy",
    pick: (count) => o.req.picks.uniform(count, "kube-proxy"),
  });
  const hbone = ep.transport === "hbone";
  const mtls = ep.tlsMode === "istio" || hbone;
  const draft: HopDraft = {
    from: { role: "sidecar", id: caller.workload.id, cluster: caller.workload.cluster },
    to: {
      ...(server ? receiverOf(server) : { role: "external", id: ep.address, cluster: ep.cluster }),
      address,
    },
    protocol: hbone ? "HBONE" : mtls ? "mTLS" : o.http ? "HTTP" : "TCP",
    ...(mtls && !hbone ? { sni: o.sni } : {}),
    ...(hbone ? { authority: [`${ep.address}:${ep.port}`] } : {}),
    ...(dnat ? { decisions: [dnat] } : {}),
  };
  if (noPod) {
    flow.add(draft);
    flow.fail("UPSTREAM_CONNECT_FAILURE", noPod);
    return {};
  }
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
  if (secured) deliver(ctx, flow, arrival(o, server, port, mtls, caller.workload.ips[0] ?? ""));
  return { endpoint: dnat ? servedByWorkload(server, port) : servedBy(ep, server) };
}

/** The end-to-end mTLS session between the client's sidecar and the server's proxy (through any gateway). */
function endToEnd(o: Onward, server: Workload, serverProfile: "sidecar" | "ztunnel"): SessionEnds {
  return {
    client: sessionEnd(`sidecar ${o.caller.workload.id}`, o.caller.workload, "sidecar"),
    server: sessionEnd(`${serverProfile} ${receiverOf(server).id}`, server, serverProfile),
    clientExpects: o.sans,
    sni: o.sni,
  };
}

/**
 * Sidecar → remote network's east-west gateway (TLS passthrough by SNI) → pod (istio-semantics
 * §3.4). The gateway's SNI cluster may hold a ClusterIP (a DNS ServiceEntry endpoint its Envoy
 * resolved: kube-proxy of the gateway's node picks the pod) or another gateway, which routes the
 * same SNI again (`depth` counts the gateways passed).
 */
function throughGateway(
  o: Onward,
  ep: EdsEndpoint,
  gw: NetworkGateway,
  viewAt: (gateway: NetworkGateway) => EnvoyClusterView | undefined,
  depth: number,
  from: {
    readonly id: string;
    readonly cluster: string;
    readonly network: string;
    readonly gateway?: boolean;
  } = {
    id: o.caller.workload.id,
    cluster: o.caller.workload.cluster,
    network: o.caller.workload.network,
  },
): OutboundResult {
  const { ctx, flow } = o;
  const gwId = networkGatewayId(gw);
  const gatewayView = viewAt(gw);
  flow.add({
    from: { role: from.gateway ? "eastwest-gateway" : "sidecar", id: from.id, cluster: from.cluster },
    to: gatewayEnd(gw),
    protocol: "mTLS",
    sni: o.sni,
  });
  if (!ctx.faults.networksConnected(from.network, gw.network)) {
    flow.fail("NETWORK_PARTITION", `no traffic passes between ${from.network} and ${gw.network}`);
    return {};
  }
  if (!gatewayPasses(ctx, ep, gw, o.service.hostname)) {
    flow.fail(
      "UPSTREAM_CONNECT_FAILURE",
      `no AUTO_PASSTHROUGH Gateway server of ${gw.cluster} covers ${o.service.hostname} on ${gw.mtlsPort}: the gateway has no filter chain for SNI ${o.sni} and closes the connection`,
    );
    return {};
  }
  if (ctx.faults.networkGatewayDown(gw)) {
    flow.fail(
      "GATEWAY_UNREACHABLE",
      `east-west gateway ${gwId} does not answer, but its Service still advertises ${gw.address}`,
    );
    return {};
  }
  const shares = gatewayView?.distribution.shares ?? [];
  // Each pass through a gateway is its own pick (a connection may come back to the same gateway).
  const index = o.req.picks.share(shares, gwId, depth > 1 ? String(depth) : undefined);
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
    gatewayRouteLine(chosen, o.sni),
    "AUTO_PASSTHROUGH routes by SNI to its own network's endpoints without terminating TLS",
  );
  const target = chosen.endpoint;
  // A gateway among the SNI cluster's hosts (a `.global` ServiceEntry of this gateway's cluster
  // lists the other clusters' gateways too): the connection passes on, still end-to-end TLS.
  const next = gatewayOfHost(ctx, target);
  if (next) {
    if (depth >= MAX_GATEWAY_HOPS) {
      flow.fail(
        "GATEWAY_CHAIN_NOT_SIMULATED",
        `the connection has passed ${depth} east-west gateways and ${gwId} sends it on to ${next.cluster}/${next.name} (the gateways' ServiceEntries point at each other); the simulator follows at most ${MAX_GATEWAY_HOPS}`,
      );
      return {};
    }
    return throughGateway(o, target, next, viewAt, depth + 1, {
      id: gwId,
      cluster: gw.cluster,
      network: gw.network,
      gateway: true,
    });
  }
  const { server, port, address, dnat, noPod } = landing(ctx, target, {
    cluster: gw.cluster,
    resolver: "the gateway",
    pick: (count) => o.req.picks.uniform(count, gwId, "kube-proxy"),
  });
  const draft: HopDraft = {
    from: { role: "eastwest-gateway", id: gwId, cluster: gw.cluster },
    to: {
      ...(server ? receiverOf(server) : { role: "external", id: target.address, cluster: target.cluster }),
      address,
    },
    protocol: "mTLS",
    sni: o.sni,
    decisions: dnat ? [PASSTHROUGH, dnat] : [PASSTHROUGH],
  };
  if (!server) {
    flow.add(draft);
    flow.fail(
      "UPSTREAM_CONNECT_FAILURE",
      noPod ??
        `${target.address}:${target.port} behind gateway ${gwId} is no workload or Service the mesh knows`,
    );
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
  deliver(ctx, flow, arrival(o, server, port, true, gw.address));
  return { endpoint: dnat ? servedByWorkload(server, port, gwId) : servedBy(target, server, gwId) };
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

const CAPTURE: HopDecision = Object.freeze({
  kind: "capture",
  decision: "iptables redirect to the sidecar's outbound listener (15001)",
  reason: "the pod has an injected sidecar",
});

const PASSTHROUGH: HopDecision = Object.freeze({
  kind: "passthrough",
  decision: "TLS passes through; identity stays end to end",
  reason: "istio-semantics §3.4",
});

// Decision lines and hop ends made once per memoised object (views, shares, gateways) rather than
// per request: they are the same text every time.

const endpointsLines = new WeakMap<EnvoyClusterView, string>();

/** What the caller's EDS view holds (the view is of one Envoy cluster, so `cluster` is always the same). */
function endpointsLine(view: EnvoyClusterView, cluster: string): string {
  return getOrCreate(
    endpointsLines,
    view,
    () =>
      `cluster ${cluster}: ${view.distribution.shares.length} endpoint(s) after filtering and split horizon`,
  );
}

type Share = EnvoyClusterView["distribution"]["shares"][number];

const pickLine = memoizeWeak(
  ({ endpoint: ep, share, priority }: Share) =>
    `${ep.kind === "gateway" ? "gateway" : "endpoint"} ${ep.address}:${ep.port} (share ${(share * 100).toFixed(1)}%, priority ${priority})`,
);

const gatewayRouteLines = new WeakMap<Share, string>();

/** The gateway's routing line; a gateway view's shares belong to one SNI cluster. */
function gatewayRouteLine(chosen: Share, sni: string): string {
  return getOrCreate(
    gatewayRouteLines,
    chosen,
    () => `SNI ${sni} → ${chosen.endpoint.address}:${chosen.endpoint.port}`,
  );
}

const gatewayEnd = memoizeWeak((gw: NetworkGateway) =>
  Object.freeze({
    role: "eastwest-gateway",
    id: networkGatewayId(gw),
    cluster: gw.cluster,
    address: `${gw.address}:${gw.mtlsPort}`,
  }),
);

/** `namespace/name` of a gateway resource name (NetworkGateway names carry both). */
function splitName(name: string): [string, string] {
  const slash = name.indexOf("/");
  return slash < 0 ? ["istio-system", name] : [name.slice(0, slash), name.slice(slash + 1)];
}

/**
 * What a gateway's view reads of an istiod's record of it (its cluster, network and name), as one
 * key: every istiod holds its own records of the same gateways.
 */
const gatewayIdentity = memoizeWeak(
  (gw: NetworkGateway) => `${gw.cluster}\u0000${gw.network}\u0000${gw.name}`,
);
