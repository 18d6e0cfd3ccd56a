import { getOrCreate } from "@meshwright/core";
import type { NetworkGateway } from "../model/endpoint";
import type { ProxyView } from "../model/proxy";
import { ENDPOINT_CODES } from "./codes";
import { decide } from "./decision";
import { type EdsEndpoint, type EdsLocalityGroup, type EndpointDecision, MAX_LB_WEIGHT } from "./eds-types";
import { type MultiNetworkFlags, withDefaultFlags } from "./flags";
import {
  filterGatewaysByIpFamily,
  type GatewayPortNeed,
  isMultiNetworkEnabled,
  type NetworkGatewayIndex,
  selectNetworkGateways,
} from "./gateway-index";
import { joinHostPort } from "./ip-address";
import { inNetwork, isSidecar, isVisibleToProxy } from "./proxy-role";
import { addGatewayShare, type GatewayShare, splitGroup } from "./split-groups";

/** What the split-horizon filter needs besides the locality groups. */
export interface SplitHorizonContext {
  readonly proxy: ProxyView;
  readonly gateways: NetworkGatewayIndex;
  readonly flags?: Partial<MultiNetworkFlags>;
  /** The service host and service port of the Envoy cluster (the double-HBONE `:authority`). */
  readonly service: { readonly hostname: string; readonly port: number };
}

/** The filtered groups and one decision per endpoint that entered the filter. */
export interface SplitHorizonResult {
  readonly groups: readonly EdsLocalityGroup[];
  readonly decisions: readonly EndpointDecision[];
}

/**
 * Receives each endpoint's decision together with the endpoint it is about and, when the endpoint
 * is kept, the object that stands for it in the output (a copy when its weight was scaled).
 */
export type DecisionSink = (endpoint: EdsEndpoint, decision: EndpointDecision, kept?: EdsEndpoint) => void;

/** `scaleEndpointLBWeight`: weight × LCM, clipped at uint32 max; a zero weight becomes the scale factor. */
export function scaleWeight(weight: number, scaleFactor: number): number {
  if (weight === 0) return scaleFactor;
  return weight < MAX_LB_WEIGHT / scaleFactor ? weight * scaleFactor : MAX_LB_WEIGHT;
}

/**
 * istio-semantics §3.3 / §3.6 — `ep_filters.go` EndpointsByNetworkFilter. Runs only when istiod
 * knows a network gateway (or, with AMBIENT_ENABLE_MULTI_NETWORK, for non-sidecar proxies). Every
 * weight is multiplied by the gateway LCM; an endpoint is kept as-is when it is on the proxy's
 * network or its network has no gateway (sidecars go direct then); otherwise it is replaced by the
 * gateways of its (network, cluster) — else of its network — reachable by the proxy's IP family,
 * its weight divided equally among them. Sidecars need Istio mTLS to cross (SNI routing at
 * AUTO_PASSTHROUGH); ambient-mode Envoys use HBONE gateways and double HBONE. Gateway
 * pseudo-endpoints are merged per gateway (summed weight), stay in the remote endpoint's locality
 * group and carry only cluster and network labels.
 */
export function splitHorizon(
  groups: readonly EdsLocalityGroup[],
  ctx: SplitHorizonContext,
): SplitHorizonResult {
  const decisions: EndpointDecision[] = [];
  const result = splitHorizonInto(groups, ctx, (_endpoint, decision) => decisions.push(decision));
  return { groups: result, decisions };
}

/** How every endpoint of one (network, cluster) is treated: computed once per call, then looked up. */
export interface Route {
  /** Gateways of the (network, cluster), else of the network, usable by this proxy class and of its IP family. */
  readonly reachable: readonly NetworkGateway[];
  /** Set when every endpoint of the route is dropped before weights matter. */
  readonly drop?: { readonly reason: string; readonly code?: EndpointDecision["code"] };
  /** Set when the route is direct (kept as-is). */
  readonly direct?: string;
  /** Cached via-gateway reasons by scaled weight. */
  readonly viaReasons: Map<number, string>;
}

