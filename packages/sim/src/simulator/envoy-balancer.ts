import { getOrCreate, lazyProperty, type Workload } from "@meshwright/core";
import { buildEndpointView, type EdsEndpoint, type EndpointView, eastWestGatewayView } from "../endpoints";
import { placementRunsOf } from "../endpoints/placement-runs";
import { isVisibleToProxy } from "../endpoints/proxy-role";
import { computeDistribution, type Distribution, type LbTrafficPolicy, outlierDetectionOf } from "../lb";
import type { RegistryEndpoint } from "../model/endpoint";
import type { ProxyView } from "../model/proxy";
import type { SimContext } from "./context";
import type { DestinationService } from "./destination-service";
import {
  type ClusterShareSink,
  type ClusterShares,
  type LeafVisitor,
  type RowBase,
  rowBase,
} from "./distribution-summary";
import { labelsKey } from "./labels-key";
import { endpointNamespaces, peerAuthKey, peerAuthModeLookup } from "./peer-auth-lookup";
import type { PlaneView } from "./plane-view";
import { proxyClassKey } from "./proxy-class";

/** One Envoy cluster (`outbound|port|subset|host`) as a given proxy load-balances it. */
export interface EnvoyClusterView {
  readonly distribution: Distribution<EdsEndpoint>;
  /** Every decision on the way: endpoint filtering, split horizon, locality LB. */
  readonly explanation: readonly string[];
}

/** The destination of an Envoy cluster: host, service port, subset. */
export interface ClusterKey {
  readonly service: DestinationService;
  readonly port: number;
  readonly subset?: string;
}

/**
 * EDS + locality LB for an Envoy proxy (sidecar or waypoint): the registry endpoints of the host
 * filtered and split-horizoned for this proxy (istio-semantics §1.2, §3.3), then prioritised and
 * weighted (§1.3–1.8). Memoised per (istiod, proxy class, host, port, subset): a compiled mesh is immutable.
 */
export function envoyClusterView(
  ctx: SimContext,
  plane: PlaneView,
  proxy: ProxyView,
  key: ClusterKey,
): EnvoyClusterView {
  const memoKey = ctx.memos.clientViewKeys.get(
    [proxy, key.service, key.port, key.subset ?? ""],
    () =>
      `${plane.plane.cluster}|${proxyClassKey(ctx, proxy)}|${key.service.hostname}|${key.port}|${key.subset ?? ""}`,
  );
  return ctx.memos.clientViews.get(memoKey, () => buildClientView(ctx, plane, proxy, key));
}

function buildClientView(
  ctx: SimContext,
  plane: PlaneView,
  proxy: ProxyView,
  key: ClusterKey,
): EnvoyClusterView {
  const { service, port, subset } = key;
  const policy = plane.routing.trafficPolicy(proxy, service.hostname, port, subset);
  const endpoints = plane.registryEndpoints(service.hostname, port);
  // The view before locality LB reads only part of the proxy (see edsClassKey) and the policy's
  // TLS mode, subset labels and health threshold: proxies alike in those share it.
  const edsKey = `${plane.plane.cluster}|${edsClassKey(proxy, service)}|${service.hostname}|${port}|${subset ?? ""}|${policy.tls?.mode ?? ""}|${policy.subsetLabels ? labelsKey(policy.subsetLabels) : ""}|${policy.outlierDetection?.minHealthPercent ?? ""}`;
  const build = () =>
    ctx.memos.edsViews.get(edsKey, () =>
      buildEndpointView(endpoints, {
        proxy,
        service: { ...service, port },
        ...istiodViewContext(ctx, plane, service.hostname, endpoints),
        ...(policy.tls ? { drTlsMode: policy.tls.mode } : {}),
        ...(policy.subsetLabels ? { subsetLabels: policy.subsetLabels } : {}),
        ...(policy.outlierDetection?.minHealthPercent !== undefined
          ? { outlierMinHealthPercent: policy.outlierDetection.minHealthPercent }
          : {}),
      }),
    );
  return balance(ctx, plane, proxy, service, build, policy.policy, policy.explanation);
}

