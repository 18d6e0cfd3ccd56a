import type { Diagnostic, IstioVersion } from "@meshwright/core";
import type { RegistryEndpoint } from "../model/endpoint";
import type { ProxyView } from "../model/proxy";
import { type DrTlsMode, type EndpointPeerAuthMode, sidecarSendsMtls } from "./auto-mtls";
import { ENDPOINT_CODES, endpointDiagnostic } from "./codes";
import { decide } from "./decision";
import type { EdsEndpoint, EdsLocalityGroup, EndpointDecision } from "./eds-types";
import { endpointFilter, type FilteredService } from "./endpoint-filter";
import { type MultiNetworkFlags, withDefaultFlags } from "./flags";
import { isMultiNetworkEnabled, type NetworkGatewayIndex } from "./gateway-index";
import { toEdsEndpoint } from "./lb-endpoint";
import { groupByLocality } from "./locality-groups";
import { endpointsWithMtlsInto } from "./mtls-filter";
import { parseSniDnatCluster } from "./sni-cluster";
import { splitHorizonInto } from "./split-horizon";

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
  // built far more often than it is explained, and the walk without them makes no decision objects.
  const groups = viewGroups(endpoints, ctx);
  let decisions: EndpointDecision[] | undefined;
  return {
    groups,
    get decisions() {
      if (!decisions) {
        const made: EndpointDecision[] = new Array(endpoints.length);
        viewGroups(endpoints, ctx, made);
        decisions = made;
      }
      return decisions;
    },
    diagnostics: [],
  };
}

/**
 * The pipeline of {@link buildEndpointView}; with `decisions`, each endpoint's decision lands at
 * its input position, later steps overwriting earlier ones for the same endpoint.
 */
function viewGroups(
  endpoints: readonly RegistryEndpoint[],
  ctx: EndpointViewContext,
  decisions?: EndpointDecision[],
): readonly EdsLocalityGroup[] {
  const flags = withDefaultFlags(ctx.flags);
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
  const origin = decisions ? new Map<EdsEndpoint, number>() : undefined;
  const eds: EdsEndpoint[] = [];
  endpoints.forEach((original, i) => {
    const verdict = check(original);
    if (verdict.dropReason !== undefined) {
      if (decisions) decisions[i] = decide(verdict.endpoint, "dropped", verdict.dropReason);
      return;
    }
    const ep = verdict.endpoint;
    // The PeerAuthentication mode matters only to auto mTLS towards injected endpoints.
    const peerAuthMode = ctx.drTlsMode === undefined && ep.tlsMode === "istio" ? peerMode(ep) : "PERMISSIVE";
    const mtls = sidecarSendsMtls(
      ctx.drTlsMode === undefined
        ? { endpointTlsMode: ep.tlsMode, peerAuthMode }
        : { drTlsMode: ctx.drTlsMode, endpointTlsMode: ep.tlsMode, peerAuthMode },
    ).mtls;
    const converted = toEdsEndpoint(ep, lbContext, mtls);
    origin?.set(converted, i);
    eds.push(converted);
  });
  const record =
    decisions && origin
      ? (ep: EdsEndpoint, decision: EndpointDecision, kept?: EdsEndpoint) => {
          const i = origin.get(ep);
          if (i === undefined) return;
          decisions[i] = decision;
          // The mTLS filter sees the kept object (a copy when split horizon scaled its weight).
          if (kept !== undefined && kept !== ep) origin.set(kept, i);
        }
      : undefined;
  const split = splitHorizonInto(
    groupByLocality(eds),
    {
      proxy: ctx.proxy,
      gateways: ctx.gateways,
      flags,
      service: { hostname: ctx.service.hostname, port: ctx.service.port },
    },
    record,
  );
  return ctx.sniDnat ? endpointsWithMtlsInto(split, record) : split;
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
  return {
    groups: view.groups,
    get decisions() {
      return view.decisions;
    },
    diagnostics: view.diagnostics,
    sni: cluster,
  };
}