/** How split horizon treats one proxy's endpoints, whatever the service. */
export interface SplitHorizonPlan {
  /** istiod knows no network gateway (and no ambient rule applies): every endpoint is kept as is. */
  readonly bypass: boolean;
  /** Ambient-mode Envoy: gateway pseudo-endpoints are double-HBONE ones. */
  readonly ambientEnvoy: boolean;
  /** The gateway LCM every weight is multiplied by. */
  readonly scale: number;
  /** Remote endpoints need Istio mTLS to cross: sidecars reach them by the mTLS SNI (ep_filters.go). */
  readonly crossingNeedsMtls: boolean;
  /** The route of the endpoints of one (network, cluster). */
  route(network: string, cluster: string): Route;
  /** The istiod's gateway order (`NetworkGatewayIndex.rank`): routes hand out only that index's gateways. */
  readonly gatewayRank: ReadonlyMap<NetworkGateway, number>;
  /**
   * What the routes of other networks' endpoints read besides the gateways: the proxy's class
   * without its network. Proxies with equal classes and gateways (`gatewaysKey`) route every
   * network that is not their own alike, so a view assembled for one stands for all of them but
   * for their own network's endpoints (`runGroups`' template). Undefined for a proxy without a
   * network, for which every network is its own (`inNetwork`).
   */
  readonly remoteClass: string | undefined;
  /** The gateways' content (`NetworkGatewayIndex.key`). */
  readonly gatewaysKey: string;
  /** The proxy's network. */
  readonly network: string;
  /** The route of one (network, cluster) for a proxy of another network of the same class. */
  remoteRoute(network: string, cluster: string): Route;
}

/**
 * The network of the proxy a template's routes are planned for: no network is named so (a network
 * is a `topology.istio.io/network` label value, which has no control characters), so it is local
 * to endpoints without a network only.
 */
const OTHER_NETWORK = "\u0000other";

/** The split-horizon plan of `ctx`'s proxy (routes come from a table shared per gateway index and proxy class). */
export function splitHorizonPlan(ctx: Omit<SplitHorizonContext, "service">): SplitHorizonPlan {
  const flags = withDefaultFlags(ctx.flags);
  const { proxy, gateways } = ctx;
  const sidecar = isSidecar(proxy);
  const ambientEnvoy = flags.ambientMultiNetwork && !sidecar;
  const need: GatewayPortNeed = ambientEnvoy ? "hbone" : sidecar ? "mtls" : "any";
  const scale = gateways.scaleFactor;
  const router = (routing: ProxyView) => {
    const routes = routeTable(gateways, routing, flags);
    const routingCtx = routing === proxy ? ctx : { ...ctx, proxy: routing };
    // Asked once per run of every view: no closure is made per call.
    return (network: string, cluster: string): Route => {
      let byCluster = routes.get(network);
      if (!byCluster) routes.set(network, (byCluster = new Map<string, Route>()));
      let route = byCluster.get(cluster);
      if (!route) {
        route = planRoute(network, cluster, routingCtx, flags, need, scale);
        byCluster.set(cluster, route);
      }
      return route;
    };
  };
  let remoteRoute: SplitHorizonPlan["remoteRoute"] | undefined;
  return {
    bypass: !isMultiNetworkEnabled(gateways) && !ambientEnvoy,
    ambientEnvoy,
    scale,
    crossingNeedsMtls: !flags.ambientMultiNetwork || sidecar,
    route: router(proxy),
    gatewayRank: gateways.rank,
    remoteClass: proxy.network === "" ? undefined : routeClassKey(proxy, OTHER_NETWORK, flags),
    gatewaysKey: gateways.key,
    network: proxy.network,
    remoteRoute: (network, cluster) => {
      remoteRoute ??= router({ ...proxy, network: OTHER_NETWORK });
      return remoteRoute(network, cluster);
    },
  };
}

