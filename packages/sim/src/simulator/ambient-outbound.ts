import {
  getOrCreate,
  lazyProperty,
  memoizeWeak,
  NO_LOCALITY,
  PathMemo,
  type ServiceModel,
  type Workload,
} from "@meshwright/core";
import { resolveTargetPort } from "../compile/registry-endpoint";
import {
  type AmbientNetworkGateway,
  type AmbientService,
  type AmbientServiceWorkloads,
  ambientWorkloadsOfClusters,
  type DoubleHboneTargets,
  doubleHboneTargets,
  ENDPOINT_CODES,
  type SplitHorizonWorkload,
} from "../endpoints";
import type { FaultState } from "../faults/fault-state";
import { computeDistribution, type Distribution, type LbEndpoint } from "../lb";
import type { HopDecision } from "../trace/hop";
import type { DistributionSummary } from "../trace/trace";
import { ambientGatewayAnswers } from "./ambient-gateway-faults";
import type { SimContext } from "./context";
import {
  type ClusterShareSink,
  type ClusterShares,
  type KeptSums,
  type LeafVisitor,
  type RowBase,
  rowBase,
  summariseLeaves,
} from "./distribution-summary";
import type { Flow, HopDraft } from "./flow";
import { deliver, HBONE_PORT, receiverOf, servedByWorkload, ztunnelId } from "./inbound";
import type { PlaneView } from "./plane-view";
import { proxyClassKey } from "./proxy-class";
import { addSecureHop, type SessionEnds, sessionEnd } from "./secure-hop";
import type { Caller, OutboundRequest, OutboundResult } from "./sidecar-outbound";
import { viaWaypoint } from "./waypoint";
import { serviceWaypoint } from "./waypoint-lookup";

/** A candidate of ztunnel's load balancing: a local workload, or a remote network's split-horizon workload. */
export interface Candidate extends LbEndpoint {
  readonly workload?: Workload;
  readonly splitHorizon?: SplitHorizonWorkload;
}

/**
 * A connection leaving an ambient workload through its ztunnel (istio-semantics §3.5, §1.10): the
 * service of the destination address in the client's network, ztunnel's ranking over local
 * workloads and coalesced remote-network workloads, then HBONE to the destination ztunnel, or double
 * HBONE through the remote network's east-west gateway, and the destination ztunnel's policy.
 */
export function ambientOutbound(
  ctx: SimContext,
  flow: Flow,
  caller: Caller,
  req: OutboundRequest,
  serviceKey?: string,
): OutboundResult {
  const { target } = req;
  flow.add({
    from: { role: "app", id: caller.workload.id, cluster: caller.workload.cluster },
    to: {
      role: "ztunnel",
      id: ztunnelId(caller.workload),
      cluster: caller.workload.cluster,
      address: `${req.address}:${target.port}`,
    },
    protocol: "TCP",
    decisions: [captureOf(caller.workload)],
  });
  const service = findService(caller.plane, req.address, caller.workload.network, serviceKey);
  if (!service) {
    const server = ctx.index.workloadAt(caller.workload.network, req.address);
    if (!server) {
      flow.fail(
        "PASSTHROUGH_UNREACHABLE",
        `${req.address} is neither a service VIP nor a workload of ${caller.workload.network} known to ${caller.plane.configCluster.name}'s istiod`,
      );
      return {};
    }
    return toWorkload(ctx, flow, caller, server, target.port, undefined);
  }
  flow.decide("service", serviceLine(service), service.scopeReason);
  const port = service.base.ports.find((p) => p.port === target.port);
  if (!port) {
    flow.fail("ZTUNNEL_NO_HEALTHY_UPSTREAM", `${service.key} has no port ${target.port}`);
    return {};
  }
  // ztunnel outbound step 2: a service with a waypoint goes to the waypoint (istio-semantics §3.5).
  const waypoint = serviceWaypoint(ctx, caller.plane, service, caller.workload.network);
  flow.decide(
    "waypoint",
    waypoint.kind === "waypoint" ? `via waypoint ${waypoint.waypoint.id}` : "no waypoint",
    waypoint.reason,
  );
  if (waypoint.kind === "waypoint") return viaWaypoint(ctx, flow, caller, req, service, waypoint.waypoint);
  const balance = ztunnelBalance(ctx, caller, service);
  const { workloads, distribution } = balance;
  flow.decideLater(() =>
    balance.wdsDecisions.map((d) => ({ kind: "wds", decision: d.decision, reason: d.reason })),
  );
  const shares = distribution.shares;
  const chosen = shares[req.picks.share(shares, "ztunnel")];
  if (!chosen) {
    const remoteOnly = workloads.diagnostics.some(
      (d) => d.code === ENDPOINT_CODES.ambientNetworkWithoutGateway,
    );
    flow.fail(
      remoteOnly ? "ZTUNNEL_NO_NETWORK_GATEWAY" : "ZTUNNEL_NO_HEALTHY_UPSTREAM",
      `no workload of ${service.key} is eligible for ${caller.workload.id} (${distribution.outcome})`,
    );
    return { distribution: balance.summary };
  }
  const pickLine = pickLineOf(chosen);
  flow.decide("endpoint-pick", pickLine.decision, pickLine.reason);
  if (chosen.endpoint.splitHorizon) {
    return {
      distribution: balance.summary,
      ...doubleHbone(
        ctx,
        flow,
        caller,
        req,
        service,
        chosen.endpoint.splitHorizon,
        workloads.subjectAltNames,
      ),
    };
  }
  return {
    distribution: balance.summary,
    ...toWorkload(ctx, flow, caller, chosen.endpoint.workload!, target.port, port),
  };
}

