import { localityString, type Workload } from "@meshwright/core";
import type { EdsEndpoint } from "../endpoints";
import type { EndpointRow, EndpointTable } from "../trace/endpoint-table";
import type { DistributionSummary } from "../trace/trace";
import { findService, ztunnelBalance } from "./ambient-outbound";
import type { SimContext } from "./context";
import { summarise } from "./distribution-summary";
import { kubeProxyDistribution } from "./kube-proxy";
import { routeDistribution } from "./route-distribution";
import { type Caller, resolveEnvoyCluster } from "./sidecar-outbound";

/** What a query about (client, host, port) starts from: the caller and the service DNS names. */
export interface QueryStart {
  readonly workload: Workload;
  readonly caller?: Caller;
  /** `<namespace>/<hostname>` DNS answered for, and the address. */
  readonly serviceKey?: string;
  readonly address?: string;
  /** Why there is nothing to look at (DNS failed, no control plane). */
  readonly blocked?: string;
}

/**
 * How requests from `start`'s workload to host:port spread over workloads, clusters and
 * localities: the client proxy's routing weights × its load balancing × each gateway's.
 */
export function distributionOf(
  ctx: SimContext,
  start: QueryStart,
  host: string,
  port: number,
): DistributionSummary {
  if (start.blocked) return summarise("envoy", [], [start.blocked]);
  const caller = start.caller;
  if (!caller) return kubeProxyDistribution(ctx, start.workload, start.address ?? "");
  if (caller.proxy.kind === "ztunnel") {
    const service = findService(caller.plane, start.address ?? "", caller.workload.network, start.serviceKey);
    if (!service)
      return summarise(
        "ztunnel",
        [],
        [`${caller.plane.configCluster.name}'s istiod has no ambient service for ${host}`],
      );
    return ztunnelBalance(ctx, caller, service).summary();
  }
  const route = caller.plane.routing.route(caller.proxy, {
    protocol: "http",
    authority: `${host}:${port}`,
    port,
    ...(start.address ? { destinationAddress: start.address } : {}),
  });
  if (route.outcome !== "forward") return summarise("envoy", [], route.explanation);
  return routeDistribution(ctx, caller, route.destinations, route.explanation);
}

/** The endpoint table of the caller's proxy for host:port (istioctl proxy-config endpoints / ztunnel-config workloads). */
export function endpointTableOf(
  ctx: SimContext,
  start: QueryStart,
  host: string,
  port: number,
): EndpointTable {
  const proxyKind = start.caller ? (start.caller.proxy.kind === "ztunnel" ? "ztunnel" : "sidecar") : "none";
  const proxy = { workload: start.workload.id, kind: proxyKind } as const;
  if (start.blocked || !start.caller) {
    return {
      proxy,
      cluster: host,
      rows: [],
      explanation: [start.blocked ?? "the workload has no mesh proxy, so it holds no endpoints"],
    };
  }
  const caller = start.caller;
  if (caller.proxy.kind === "ztunnel") {
    const service = findService(caller.plane, start.address ?? "", caller.workload.network, start.serviceKey);
    if (!service) return { proxy, cluster: host, rows: [], explanation: [`no ambient service for ${host}`] };
    const { workloads } = ztunnelBalance(ctx, caller, service);
    const rows: EndpointRow[] = [];
    for (const id of workloads.local) {
      const w = ctx.index.workloads.get(id);
      if (!w) continue;
      rows.push({
        endpoint: `${w.ips[0] ?? ""}`,
        status: ctx.faults.isReady(w) ? "HEALTHY" : "UNHEALTHY",
        kind: "workload",
        workload: w.id,
        cluster: w.cluster,
        network: w.network,
        locality: localityString(w.locality),
        weight: 1,
      });
    }
    for (const sh of workloads.splitHorizon) {
      const gw = sh.networkGateway;
      const address = "ip" in gw.address ? gw.address.ip : gw.address.hostname;
      rows.push({
        endpoint: `${address}:${gw.hbonePort}`,
        status: sh.healthyMembers > 0 ? "HEALTHY" : "UNHEALTHY",
        kind: "split-horizon",
        represents: sh.members,
        cluster: sh.cluster,
        network: sh.network,
        locality: "",
        weight: sh.capacity,
      });
    }
    return {
      proxy,
      cluster: service.key,
      rows,
      explanation: workloads.decisions.map((d) => `${d.workload}: ${d.action}: ${d.reason}`),
    };
  }
  const hostname = start.serviceKey ? start.serviceKey.slice(start.serviceKey.indexOf("/") + 1) : host;
  const resolved = resolveEnvoyCluster(ctx, caller, { host: hostname, port });
  if (!resolved)
    return {
      proxy,
      cluster: `outbound|${port}||${hostname}`,
      rows: [],
      explanation: [`no service ${hostname}`],
    };
  const rows: EndpointRow[] = [];
  for (const group of resolved.view.distribution.groups) {
    for (const ep of group.endpoints) rows.push(envoyRow(ctx, ep, group.priority));
  }
  return { proxy, cluster: `outbound|${port}||${hostname}`, rows, explanation: resolved.view.explanation };
}

function envoyRow(ctx: SimContext, ep: EdsEndpoint, priority: number): EndpointRow {
  const healthy = ep.health === "healthy" && !(ep.workloadId && ctx.faults.ejected.has(ep.workloadId));
  return {
    endpoint: `${ep.address}:${ep.port}`,
    status: healthy ? "HEALTHY" : "UNHEALTHY",
    kind: ep.kind,
    ...(ep.workloadId ? { workload: ep.workloadId } : {}),
    ...(ep.represents ? { represents: ep.represents } : {}),
    cluster: ep.cluster,
    network: ep.network,
    locality: localityString(ep.locality),
    priority,
    weight: ep.weight,
    tlsMode: ep.tlsMode,
    transport: ep.transport,
  };
}
