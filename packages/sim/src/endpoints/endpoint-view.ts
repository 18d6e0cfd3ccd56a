import { type Diagnostic, getOrCreate, type IstioVersion, lazyProperty } from "@meshwright/core";
import type { RegistryEndpoint } from "../model/endpoint";
import type { ProxyView } from "../model/proxy";
import { type DrTlsMode, type EndpointPeerAuthMode, sidecarSendsMtls } from "./auto-mtls";
import { ENDPOINT_CODES, endpointDiagnostic } from "./codes";
import { decide } from "./decision";
import type { EdsEndpoint, EdsLocalityGroup, EndpointDecision } from "./eds-types";
import { endpointFilter, type FilteredService, filterReadsProxyCluster } from "./endpoint-filter";
import { runGroups } from "./endpoint-runs";
import { type MultiNetworkFlags, withDefaultFlags } from "./flags";
import { isMultiNetworkEnabled, type NetworkGatewayIndex } from "./gateway-index";
import { toEdsEndpoint } from "./lb-endpoint";
import { groupByLocality } from "./locality-groups";
import { endpointsWithMtlsInto } from "./mtls-filter";
import { parseSniDnatCluster } from "./sni-cluster";
import { type SplitHorizonContext, splitHorizonInto, splitHorizonPlan } from "./split-horizon";

/** Everything one proxy's EDS view of one service port depends on. */
export interface EndpointViewContext {
  readonly proxy: ProxyView;
  /** The service, and the service port of the Envoy cluster. */
  readonly service: FilteredService & { readonly port: number };
  readonly istioVersion: IstioVersion;
  /** The network gateways of the proxy's istiod (`networkGatewaysFromModel(...).sidecar`). */
  readonly gateways: NetworkGatewayIndex;
  /** Whether the host is cluster-local for this istiod. */
  readonly clusterLocal: boolean;
  readonly flags?: Partial<MultiNetworkFlags>;
  /** DR TLS mode for this port/subset (`destinationRuleTlsMode`). */
  readonly drTlsMode?: DrTlsMode;
  /** Effective PeerAuthentication mode of an endpoint's workload port (default PERMISSIVE, Istio's default). */
  readonly peerAuthModeOf?: (endpoint: RegistryEndpoint) => EndpointPeerAuthMode;
  /**
   * What `peerAuthModeOf` answers depends on besides the endpoint (e.g. the PeerAuthentications'
   * content), as a string: views of one registry list that agree on it and on every other input
   * share their converted endpoints. Without it, only views given the same function object do.
   */
  readonly peerAuthKey?: string;
  readonly subsetLabels?: Readonly<Record<string, string>>;
  readonly outlierMinHealthPercent?: number;
  readonly ambientScope?: "GLOBAL" | "LOCAL";
  /** An AUTO_PASSTHROUGH (`outbound_.`) cluster: only endpoints the mesh sends mTLS to are kept. */
  readonly sniDnat?: boolean;
}