/** ztunnel's view of one service for one client: the WDS workloads and the load-balancing shares. */
export interface ZtunnelBalance {
  readonly workloads: AmbientServiceWorkloads;
  /** The WDS decisions grouped by (action, reason), in first-seen order: what the trace shows. */
  readonly wdsDecisions: readonly { readonly decision: string; readonly reason: string }[];
  readonly distribution: Distribution<Candidate>;
  /** Shares over the final workloads (split-horizon workloads spread over their members), built on each call. */
  summary(): DistributionSummary;
}

/**
 * What the client's istiod sends its ztunnel for `service` (local workloads as is, remote-network
 * ones coalesced behind their gateway, istio-semantics §3.5) and how ztunnel spreads connections
 * over them (§1.10). The WDS part is per (istiod, service); the shares per proxy class.
 */
export function ztunnelBalance(ctx: SimContext, caller: Caller, service: AmbientService): ZtunnelBalance {
  const plane = caller.plane.plane.cluster;
  const memo = ctx.memos;
  const key = memo.balanceKeys.get(
    [caller.proxy, service],
    () => `${plane}|${proxyClassKey(ctx, caller.proxy)}|${service.key}`,
  );
  return memo.balances.get(key, () => {
    const wds = memo.wds.get(`${plane}|${service.key}`, () => serviceWds(ctx, caller.plane, service));
    return balanceFor(ctx, caller, service, wds);
  });
}

/** What one istiod sends ztunnels for one service, whichever client asks. */
export interface ServiceWds {
  readonly workloads: AmbientServiceWorkloads;
  readonly candidates: readonly Candidate[];
  readonly decisions: ZtunnelBalance["wdsDecisions"];
}

function serviceWds(ctx: SimContext, plane: PlaneView, service: AmbientService): ServiceWds {
  // Every declaring cluster's pods, in declaration order: the WDS keeps the contributing ones and
  // puts the local ones in the service's cluster order (registry order).
  const workloads = ambientWorkloadsOfClusters(service, podLists(ctx, plane.declarations(service.hostname)), {
    localNetwork: plane.configCluster.network,
    gateways: plane.gateways.ambient,
    trustDomain: ctx.mesh.trustDomain,
    shared: ctx.memos.splitHorizonWorkloads,
  });
  const candidates: Candidate[] = [
    ...workloads.localWorkloads.map((w) => localCandidate(ctx, w)),
    ...workloads.splitHorizon.map(splitCandidate),
  ];
  // Grouped when a trace first shows them: distributions never do.
  return lazyProperty({ workloads, candidates }, "decisions", () => groupDecisions(workloads.decisions));
}

/**
 * The selected pods (readiness faults applied) of each declaring cluster, in declaration order,
 * per declaration list and fault state: istiods that read the same clusters share the list, so the
 * WDS template made from it serves them all.
 */