/**
 * What every EDS view of `hostname` made by `plane`'s istiod reads of that istiod, client or
 * gateway alike: its network gateways and flags, whether the host is cluster-local for it, and the
 * PeerAuthentications of its own cluster (auto mTLS, istio-semantics §4.4) with their content key.
 */
function istiodViewContext(
  ctx: SimContext,
  plane: PlaneView,
  hostname: string,
  endpoints: readonly RegistryEndpoint[],
) {
  const resources = plane.configCluster.resources;
  const namespaces = endpointNamespaces(endpoints, ctx.index);
  return {
    istioVersion: ctx.istioVersion,
    gateways: plane.gateways.sidecar,
    clusterLocal: plane.isClusterLocal(hostname),
    flags: plane.flags,
    peerAuthModeOf: peerAuthModeLookup(resources, ctx.index, ctx.mesh.rootNamespace),
    peerAuthKey: peerAuthKey(resources, ctx.mesh.rootNamespace, namespaces),
  };
}

/**
 * What a sidecar's EDS view (before locality LB) reads from its proxy: the kind, cluster, network,
 * IP families and requested network view (endpoint filter, HBONE choice, split horizon), and the
 * node only for a node-local Service (`internalTrafficPolicy: Local`). Locality, labels and
 * namespace shape only the LB and the traffic policy, which are per proxy class.
 */
const edsClassKey = (proxy: ProxyView, service: DestinationService): string =>
  `${proxy.kind}|${proxy.cluster}|${proxy.network}|${proxy.ipFamilies.join(",")}|${proxy.requestedNetworkView.join(",")}|${service.internalTrafficPolicy === "Local" ? (proxy.node ?? "") : ""}`;

/**
 * What an east-west gateway (AUTO_PASSTHROUGH) does with a connection for `sni`: its own istiod's
 * endpoints of its network (requested network view), mTLS-capable only, subset from the SNI
 * (istio-semantics §3.4). It depends on no client, so it is memoised per (plane, gateway, SNI).
 */
export function gatewayClusterView(
  ctx: SimContext,
  plane: PlaneView,
  gateway: ProxyView,
  key: ClusterKey & { readonly sni: string },
): EnvoyClusterView {
  const memoKey = `${plane.plane.cluster}|${gateway.workloadId}|${gateway.network}|${key.service.hostname}|${key.port}|${key.subset ?? ""}|${key.sni}`;
  return ctx.memos.gatewayViews.get(memoKey, () => buildGatewayView(ctx, plane, gateway, key));
}

function buildGatewayView(
  ctx: SimContext,
  plane: PlaneView,
  gateway: ProxyView,
  key: ClusterKey & { readonly sni: string },
): EnvoyClusterView {
  const { service, port, subset } = key;
  const policy = plane.routing.trafficPolicy(gateway, service.hostname, port, subset);
  const rule = plane.routing.destinationRule(gateway, service.hostname);
  // Only the gateway's own network is in its REQUESTED_NETWORK_VIEW (§3.4): the other networks'
  // endpoints would be dropped first thing (§1.2 step 1), so they are not handed over at all.
  const endpoints = plane.registryEndpoints(service.hostname, port);
  const visible = visibleEndpoints(endpoints, gateway);
  const build = () =>
    eastWestGatewayView(visible, {
      gateway,
      sni: key.sni,
      service,
      ...istiodViewContext(ctx, plane, service.hostname, endpoints),
      ...(rule
        ? {
            subsets: rule.rule.subsets.map((s) => ({
              name: s.name,
              ...(s.labels ? { labels: s.labels } : {}),
            })),
          }
        : {}),
    });
  return balance(ctx, plane, gateway, service, build, policy.policy, [
    `east-west gateway routes SNI ${key.sni} without terminating TLS (AUTO_PASSTHROUGH)`,
  ]);
}