/**
 * {@link splitHorizon}, reporting each decision to `sink` with the endpoint it concerns; without a
 * sink no decision is made up (a view's decisions are wanted only for its explanation).
 */
export function splitHorizonInto(
  groups: readonly EdsLocalityGroup[],
  ctx: SplitHorizonContext,
  sink?: DecisionSink,
): EdsLocalityGroup[] {
  const plan = splitHorizonPlan(ctx);
  if (plan.bypass) {
    for (const group of groups) {
      for (const ep of group.endpoints) {
        sink?.(
          ep,
          decide(ep, "direct", "istiod knows no network gateway: every endpoint is reached directly"),
          ep,
        );
      }
    }
    return [...groups];
  }
  const { scale } = plan;
  const out: EdsLocalityGroup[] = [];
  for (const group of groups) {
    const kept: EdsEndpoint[] = [];
    const viaGateway = new Map<NetworkGateway, GatewayShare>();
    for (const ep of group.endpoints) {
      const route = plan.route(ep.network, ep.cluster);
      if (route.drop) {
        sink?.(ep, decide(ep, "dropped", route.drop.reason, undefined, route.drop.code));
        continue;
      }
      const weight = scaleWeight(ep.weight, scale);
      if (route.direct !== undefined) {
        if (ep.address === "") {
          sink?.(
            ep,
            decide(
              ep,
              "dropped",
              "no address and reached directly (only a network gateway could stand in for it)",
            ),
          );
          continue;
        }
        const scaled = ep.weight === weight ? ep : { ...ep, weight };
        kept.push(scaled);
        sink?.(ep, decide(ep, "direct", route.direct), scaled);
        continue;
      }
      if (plan.crossingNeedsMtls && ep.tlsMode !== "istio") {
        sink?.(ep, decide(ep, "dropped", noMtlsReason(ep), undefined, ENDPOINT_CODES.remoteWithoutMtls));
        continue;
      }
      const share = Math.floor(weight / route.reachable.length);
      const represents = [ep.workloadId ?? ep.address];
      for (const gw of route.reachable) addGatewayShare(viaGateway, gw, share, represents);
      if (sink) {
        let reason = route.viaReasons.get(weight);
        if (reason === undefined) {
          reason = viaReason(ep, route.reachable, weight, share);
          route.viaReasons.set(weight, reason);
        }
        sink(ep, decide(ep, "via-gateway", reason, route.reachable));
      }
    }
    out.push(splitGroup(group.locality, kept, viaGateway, plan, ctx.service));
  }
  return out;
}

/**
 * Routes depend only on the gateway index, the proxy's class (kind, network, IP families, network
 * view) and the flags, never on the service: they are planned once per index and proxy class and
 * reused for every service (compile once, query by lookups). Weak keys let an index be collected.
 */
const ROUTE_TABLES = new WeakMap<NetworkGatewayIndex, Map<string, Map<string, Map<string, Route>>>>();

function routeTable(
  gateways: NetworkGatewayIndex,
  proxy: ProxyView,
  flags: MultiNetworkFlags,
): Map<string, Map<string, Route>> {
  const byClass = getOrCreate(
    ROUTE_TABLES,
    gateways,
    () => new Map<string, Map<string, Map<string, Route>>>(),
  );
  return getOrCreate(
    byClass,
    routeClassKey(proxy, proxy.network, flags),
    () => new Map<string, Map<string, Route>>(),
  );
}

/** Everything a route reads of the proxy (on `network`) and the flags (see `planRoute`). */
function routeClassKey(proxy: ProxyView, network: string, flags: MultiNetworkFlags): string {
  return [
    proxy.kind,
    network,
    proxy.ipFamilies.join(","),
    proxy.requestedNetworkView.join(","),
    flags.ambientMultiNetwork,
    flags.ambientMultiNetworkWaypoint,
    flags.ambientMultiNetworkIngress,
  ].join("\u0000");
}