function podLists(ctx: SimContext, declarations: readonly ServiceModel[]): readonly (readonly Workload[])[] {
  const byFaults = getOrCreate(
    PODS,
    declarations,
    () => new WeakMap<FaultState, readonly (readonly Workload[])[]>(),
  );
  return getOrCreate(byFaults, ctx.faults, () =>
    declarations.map((d) => withReadiness(ctx, ctx.index.selectedWorkloads(d))),
  );
}

const PODS = new WeakMap<readonly ServiceModel[], WeakMap<FaultState, readonly (readonly Workload[])[]>>();

/** One line per (action, reason) with how many workloads it covers (a service has hundreds). */
function groupDecisions(decisions: AmbientServiceWorkloads["decisions"]): ServiceWds["decisions"] {
  // Keyed by the action, then by the reason string itself: a WDS shares one reason string per
  // cluster or network, so its hash is computed once (no joined key per workload).
  const groups = new Map<string, Map<string, { action: string; reason: string; workloads: string[] }>>();
  const ordered: { action: string; reason: string; workloads: string[] }[] = [];
  for (const d of decisions) {
    const byReason = getOrCreate(groups, d.action, () => new Map());
    const group = byReason.get(d.reason);
    if (group) group.workloads.push(d.workload);
    else {
      const created = { action: d.action, reason: d.reason, workloads: [d.workload] };
      byReason.set(d.reason, created);
      ordered.push(created);
    }
  }
  return ordered.map((g) => ({
    decision:
      g.workloads.length === 1
        ? `${g.workloads[0]}: ${g.action}`
        : `${g.workloads.length} workloads ${g.action} (${g.workloads[0]}, …)`,
    reason: g.reason,
  }));
}

/** The networks of an istiod's ambient gateways, once per gateway list (every balance of the istiod reads it). */
const gatewayNetworks = memoizeWeak(
  (gateways: readonly AmbientNetworkGateway[]): ReadonlySet<string> =>
    new Set(gateways.map((g) => g.network)),
);

function balanceFor(
  ctx: SimContext,
  caller: Caller,
  service: AmbientService,
  wds: ServiceWds,
): ZtunnelBalance {
  const base = service.base;
  // Explanations are made only when read (a fresh computation): balances are memoised by the
  // thousand and their text is rarely asked for.
  const balanced = (explain: boolean) =>
    computeDistribution<Candidate>({
      proxy: caller.proxy,
      endpoints: wds.candidates,
      service: {
        kind: "Service",
        trafficDistribution: base.trafficDistribution,
        internalTrafficPolicy: base.internalTrafficPolicy,
        publishNotReadyAddresses: base.publishNotReadyAddresses,
      },
      meshConfig: caller.plane.configCluster.effectiveMeshConfig,
      istioVersion: ctx.istioVersion,
      networksWithGateway: gatewayNetworks(caller.plane.gateways.ambient),
      explain,
    });
  const distribution = balanced(false);
  // The balance is memoised per (istiod, proxy class, service), and so are the sums of its leaves.
  const sums: KeptSums = {};
  return lazyProperty(
    {
      workloads: wds.workloads,
      distribution,
      summary: () =>
        summariseLeaves(
          "ztunnel",
          (visit) => visitAmbientLeaves(ctx, distribution.shares, visit),
          (add) => addAmbientClusterShares(ctx, distribution.shares, add),
          () => balanced(true).explanation.map((s) => s.message),
          sums,
        ),
    },
    "wdsDecisions",
    () => wds.decisions,
  );
}

/** The ambient service of the destination: by the name DNS answered for, else by VIP on the client's network. */
export function findService(
  plane: PlaneView,
  address: string,
  network: string,
  serviceKey?: string,
): AmbientService | undefined {
  if (serviceKey) {
    const hostname = serviceKey.slice(serviceKey.indexOf("/") + 1);
    const byName = plane.ambientService(hostname);
    if (byName) return byName;
  }
  return plane.ambientServiceAt(address, network);
}

function localCandidate(ctx: SimContext, w: Workload): Candidate {
  return {
    address: w.ips[0] ?? "",
    cluster: w.cluster,
    network: w.network,
    locality: w.locality,
    labels: w.labels,
    weight: 1,
    health: w.health,
    workloadId: w.id,
    ...(w.node ? { node: w.node } : {}),
    workload: ctx.index.workloads.get(w.id) ?? w,
  };
}

/**
 * A Service's selected pods as its istiod sees them: readiness faults mark pods unhealthy (copies).
 * The list is kept per (fault state, pod list), so every istiod reading it gets the same object.
 */