/**
 * The endpoints of `endpoints` in `proxy`'s requested network view, kept per (list, view): the
 * gateways of a network all ask for the same part of lists that istiods reading the same clusters
 * share (see `PlaneView.registryEndpoints`). Visibility reads only the network, so it is decided
 * per run of one (cluster, network) and the visible runs are copied whole, in list order.
 */
function visibleEndpoints(
  endpoints: readonly RegistryEndpoint[],
  proxy: ProxyView,
): readonly RegistryEndpoint[] {
  const byView = getOrCreate(VISIBLE, endpoints, () => new Map<string, readonly RegistryEndpoint[]>());
  return getOrCreate(byView, proxy.requestedNetworkView.join(","), () => {
    const visible: RegistryEndpoint[] = [];
    for (const run of placementRunsOf(endpoints)) {
      if (!isVisibleToProxy(proxy, run.network)) continue;
      for (let i = run.start; i < run.end; i++) visible.push(endpoints[i]!);
    }
    return visible;
  });
}

const VISIBLE = new WeakMap<readonly RegistryEndpoint[], Map<string, readonly RegistryEndpoint[]>>();

/**
 * Locality LB (and outlier ejection) over the groups of the EDS view `buildView` builds. The
 * explanation (`preface`, one line per endpoint decision, then the LB rules) is built when first
 * read, by building the view and balancing it again with explanations on: a view of a service
 * with hundreds of endpoints would otherwise keep tens of kB of text in the memo, and a matrix
 * builds tens of thousands of views whose explanation nobody reads.
 */
function balance(
  ctx: SimContext,
  plane: PlaneView,
  proxy: ProxyView,
  service: DestinationService,
  buildView: () => EndpointView,
  policy: LbTrafficPolicy | undefined,
  preface: readonly string[],
): EnvoyClusterView {
  const balanced = (explain: boolean) =>
    outlierEjection(
      ctx,
      proxy,
      buildView().groups.flatMap((g) => g.endpoints),
      policy,
      (endpoints: readonly EdsEndpoint[]) =>
        computeDistribution<EdsEndpoint>({
          proxy,
          endpoints,
          service: service.ztunnel,
          destinationRulePolicy: policy,
          meshConfig: plane.configCluster.effectiveMeshConfig,
          istioVersion: ctx.istioVersion,
          ejected: ctx.faults.ejected,
          explain,
        }),
    );
  return lazyProperty({ distribution: balanced(false).distribution }, "explanation", () => {
    const explained = balanced(true);
    return [
      ...preface,
      ...buildView()
        .decisions.filter((d) => d !== undefined)
        .map((d) => `${d.address}:${d.port} ${d.action}: ${d.reason}`),
      ...explained.explanation,
      ...explained.distribution.explanation.map((s) => s.message),
    ];
  });
}

/** Envoy's default `max_ejection_percent` (istiod sets the field only when the rule's value is > 0). */
const DEFAULT_MAX_EJECTION_PERCENT = 10;

/**
 * Envoy outlier detection in its steady state under the injected faults. With `outlierDetection`
 * on the DestinationRule, a host that receives requests and does not answer (its cluster is down,
 * its pod not ready, its east-west gateway down or behind a partition, a pod IP of another network)
 * collects consecutive 5xx / gateway errors (connect failures count: `consecutive_5xx` covers them
 * unless `split_external_local_origin_errors`) and is ejected; ejected hosts count as unhealthy, so
 * the priority loads move traffic to the next locality (istio-semantics §1.4, §1.8; Istio
 * `cluster_traffic_policy.go` applyOutlierDetection). Envoy ejects at most `max_ejection_percent`
 * of the cluster's hosts (default 10 %, but always at least one): the hosts taking the most traffic
 * fail first, so they are ejected first, and the rest keep failing. Without `outlierDetection`
 * nothing is ejected and stale endpoints keep their share (the request then fails on them).
 */