/** The treatment of one (network, cluster), in the order EndpointsByNetworkFilter tests it. */
function planRoute(
  network: string,
  cluster: string,
  ctx: Omit<SplitHorizonContext, "service">,
  flags: MultiNetworkFlags,
  need: GatewayPortNeed,
  scale: number,
): Route {
  const { proxy } = ctx;
  const candidates = selectNetworkGateways(ctx.gateways, network, cluster, need);
  const reachable = filterGatewaysByIpFamily(candidates, proxy.ipFamilies);
  const local = inNetwork(proxy.network, network);
  const base = { reachable, viaReasons: new Map<number, string>() };
  if (!isVisibleToProxy(proxy, network)) {
    return { ...base, drop: { reason: `network ${network} is not in the proxy's REQUESTED_NETWORK_VIEW` } };
  }
  if (!local && flags.ambientMultiNetwork) {
    if (!flags.ambientMultiNetworkWaypoint && proxy.kind === "waypoint") {
      return {
        ...base,
        drop: {
          reason:
            "remote network and AMBIENT_ENABLE_MULTI_NETWORK_WAYPOINT is off: waypoints skip remote endpoints",
        },
      };
    }
    if (!flags.ambientMultiNetworkIngress && proxy.kind === "ingress-gateway") {
      return {
        ...base,
        drop: {
          reason:
            "remote network and AMBIENT_ENABLE_MULTI_NETWORK_INGRESS is off: ingress gateways skip remote endpoints",
        },
      };
    }
    if (reachable.length === 0) {
      return {
        ...base,
        drop: {
          reason: `network ${network} has no reachable ${need === "hbone" ? "HBONE " : ""}E/W gateway: with AMBIENT_ENABLE_MULTI_NETWORK remote endpoints are skipped, never reached directly`,
        },
      };
    }
  }
  // 1.30+: a proxy without a network must still use the gateway of a network that has one.
  const forceGateway = proxy.network === "" && network !== "" && candidates.length > 0;
  if (!forceGateway && (local || candidates.length === 0)) {
    const direct = local
      ? `same network (${network || "unset"}) as the proxy (${proxy.network || "unset"}): reached directly, weight ×${scale}`
      : `network ${network} has no E/W gateway${need === "mtls" ? " with an mTLS port" : ""}: sidecars send to it directly (it may not be routable), weight ×${scale}`;
    return { ...base, direct };
  }
  if (reachable.length === 0) {
    return {
      ...base,
      drop: {
        reason: `network ${network} has gateways (${describeGateways(candidates, need)}) but none of the proxy's IP family (${proxy.ipFamilies.join("/") || "unknown"})`,
      },
    };
  }
  return base;
}

function noMtlsReason(ep: EdsEndpoint): string {
  return ep.transport === "hbone"
    ? "remote endpoint would be reached over HBONE, which carries no mTLS marker: cross-network sidecar traffic needs Istio mTLS for SNI routing"
    : "remote endpoint is not reached with Istio mTLS: the gateway routes by the mTLS SNI, so it is dropped";
}

function viaReason(
  ep: EdsEndpoint,
  reachable: readonly NetworkGateway[],
  weight: number,
  share: number,
): string {
  const scope = reachable.every((gw) => gw.cluster === ep.cluster)
    ? `(network, cluster ${ep.cluster})`
    : "the network";
  return `remote network ${ep.network}: replaced by ${reachable.length} gateway(s) of ${scope}, weight ${weight} split ${share} each`;
}

function describeGateways(gws: readonly NetworkGateway[], need: GatewayPortNeed): string {
  return gws.map((gw) => joinHostPort(gw.address, need === "hbone" ? gw.hbonePort : gw.mtlsPort)).join(", ");
}