function withReadiness(ctx: SimContext, pods: readonly Workload[]): readonly Workload[] {
  const byPods = getOrCreate(
    READINESS,
    ctx.faults,
    () => new WeakMap<readonly Workload[], readonly Workload[]>(),
  );
  return getOrCreate(byPods, pods, () =>
    pods.some((w) => ctx.faults.isUnhealthy(w.id))
      ? pods.map((w) => (ctx.faults.isUnhealthy(w.id) ? { ...w, health: "unhealthy" as const } : w))
      : pods,
  );
}

const READINESS = new WeakMap<FaultState, WeakMap<readonly Workload[], readonly Workload[]>>();

/** A split-horizon workload as a ztunnel candidate (one per workload: they are shared by istiods). */
const splitCandidate = memoizeWeak(
  (sh: SplitHorizonWorkload): Candidate => ({
    address: "",
    cluster: sh.cluster,
    network: sh.network,
    locality: NO_LOCALITY,
    labels: {},
    weight: sh.capacity,
    health: sh.healthyMembers > 0 ? "healthy" : "unhealthy",
    workloadId: sh.uid,
    splitHorizon: sh,
  }),
);

/** Same network: HBONE from the client's ztunnel to the destination's (or TCP to a non-ambient pod). */
function toWorkload(
  ctx: SimContext,
  flow: Flow,
  caller: Caller,
  server: Workload,
  servicePort: number,
  port: AmbientService["base"]["ports"][number] | undefined,
): OutboundResult {
  const targetPort = (port && resolveTargetPort(port, server)) ?? servicePort;
  const hbone = server.dataplane === "ambient";
  const address = server.ips[0] ?? "";
  const draft: HopDraft = {
    from: { role: "ztunnel", id: ztunnelId(caller.workload), cluster: caller.workload.cluster },
    to: { ...receiverOf(server), address: hbone ? `${address}:${HBONE_PORT}` : `${address}:${targetPort}` },
    protocol: hbone ? "HBONE" : "TCP",
    ...(hbone ? { authority: [`${address}:${targetPort}`] } : {}),
  };
  if (!ctx.faults.workloadAnswers(server.id, server.cluster)) {
    flow.add(draft);
    flow.fail("UPSTREAM_CONNECT_FAILURE", `${server.id} does not answer`);
    return {};
  }
  // ztunnel expects exactly the identity of the workload it picked (istio-semantics §3.5).
  if (!hbone) flow.add(draft);
  else if (!addSecureHop(ctx, flow, draft, [ztunnelSession(caller, server, [server.identity])])) return {};
  deliver(ctx, flow, {
    server,
    port: targetPort,
    protocol: "tcp",
    mtls: hbone,
    ...(hbone ? { clientIdentity: caller.workload.identity } : {}),
    sourceIp: caller.workload.ips[0] ?? "",
  });
  return { endpoint: servedByWorkload(server, targetPort, undefined, address) };
}

/**
 * Another network: outer HBONE to the east-west gateway (`gwIP:15008`, authority = service
 * host:port), inner HBONE through it to the destination ztunnel, verified against the service's
 * SANs (istio-semantics §3.5 ztunnel outbound 4–5).
 */