function outlierEjection(
  ctx: SimContext,
  proxy: ProxyView,
  endpoints: readonly EdsEndpoint[],
  policy: LbTrafficPolicy | undefined,
  distributionOf: (endpoints: readonly EdsEndpoint[]) => Distribution<EdsEndpoint>,
): { distribution: Distribution<EdsEndpoint>; explanation: readonly string[] } {
  let distribution = distributionOf(endpoints);
  const detection = outlierDetectionOf(policy);
  if (!detection || !ejectsOnErrors(detection)) return { distribution, explanation: [] };
  const failing = new Set(endpoints.filter((ep) => !hostAnswers(ctx, proxy, ep)));
  if (failing.size === 0) return { distribution, explanation: [] };
  const percent =
    detection.maxEjectionPercent !== undefined && detection.maxEjectionPercent > 0
      ? detection.maxEjectionPercent
      : DEFAULT_MAX_EJECTION_PERCENT;
  const limit = Math.max(1, Math.floor((endpoints.length * percent) / 100));
  const ejected = new Set<EdsEndpoint>();
  let current = endpoints;
  while (ejected.size < limit) {
    const next = distribution.shares
      .filter((s) => s.share > 0 && failing.has(s.endpoint) && !ejected.has(s.endpoint))
      .sort((a, b) => b.share - a.share)
      .slice(0, limit - ejected.size)
      .map((s) => s.endpoint);
    if (next.length === 0) break;
    for (const ep of next) ejected.add(ep);
    current = endpoints.map((ep) => (ejected.has(ep) ? { ...ep, health: "unhealthy" as const } : ep));
    distribution = distributionOf(current);
  }
  const names = [...ejected].map((ep) => ep.workloadId ?? `gateway ${ep.address}:${ep.port}`);
  const kept = [...failing].filter((ep) => !ejected.has(ep)).length;
  return {
    distribution,
    explanation: [
      `outlier detection ejected ${ejected.size} host(s) that do not answer: ${names.join(", ")}` +
        (kept > 0
          ? ` (max_ejection_percent ${percent}% of ${endpoints.length} hosts allows ${limit}; ${kept} failing host(s) stay in the pool)`
          : ""),
    ],
  };
}

/**
 * Whether errors eject at all: istiod enforces `consecutive_5xx` (and gateway errors) at 100 % unless
 * the rule sets `consecutive5xxErrors: 0` without `consecutiveGatewayErrors` (applyOutlierDetection).
 */
function ejectsOnErrors(detection: NonNullable<ReturnType<typeof outlierDetectionOf>>): boolean {
  const fiveXx = (detection as { consecutive5xxErrors?: number }).consecutive5xxErrors;
  const gateway = (detection as { consecutiveGatewayErrors?: number }).consecutiveGatewayErrors;
  return fiveXx !== 0 || (gateway !== undefined && gateway > 0);
}

/** Whether `proxy` gets an answer from the EDS host (what its outlier detection observes). */
function hostAnswers(ctx: SimContext, proxy: ProxyView, ep: EdsEndpoint): boolean {
  if (ep.kind === "gateway") {
    const gw = ep.gateway;
    if (!gw) return true;
    return ctx.faults.networksConnected(proxy.network, gw.network) && !ctx.faults.networkGatewayDown(gw);
  }
  const workload = ep.workloadId ? ctx.index.workloads.get(ep.workloadId) : undefined;
  // ServiceEntry endpoints outside the model answer as configured.
  if (!workload) return true;
  // A pod IP of another network is not routable from here (sidecars send there when istiod knows no gateway).
  if (ep.network && proxy.network && ep.network !== proxy.network) return false;
  return ctx.faults.workloadAnswers(workload.id, workload.cluster);
}

