import { PathMemo, type Workload } from "@meshwright/core";
import type { AmbientService, EndpointView, SplitHorizonWorkloadMemo } from "../endpoints";
import type { ProxyView } from "../model/proxy";
import type { RequestTarget } from "../request/target";
import type { CompiledRouting, RoutingProxy } from "../routing";
import type { ServiceWds, ZtunnelBalance } from "./ambient-outbound";
import { BoundedMemo } from "./bounded-memo";
import type { DestinationService } from "./destination-service";
import type { KeptSums } from "./distribution-summary";
import type { EnvoyClusterView } from "./envoy-balancer";
import type { KeptRoute } from "./route-outcome";
import type { GatewayOnward } from "./sidecar-outbound";
import type { RequestPlan } from "./simulated-mesh";

/**
 * Client views a compiled mesh keeps (oldest out first). Views are keyed by proxy class, so the
 * replicas of a Deployment share theirs; the bound caps memory over a long query session. Gateway
 * views are few (gateways × services) and kept.
 */
const CLIENT_VIEWS = 16_384;
/** Sidecar EDS views before locality LB, shared by proxies alike in what the view reads. */
const EDS_VIEWS = 4_096;
/** ztunnel WDS per (istiod, service) and balances per (istiod, proxy class, service) kept. */
const ZTUNNEL_KEPT = 16_384;

/**
 * What a compiled mesh memoises per query, each key starting with the istiod's cluster
 * (`<istiod>|…`): Envoy views of clients (per proxy class), their EDS views before locality LB (per
 * the part of the proxy they read) and the views of east-west gateways, ztunnel WDS
 * and balances, and the short ids of the proxy classes seen. A compiled mesh is immutable, so an
 * entry never goes stale within it; `carried` hands the entries of unchanged istiods to a successor.
 */
export class SimMemos {
  constructor(
    readonly clientViews = new BoundedMemo<EnvoyClusterView>(CLIENT_VIEWS),
    readonly gatewayViews = new BoundedMemo<EnvoyClusterView>(Number.POSITIVE_INFINITY),
    readonly edsViews = new BoundedMemo<EndpointView>(EDS_VIEWS),
    readonly wds = new BoundedMemo<ServiceWds>(ZTUNNEL_KEPT),
    readonly balances = new BoundedMemo<ZtunnelBalance>(ZTUNNEL_KEPT),
    /** Proxy class → `pc<n>`. Shared with a successor: ids name class contents, which mean the same there. */
    readonly proxyClassIds = new Map<string, string>(),
    /**
     * Per gateway and SNI what hosts leading there stand for, with the gateway's view of the SNI
     * cluster and its plans (`hostResolver`). Never carried: a carried client view may lead to a
     * gateway whose istiod changed.
     */
    readonly onwardByGateway = new Map<string, Map<string, GatewayOnward>>(),
    /** Per client view and (host, SNI, caller cluster), the sums of its leaves (never carried either). */
    readonly viewSums = new WeakMap<EnvoyClusterView, Map<string, KeptSums>>(),
    /**
     * ztunnel split-horizon workloads by content, shared by the WDS of every istiod (never carried:
     * what is derived from one, its ready members, belongs to this compile's faults).
     */
    readonly splitHorizonWorkloads: SplitHorizonWorkloadMemo = new Map(),
    /**
     * The `clientViews` key of (proxy, destination, port, subset), so a repeated query builds no key
     * string (whose hash would be computed again). Holds strings, not views: eviction still works.
     * A proxy has one istiod and a destination service belongs to one istiod's registry.
     */
    readonly clientViewKeys = new PathMemo<
      readonly [ProxyView, DestinationService, number, string],
      string
    >(),
    /** Likewise the `balances` key of (proxy, ambient service). */
    readonly balanceKeys = new PathMemo<readonly [ProxyView, AmbientService], string>(),
    /**
     * Per (source workload, parsed URL) what every request of it shares (see `RequestPlan`). URLs
     * are parsed per compiled mesh, so a memo carried to a successor never answers for this one.
     */
    readonly requestPlans = new PathMemo<readonly [Workload, RequestTarget], RequestPlan>(),
    /** Per (istiod routing, proxy, URL, protocol) the prepared route (see `routeAt`). Likewise per compile. */
    readonly preparedRoutes = new PathMemo<
      readonly [CompiledRouting, RoutingProxy, RequestTarget, string],
      KeptRoute
    >(),
  ) {}

  /**
   * Drops every view, balance, gateway plan, request plan and prepared route. Each of them is of one
   * destination host: a matrix computes a host's columns, never comes back to it, and calls this
   * before the next host, so its memory holds one host's views at a time instead of the last
   * thousands (which every later collection would have to trace). The proxy class ids stay, and so
   * do the split-horizon workloads: runs of pods keep the one they last stood for, and one object
   * per content must hold.
   */
  forgetViews(): void {
    this.clientViews.clear();
    this.gatewayViews.clear();
    this.edsViews.clear();
    this.wds.clear();
    this.balances.clear();
    this.onwardByGateway.clear();
    this.clientViewKeys.clear();
    this.balanceKeys.clear();
    this.requestPlans.clear();
    this.preparedRoutes.clear();
  }

  /**
   * A successor's memos: the entries of the istiods in `istiods`, the same class ids — or these very
   * memos when `everything` is carried (every entry then holds for both compiles).
   */
  carried(istiods: ReadonlySet<string>, everything: boolean): SimMemos {
    if (everything) return this;
    const kept = (key: string) => istiods.has(key.slice(0, key.indexOf("|")));
    return new SimMemos(
      this.clientViews.filtered(kept),
      this.gatewayViews.filtered(kept),
      this.edsViews.filtered(kept),
      this.wds.filtered(kept),
      this.balances.filtered(kept),
      this.proxyClassIds,
    );
  }
}