function doubleHbone(
  ctx: SimContext,
  flow: Flow,
  caller: Caller,
  req: OutboundRequest,
  service: AmbientService,
  sh: SplitHorizonWorkload,
  subjectAltNames: readonly string[],
): OutboundResult {
  const tunnel = tunnelTo(sh, service, req.target.port, subjectAltNames, caller.workload.network);
  if ("diagnostic" in tunnel) {
    flow.fail("ZTUNNEL_NO_NETWORK_GATEWAY", tunnel.diagnostic.message);
    return {};
  }
  const { outer, inner, gwId, decision } = tunnel;
  const gw = sh.networkGateway;
  const outerHop: HopDraft = {
    from: { role: "ztunnel", id: ztunnelId(caller.workload), cluster: caller.workload.cluster },
    to: { role: "eastwest-gateway", id: gwId, cluster: gw.cluster, address: outer.target },
    protocol: "double HBONE",
    authority: [outer.authority, inner.authority],
    headers: inner.headers,
    decisions: [decision],
  };
  if (!ambientGatewayAnswers(ctx, flow, outerHop, caller.workload.network, gw, gwId)) return {};
  // The outer tunnel is mTLS between the client's ztunnel and the gateway (an Envoy): the gateway's
  // own identity is expected on the outer layer (istio-semantics §3.5).
  const outerSession: SessionEnds = {
    client: sessionEnd(`ztunnel ${ztunnelId(caller.workload)}`, caller.workload, "ztunnel"),
    server: sessionEnd(`eastwest-gateway ${gwId}`, gw, "sidecar"),
    clientExpects: outer.expectedIdentities,
  };
  if (!addSecureHop(ctx, flow, outerHop, [outerSession])) return {};
  const pick = gatewayPick(ctx, service, sh, req.target.port, (count) => req.picks.uniform(count, gwId));
  if (!pick) {
    flow.fail(
      "ZTUNNEL_NO_HEALTHY_UPSTREAM",
      `east-west gateway ${gwId} has no healthy endpoint of ${service.hostname}:${req.target.port} in ${gw.network}`,
    );
    return {};
  }
  const { server, targetPort } = pick;
  const innerHop: HopDraft = {
    from: { role: "eastwest-gateway", id: gwId, cluster: gw.cluster },
    to: { ...receiverOf(server), address: `${server.ips[0] ?? ""}:${HBONE_PORT}` },
    protocol: "HBONE",
    authority: [inner.authority],
    decisions: [
      {
        kind: "gateway-route",
        decision: `outer :authority ${outer.authority} → ${server.id}`,
        reason:
          "the gateway terminates the outer HBONE and forwards the still-encrypted inner stream to a local endpoint (istio-semantics §3.5)",
      },
    ],
  };
  if (!ctx.faults.workloadAnswers(server.id, server.cluster)) {
    flow.add(innerHop);
    flow.fail("UPSTREAM_CONNECT_FAILURE", `${server.id} does not answer behind gateway ${gwId}`);
    return {};
  }
  // The inner tunnel is verified end to end against the service's SANs (istio-semantics §3.5).
  if (!addSecureHop(ctx, flow, innerHop, [ztunnelSession(caller, server, inner.expectedIdentities)]))
    return {};
  deliver(ctx, flow, {
    server,
    port: targetPort,
    protocol: "tcp",
    mtls: true,
    clientIdentity: caller.workload.identity,
    sourceIp: typeof gw.address === "string" ? gw.address : outer.address,
  });
  return { endpoint: servedByWorkload(server, targetPort, gwId) };
}

/** The two tunnels to a remote network's split-horizon workload, with the gateway's id and the hop's decision. */
type Tunnel =
  | { readonly diagnostic: { readonly message: string } }
  | (DoubleHboneTargets & { readonly gwId: string; readonly decision: HopDecision });

const tunnels = new PathMemo<readonly [SplitHorizonWorkload, readonly string[], number, string], Tunnel>();

/**
 * `doubleHboneTargets` for (split-horizon workload, SANs, service port, source network), made once
 * (a split-horizon workload stands for one service, so it names the hostname).
 */
function tunnelTo(
  sh: SplitHorizonWorkload,
  service: AmbientService,
  port: number,
  subjectAltNames: readonly string[],
  sourceNetwork: string,
): Tunnel {
  return tunnels.get([sh, subjectAltNames, port, sourceNetwork], () => {
    const found = doubleHboneTargets({
      sourceNetwork,
      service: { hostname: service.hostname, port, subjectAltNames },
      networkGateway: sh.networkGateway,
    });
    if ("diagnostic" in found) return found;
    const { outer, inner, reason } = found.targets;
    return {
      ...found.targets,
      gwId: ambientGatewayId(sh.networkGateway),
      decision: Object.freeze({
        kind: "double-hbone",
        decision: `outer CONNECT ${outer.authority} to ${outer.target}; inner CONNECT ${inner.authority}`,
        reason,
      }),
    };
  });
}

/** An ambient east-west gateway as hops and rows name it: `<cluster>/<namespace>/<name>`. */
const ambientGatewayId = memoizeWeak(
  (gw: AmbientNetworkGateway) => `${gw.cluster}/${gw.namespace}/${gw.name}`,
);

// Decision lines made once per memoised object (workload, service, share): the same text every time.

const captureOf = memoizeWeak(
  (workload: Workload): HopDecision =>
    Object.freeze({
      kind: "capture",
      decision: "redirected to the node's ztunnel (outbound 15001)",
      reason: workload.dataplaneReason,
    }),
);