/**
 * An east-west gateway: its own view of the SNI cluster (none: the connection goes nowhere), and
 * that view's plans, per gateway depth, made as walks first pass it (see `hostResolver`). The
 * plans live with the host: a client's walk looks nothing up per gateway host it passes.
 */
export type GatewayBehind = {
  readonly kind: "gateway";
  readonly cluster: string;
  readonly via: string;
} & (
  | { readonly view?: undefined }
  | { readonly view: EnvoyClusterView; readonly plans: (GatewayPlan | undefined)[] }
);

/** A gateway host whose connection goes on: it has a view to plan. */
type PlannedGateway = Extract<GatewayBehind, { readonly plans: unknown }>;

/** What a host of an Envoy view stands for when its share is spread over the final workloads. */
export type HostBehind =
  | GatewayBehind
  /**
   * A ClusterIP: kube-proxy spreads connections evenly over the Service's ready pods; or an ambient
   * E/W gateway, which spreads inner streams evenly over the service's ready pods of its network
   * (`via`: that gateway).
   */
  | {
      readonly kind: "pods";
      readonly pods: readonly Workload[];
      readonly port: number;
      readonly via?: string;
    };

/** Where a connection is: the cluster whose kube-proxy would translate a ClusterIP, and how many gateways it passed. */
export interface ConnectionAt {
  readonly cluster: string;
  readonly depth: number;
}

/**
 * The one `ConnectionAt` of (cluster, depth): a distribution's walk passes through a place per
 * gateway host (hundreds per client view), and none of them allocates.
 */
export function connectionAt(cluster: string, depth: number): ConnectionAt {
  const byDepth = getOrCreate(PLACES, cluster, (): ConnectionAt[] => []);
  return (byDepth[depth] ??= { cluster, depth });
}

const PLACES = new Map<string, ConnectionAt[]>();

/** A share of a gateway's view that receives requests, with what its host stands for. */
export interface PlannedShare {
  readonly endpoint: EdsEndpoint;
  readonly share: number;
  readonly priority: number;
  readonly behind: HostBehind | undefined;
  /** The endpoint's row fields, made when a walk first visits it (every client's rows pass here). */
  row?: RowBase;
}

/** What the hosts of views stand for, as a request's rows visit them. */
export interface HostResolver {
  /** What one host stands for at `at` (undefined: itself). */
  readonly behind: (ep: EdsEndpoint, at: ConnectionAt) => HostBehind | undefined;
  /**
   * The shares of a gateway's view that receive requests, each resolved: every client's rows pass
   * through the same gateway views, so these are memoised (see `hostResolver`).
   */
  readonly plan: (gateway: PlannedGateway, at: ConnectionAt) => readonly PlannedShare[];
  /**
   * What a gateway's view sends on to each cluster at `at`, in the order its leaves first reach
   * each one: the per-cluster sums of its plan's leaves, kept beside the plan (every client view
   * holding that gateway adds them instead of walking the gateway's leaves again).
   */
  readonly clusterShares: (gateway: PlannedGateway, at: ConnectionAt) => ClusterShares;
}

/**
 * A `HostResolver` around `behind`. A gateway's plan at a depth is kept on its host (the host is
 * kept per gateway and SNI, per compile: a successor compile re-resolves gateways that may have
 * changed), so it must depend on nothing but the host, the depth and what the host names.
 */
export function hostResolver(behind: HostResolver["behind"]): HostResolver {
  const gatewayPlan = (gateway: PlannedGateway, at: ConnectionAt): GatewayPlan =>
    (gateway.plans[at.depth] ??= {
      shares: gateway.view.distribution.shares
        .filter((s) => s.share !== 0)
        .map((s) => ({
          endpoint: s.endpoint,
          share: s.share,
          priority: s.priority,
          behind: behind(s.endpoint, at),
        })),
    });
  const resolver: HostResolver = {
    behind,
    plan: (gateway, at) => gatewayPlan(gateway, at).shares,
    clusterShares: (gateway, at) => {
      const plan = gatewayPlan(gateway, at);
      if (!plan.clusters) {
        const totals = new Map<string, number>();
        const add: ClusterShareSink = (cluster, share) =>
          totals.set(cluster, (totals.get(cluster) ?? 0) + share);
        for (const p of plan.shares) addClusterShare(add, p.endpoint, p.share, p.behind, resolver, at);
        plan.clusters = [...totals];
      }
      return plan.clusters;
    },
  };
  return resolver;
}

