import { localityString } from "@meshwright/core";
import { buildEndpointView, type EdsEndpoint, eastWestGatewayView } from "../endpoints";
import { computeDistribution, type Distribution } from "../lb";
import type { ProxyView } from "../model/proxy";
import type { ShareRow } from "../trace/trace";
import type { SimContext } from "./context";
import type { DestinationService } from "./destination-service";
import { scaleRows } from "./distribution-summary";
import { peerAuthModeLookup } from "./peer-auth-lookup";
import type { PlaneView } from "./plane-view";

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
 * weighted (§1.3–1.8).
 */
export function envoyClusterView(
  ctx: SimContext,
  plane: PlaneView,
  proxy: ProxyView,
  key: ClusterKey,
): EnvoyClusterView {
  const { service, port, subset } = key;
  const policy = plane.routing.trafficPolicy(proxy, service.hostname, port, subset);
  const endpoints = plane.registryEndpoints(service.hostname, port);
  const view = buildEndpointView(endpoints, {
    proxy,
    service: { ...service, port },
    istioVersion: ctx.istioVersion,
    gateways: plane.gateways.sidecar,
    clusterLocal: plane.isClusterLocal(service.hostname),
    flags: plane.flags,
    ...(policy.tls ? { drTlsMode: policy.tls.mode } : {}),
    peerAuthModeOf: peerAuthModeLookup(plane.configCluster.resources, ctx.index, ctx.mesh.rootNamespace),
    ...(policy.subsetLabels ? { subsetLabels: policy.subsetLabels } : {}),
    ...(policy.outlierDetection?.minHealthPercent !== undefined
      ? { outlierMinHealthPercent: policy.outlierDetection.minHealthPercent }
      : {}),
  });
  return balance(ctx, plane, proxy, service, view.groups, policy.policy, [
    ...policy.explanation,
    ...view.decisions
      .filter((d) => d !== undefined)
      .map((d) => `${d.address}:${d.port} ${d.action}: ${d.reason}`),
  ]);
}

/**
 * What an east-west gateway (AUTO_PASSTHROUGH) does with a connection for `sni`: its own istiod's
 * endpoints of its network (requested network view), mTLS-capable only, subset from the SNI
 * (istio-semantics §3.4).
 */
export function gatewayClusterView(
  ctx: SimContext,
  plane: PlaneView,
  gateway: ProxyView,
  key: ClusterKey & { readonly sni: string },
): EnvoyClusterView {
  const { service, port, subset } = key;
  const policy = plane.routing.trafficPolicy(gateway, service.hostname, port, subset);
  const rule = plane.routing.destinationRule(gateway, service.hostname);
  const view = eastWestGatewayView(plane.registryEndpoints(service.hostname, port), {
    gateway,
    sni: key.sni,
    service,
    istioVersion: ctx.istioVersion,
    gateways: plane.gateways.sidecar,
    clusterLocal: plane.isClusterLocal(service.hostname),
    flags: plane.flags,
    peerAuthModeOf: peerAuthModeLookup(plane.configCluster.resources, ctx.index, ctx.mesh.rootNamespace),
    ...(rule
      ? {
          subsets: rule.rule.subsets.map((s) => ({
            name: s.name,
            ...(s.labels ? { labels: s.labels } : {}),
          })),
        }
      : {}),
  });
  return balance(ctx, plane, gateway, service, view.groups, policy.policy, [
    `east-west gateway routes SNI ${key.sni} without terminating TLS (AUTO_PASSTHROUGH)`,
    ...view.decisions
      .filter((d) => d !== undefined)
      .map((d) => `${d.address}:${d.port} ${d.action}: ${d.reason}`),
  ]);
}

function balance(
  ctx: SimContext,
  plane: PlaneView,
  proxy: ProxyView,
  service: DestinationService,
  groups: readonly { readonly endpoints: readonly EdsEndpoint[] }[],
  policy: Parameters<typeof computeDistribution>[0]["destinationRulePolicy"],
  explanation: readonly string[],
): EnvoyClusterView {
  const distribution = computeDistribution<EdsEndpoint>({
    proxy,
    endpoints: groups.flatMap((g) => g.endpoints),
    service: service.ztunnel,
    destinationRulePolicy: policy,
    meshConfig: plane.configCluster.effectiveMeshConfig,
    istioVersion: ctx.istioVersion,
    ejected: ctx.faults.ejected,
  });
  return {
    distribution,
    explanation: [...explanation, ...distribution.explanation.map((s) => s.message)],
  };
}

/**
 * Share rows over the final workloads: workload endpoints as they are; a gateway pseudo-endpoint's
 * share spread over what that gateway balances to (`expand`).
 */
export function shareRows(
  view: EnvoyClusterView,
  expand: (gateway: EdsEndpoint) => readonly ShareRow[],
): ShareRow[] {
  const rows: ShareRow[] = [];
  for (const share of view.distribution.shares) {
    const ep = share.endpoint;
    if (share.share === 0) continue;
    if (ep.kind === "gateway" && ep.gateway) {
      const via = `${ep.gateway.cluster}/${ep.gateway.name}`;
      rows.push(...scaleRows(expand(ep), share.share, via, share.priority));
    } else {
      rows.push({
        workload: ep.workloadId ?? `${ep.address}:${ep.port}`,
        cluster: ep.cluster,
        network: ep.network,
        locality: localityString(ep.locality),
        address: `${ep.address}:${ep.port}`,
        priority: share.priority,
        share: share.share,
      });
    }
  }
  return rows;
}