const serviceLine = memoizeWeak((service: AmbientService) => `${service.key} (${service.scope})`);

const pickLineOf = memoizeWeak(({ endpoint, share }: Distribution<Candidate>["shares"][number]) => ({
  decision: endpoint.splitHorizon
    ? `remote network ${endpoint.network} (split-horizon workload, capacity ${endpoint.weight})`
    : `${endpoint.workload!.id}`,
  reason: `ztunnel load balancing, share ${(share * 100).toFixed(1)}%`,
}));

/** An HBONE session between the client's ztunnel and the destination's (ztunnel impersonates its workloads). */
function ztunnelSession(caller: Caller, server: Workload, expects: readonly string[]): SessionEnds {
  return {
    client: sessionEnd(`ztunnel ${ztunnelId(caller.workload)}`, caller.workload, "ztunnel"),
    server: sessionEnd(`ztunnel ${ztunnelId(server)}`, server, "ztunnel"),
    clientExpects: expects,
  };
}

/** The east-west gateway's choice among its network's healthy members of the service (uniform, seeded). */
function gatewayPick(
  ctx: SimContext,
  service: AmbientService,
  sh: SplitHorizonWorkload,
  servicePort: number,
  pick: (count: number) => number,
): { server: Workload; targetPort: number } | undefined {
  const members = gatewayMembers(ctx, sh).workloads;
  const server = members[pick(members.length)];
  if (!server) return undefined;
  const port = service.base.ports.find((p) => p.port === servicePort);
  return { server, targetPort: (port && resolveTargetPort(port, server)) ?? servicePort };
}

/**
 * The split-horizon workload's members the gateway can forward to (ready, and their cluster up),
 * and the part of the workload's share each of their clusters receives, in member order.
 */
function gatewayMembers(ctx: SimContext, sh: SplitHorizonWorkload): GatewayMembers {
  // A split-horizon workload belongs to one compiled mesh (its WDS is memoised per SimContext).
  return getOrCreate(MEMBERS, sh, () => {
    const workloads = sh.members
      .map((id) => ctx.index.workloads.get(id))
      .filter((w): w is Workload => w !== undefined && ctx.faults.isReady(w));
    const counts = new Map<string, number>();
    for (const w of workloads) counts.set(w.cluster, (counts.get(w.cluster) ?? 0) + 1);
    return {
      workloads,
      rows: workloads.map((w) => rowBase(w)),
      clusters: [...counts].map(([c, n]) => [c, n / workloads.length] as const),
      via: ambientGatewayId(sh.networkGateway),
    };
  });
}

interface GatewayMembers {
  readonly workloads: readonly Workload[];
  /** Each member's row fields (every client reaching the gateway visits them). */
  readonly rows: readonly RowBase[];
  readonly clusters: ClusterShares;
  /** The gateway the members' rows pass (`<cluster>/<namespace>/<name>`). */
  readonly via: string;
}

const MEMBERS = new WeakMap<SplitHorizonWorkload, GatewayMembers>();

type WdsShares = readonly { endpoint: Candidate; share: number; priority: number }[];

/** Visits the shares over final workloads: a split-horizon workload's share spread evenly over its healthy members. */
function visitAmbientLeaves(ctx: SimContext, shares: WdsShares, visit: LeafVisitor): void {
  for (const { endpoint, share, priority } of shares) {
    if (share === 0) continue;
    if (endpoint.splitHorizon) {
      const { workloads, rows, via } = gatewayMembers(ctx, endpoint.splitHorizon);
      for (let i = 0; i < workloads.length; i++) {
        visit(workloads[i]!, share / workloads.length, priority, via, undefined, rows[i]);
      }
    } else if (endpoint.workload) {
      visit(endpoint.workload, share, priority, undefined);
    }
  }
}

/** `visitAmbientLeaves` summed per cluster: a split-horizon workload adds its members' clusters' parts. */
function addAmbientClusterShares(ctx: SimContext, shares: WdsShares, add: ClusterShareSink): void {
  for (const { endpoint, share } of shares) {
    if (share === 0) continue;
    if (endpoint.splitHorizon) {
      for (const [cluster, part] of gatewayMembers(ctx, endpoint.splitHorizon).clusters)
        add(cluster, share * part);
    } else if (endpoint.workload) {
      add(endpoint.workload.cluster, share);
    }
  }
}