/** A gateway view's resolved shares at one place, and (once asked for) their per-cluster sums. */
export interface GatewayPlan {
  readonly shares: readonly PlannedShare[];
  clusters?: ClusterShares;
}

/**
 * Adds the shares a view sends to each cluster, scaled by `factor`, in the order its leaves first
 * reach each cluster (`visitShareLeaves` summed per cluster): a gateway's host adds the gateway's
 * kept per-cluster sums, so no gateway's leaves are walked per client view.
 */
export function visitClusterShares(
  add: ClusterShareSink,
  view: EnvoyClusterView,
  hosts: HostResolver,
  at: ConnectionAt,
  factor = 1,
): void {
  for (const { endpoint, share } of view.distribution.shares) {
    if (share === 0) continue;
    addClusterShare(add, endpoint, share * factor, hosts.behind(endpoint, at), hosts, at);
  }
}

function addClusterShare(
  add: ClusterShareSink,
  ep: EdsEndpoint,
  share: number,
  next: HostBehind | undefined,
  hosts: HostResolver,
  at: ConnectionAt,
): void {
  if (next?.kind === "gateway") {
    if (!next.view) return;
    for (const [cluster, part] of hosts.clusterShares(next, connectionAt(next.cluster, at.depth + 1)))
      add(cluster, share * part);
    return;
  }
  if (next?.kind === "pods") {
    for (const pod of next.pods) add(pod.cluster, share / next.pods.length);
    return;
  }
  add(ep.cluster, share);
}

/**
 * Visits the shares of the final leaves in report order: workload endpoints as they are; a host
 * that stands for more (a gateway, a ClusterIP) spread over what it leads to. Every share is scaled
 * by `factor` (a route destination's weight share).
 */
export function visitShareLeaves(
  visit: LeafVisitor,
  view: EnvoyClusterView,
  hosts: HostResolver,
  at: ConnectionAt,
  factor = 1,
): void {
  // The client's own view is visited once per request: resolved as it goes, not planned.
  for (const { endpoint, share, priority } of view.distribution.shares) {
    if (share === 0) continue;
    visitShare(visit, endpoint, share, priority, hosts.behind(endpoint, at), hosts, at, factor);
  }
}

/**
 * Visits what one host's share reaches. Past a gateway, every leaf carries the priority the client
 * gave the gateway's host (`priority`) and the gateway it passed (`via`, the innermost one).
 */
function visitShare(
  visit: LeafVisitor,
  ep: EdsEndpoint,
  share: number,
  priority: number,
  next: HostBehind | undefined,
  hosts: HostResolver,
  at: ConnectionAt,
  factor: number,
  via?: string,
): void {
  if (next?.kind === "gateway") {
    if (!next.view) return;
    const inner = connectionAt(next.cluster, at.depth + 1);
    const scaled = factor * share;
    for (const p of hosts.plan(next, inner)) {
      if (p.behind === undefined) {
        p.row ??= rowBase(p.endpoint);
        visit(p.endpoint, p.share * scaled, priority, next.via, undefined, p.row);
      } else visitShare(visit, p.endpoint, p.share, priority, p.behind, hosts, inner, scaled, next.via);
    }
    return;
  }
  if (next?.kind === "pods") {
    for (const pod of next.pods) {
      visit(pod, (share * factor) / next.pods.length, priority, next.via ?? via, next.port);
    }
    return;
  }
  visit(ep, share * factor, priority, via);
}