/** A proxy's EDS view of one cluster (`istioctl proxy-config endpoints`), explained. */
export interface EndpointView {
  readonly groups: readonly EdsLocalityGroup[];
  /** One decision per input endpoint, in input order (the last step that touched it). */
  readonly decisions: readonly EndpointDecision[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * `EndpointBuilder.BuildClusterLoadAssignment` up to (not including) locality LB: filter
 * (§1.2 step 1), auto-mTLS marker and HBONE choice per endpoint (`buildEnvoyLbEndpoint`), locality
 * groups, split horizon (§3.3/§3.6), and the AUTO_PASSTHROUGH mTLS filter for SNI-DNAT clusters.
 */
export function buildEndpointView(
  endpoints: readonly RegistryEndpoint[],
  ctx: EndpointViewContext,
): EndpointView {
  if (ctx.proxy.kind === "ztunnel") {
    return {
      groups: [],
      decisions: [],
      diagnostics: [
        endpointDiagnostic(ENDPOINT_CODES.proxyWithoutEds, "error", {
          message: `proxy ${ctx.proxy.workloadId} is a ztunnel, which reads workloads (WDS), not EDS`,
          fix: "compute the ambient view (ambientWorkloadsForService) for ztunnel clients",
          expected: "sidecar, waypoint or gateway proxy",
          found: "ztunnel",
        }),
      ],
    };
  }
  // The decisions are made when first read (explanations): a view of hundreds of endpoints is
  // built far more often than it is explained. Without them the view is assembled per run of
  // endpoints (`runGroups`); with them, per endpoint — the two agree (property-tested).
  const flags = withDefaultFlags(ctx.flags);
  const splitContext = splitContextOf(ctx, flags);
  // The converter is made only if a run is not converted yet (most views find them all shared).
  let convert: EndpointConverter | undefined;
  const split = runGroups(endpoints, {
    key: conversionKey(ctx, flags),
    ownClusterMatters: filterReadsProxyCluster(ctx),
    proxyCluster: ctx.proxy.cluster,
    convert: (endpoint) => {
      convert ??= endpointConverter(ctx, flags);
      const converted = convert(endpoint);
      return "dropReason" in converted ? undefined : converted.eds;
    },
    plan: splitHorizonPlan(splitContext),
    service: splitContext.service,
  });
  const groups = ctx.sniDnat ? endpointsWithMtlsInto(split) : split;
  return lazyProperty(
    { groups, diagnostics: [] },
    "decisions",
    () => endpointViewByEndpoint(endpoints, ctx).decisions,
  );
}

/** One registry endpoint through the filter, auto mTLS and the HBONE choice. */
type EndpointConverter = (
  endpoint: RegistryEndpoint,
) => { readonly eds: EdsEndpoint } | { readonly endpoint: RegistryEndpoint; readonly dropReason: string };

/**
 * The per-endpoint steps of `EndpointBuilder` before locality grouping: the endpoint filter
 * (§1.2 step 1), the auto-mTLS marker (`checkMtlsEnabled`) and the HBONE choice (`buildEnvoyLbEndpoint`).
 */
function endpointConverter(ctx: EndpointViewContext, flags: MultiNetworkFlags): EndpointConverter {
  const check = endpointFilter({
    proxy: ctx.proxy,
    service: ctx.service,
    istioVersion: ctx.istioVersion,
    clusterLocal: ctx.clusterLocal,
    multiNetwork: isMultiNetworkEnabled(ctx.gateways),
    ...(ctx.subsetLabels ? { subsetLabels: ctx.subsetLabels } : {}),
    ...(ctx.outlierMinHealthPercent !== undefined
      ? { outlierMinHealthPercent: ctx.outlierMinHealthPercent }
      : {}),
    ...(ctx.ambientScope ? { ambientScope: ctx.ambientScope } : {}),
  });
  const peerMode = ctx.peerAuthModeOf ?? (() => "PERMISSIVE" as const);
  const lbContext = { proxy: ctx.proxy, preferHboneSend: flags.preferHboneSend };
  return (original) => {
    const verdict = check(original);
    if (verdict.dropReason !== undefined)
      return { endpoint: verdict.endpoint, dropReason: verdict.dropReason };
    const ep = verdict.endpoint;
    // The PeerAuthentication mode matters only to auto mTLS towards injected endpoints.
    const peerAuthMode = ctx.drTlsMode === undefined && ep.tlsMode === "istio" ? peerMode(ep) : "PERMISSIVE";
    const mtls = sidecarSendsMtls(
      ctx.drTlsMode === undefined
        ? { endpointTlsMode: ep.tlsMode, peerAuthMode }
        : { drTlsMode: ctx.drTlsMode, endpointTlsMode: ep.tlsMode, peerAuthMode },
    ).mtls;
    return { eds: toEdsEndpoint(ep, lbContext, mtls) };
  };
}

/**
 * What the conversion of an endpoint reads besides the endpoint and whether it is of the proxy's
 * cluster, as one string: views with equal keys share their converted runs (`runGroups`).
 */
function conversionKey(ctx: EndpointViewContext, flags: MultiNetworkFlags): string {
  const { service, proxy } = ctx;
  return [
    service.hostname,
    service.port,
    service.publishNotReadyAddresses,
    service.internalTrafficPolicy,
    service.trafficDistribution,
    ctx.istioVersion,
    ctx.clusterLocal,
    isMultiNetworkEnabled(ctx.gateways),
    ctx.subsetLabels ? JSON.stringify(Object.entries(ctx.subsetLabels).sort()) : "",
    ctx.outlierMinHealthPercent ?? "",
    ctx.ambientScope ?? "",
    proxy.requestedNetworkView.join(","),
    service.internalTrafficPolicy === "Local" ? (proxy.node ?? "") : "",
    proxy.kind === "waypoint",
    flags.preferHboneSend,
    ctx.drTlsMode ?? "",
    ctx.peerAuthModeOf ? (ctx.peerAuthKey ?? functionId(ctx.peerAuthModeOf)) : "",
  ].join("\u0000");
}

/** A number per function object: a lookup without a content key is shared only with itself. */
const FUNCTION_IDS = new WeakMap<object, string>();
let nextFunctionId = 0;
function functionId(fn: object): string {
  return getOrCreate(FUNCTION_IDS, fn, () => `fn#${nextFunctionId++}`);
}

/**
 * {@link buildEndpointView}'s groups computed endpoint by endpoint, with each endpoint's decision at
 * its input position (later steps overwriting earlier ones for the same endpoint): what an
 * explanation shows, and the reference the per-run assembly is tested against.
 */
export function endpointViewByEndpoint(
  endpoints: readonly RegistryEndpoint[],
  ctx: EndpointViewContext,
): { readonly groups: readonly EdsLocalityGroup[]; readonly decisions: readonly EndpointDecision[] } {
  const flags = withDefaultFlags(ctx.flags);
  const convert = endpointConverter(ctx, flags);
  const decisions: EndpointDecision[] = new Array(endpoints.length);
  const origin = new Map<EdsEndpoint, number>();
  const eds: EdsEndpoint[] = [];
  endpoints.forEach((original, i) => {
    const converted = convert(original);
    if ("dropReason" in converted) {
      decisions[i] = decide(converted.endpoint, "dropped", converted.dropReason);
      return;
    }
    origin.set(converted.eds, i);
    eds.push(converted.eds);
  });
  const record = (ep: EdsEndpoint, decision: EndpointDecision, kept?: EdsEndpoint) => {
    const i = origin.get(ep);
    if (i === undefined) return;
    decisions[i] = decision;
    // The mTLS filter sees the kept object (a copy when split horizon scaled its weight).
    if (kept !== undefined && kept !== ep) origin.set(kept, i);
  };
  const split = splitHorizonInto(groupByLocality(eds), splitContextOf(ctx, flags), record);
  return { groups: ctx.sniDnat ? endpointsWithMtlsInto(split, record) : split, decisions };
}

function splitContextOf(ctx: EndpointViewContext, flags: MultiNetworkFlags): SplitHorizonContext {
  return {
    proxy: ctx.proxy,
    gateways: ctx.gateways,
    flags,
    service: { hostname: ctx.service.hostname, port: ctx.service.port },
  };
}

/** The E/W gateway's AUTO_PASSTHROUGH context: its proxy, the SNI it received, and its cluster's DR facts. */
export interface EastWestGatewayViewContext
  extends Omit<EndpointViewContext, "proxy" | "sniDnat" | "subsetLabels" | "service"> {
  /** The gateway proxy; its requested network view defaults to its own network (gen-eastwest-gateway.sh). */
  readonly gateway: ProxyView;
  /** The SNI of the passed-through connection (`outbound_.<port>_.<subset>_.<host>`). */
  readonly sni: string;
  /** The service named by the SNI (its hostname must equal the SNI host). */
  readonly service: FilteredService;
  /** DestinationRule subsets of the gateway's cluster: the SNI subset selects the labels. */
  readonly subsets?: readonly { readonly name: string; readonly labels?: Readonly<Record<string, string>> }[];
}

/**
 * istio-semantics §3.4 — what an east-west gateway does with a passed-through connection: its EDS
 * for the SNI-DNAT cluster named by the SNI holds only its own network's endpoints
 * (REQUESTED_NETWORK_VIEW), only mTLS-capable ones, restricted to the subset in the SNI (an
 * unknown subset selects every endpoint, as `getSubSetLabels` does).
 */
export function eastWestGatewayView(
  endpoints: readonly RegistryEndpoint[],
  ctx: EastWestGatewayViewContext,
): EndpointView & { sni?: { port: number; subset: string; host: string } } {
  const { gateway, sni, subsets, ...shared } = ctx;
  const parsed = parseSniDnatCluster(sni);
  if ("diagnostic" in parsed) return { groups: [], decisions: [], diagnostics: [parsed.diagnostic] };
  const { cluster } = parsed;
  const proxy: ProxyView =
    gateway.requestedNetworkView.length > 0
      ? gateway
      : { ...gateway, requestedNetworkView: gateway.network ? [gateway.network] : [] };
  const subsetLabels = subsets?.find((s) => s.name === cluster.subset)?.labels;
  const view = buildEndpointView(endpoints, {
    ...shared,
    proxy,
    service: { ...shared.service, port: cluster.port },
    sniDnat: true,
    ...(subsetLabels ? { subsetLabels } : {}),
  });
  // Not a spread: that would read (and so make) the view's decisions.
  return lazyProperty(
    { groups: view.groups, diagnostics: view.diagnostics, sni: cluster },
    "decisions",
    () => view.decisions,
  );
}
