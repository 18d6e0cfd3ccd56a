import { type Cluster, istioObjects } from "@meshwright/core";
import type { EdsEndpoint } from "../endpoints";
import type { NetworkGateway } from "../model/endpoint";
import { hostsMatch } from "../routing/host-name";
import type { SimContext } from "./context";

/** East-west gateways a connection may pass in a row before the simulator calls it a loop. */
export const MAX_GATEWAY_HOPS = 4;

/** The mTLS (AUTO_PASSTHROUGH) port of classic east-west gateways (samples/multicluster). */
const MTLS_PORT = 15443;

/**
 * The classic east-west gateway listening on `address`:`port`, if any: a ServiceEntry endpoint that
 * names another cluster's gateway (Admiral's `.global` entries, admiral.md §1.3) sends its mTLS
 * connection there, and the gateway routes it by SNI like any AUTO_PASSTHROUGH connection.
 */
export function gatewayAtAddress(ctx: SimContext, address: string, port: number): NetworkGateway | undefined {
  if (port !== MTLS_PORT) return undefined;
  for (const cluster of ctx.mesh.clusters) {
    for (const gateway of cluster.gateways) {
      const at = gateway.address;
      if (gateway.kind !== "classic" || !at || !gateway.ports.includes(port)) continue;
      const addresses = "ip" in at ? [at.ip] : at.resolvesTo;
      if (!addresses.includes(address)) continue;
      return {
        network: gateway.network,
        cluster: cluster.name,
        address,
        mtlsPort: port,
        hbonePort: 0,
        name: `${gateway.namespace}/${gateway.name}`,
      };
    }
  }
  return undefined;
}

/**
 * The east-west gateway an EDS host stands for: a gateway pseudo-endpoint's own, or — for a host
 * that is no workload (a ServiceEntry endpoint) — the gateway listening on its address and port.
 */
export function gatewayOfHost(ctx: SimContext, ep: EdsEndpoint): NetworkGateway | undefined {
  if (ep.gateway) return ep.gateway;
  if (ep.workloadId && ctx.index.workloads.has(ep.workloadId)) return undefined;
  return gatewayAtAddress(ctx, ep.address, ep.port);
}

/**
 * Whether the gateway's cluster has an AUTO_PASSTHROUGH Gateway server on `port` whose hosts cover
 * `host` (a `namespace/` prefix ignored): Envoy builds the SNI filter chains of the passthrough
 * listener only for those hosts, so any other SNI finds no filter chain and the connection is
 * closed. Gateway selectors are not compared with the gateway's pods here.
 */
export function passthroughCovers(cluster: Cluster, port: number, host: string): boolean {
  return istioObjects(cluster.resources, "Gateway").some((gateway) =>
    ((gateway.spec as { servers?: unknown[] } | undefined)?.servers ?? []).some((server) => {
      const s = server as { port?: { number?: unknown }; tls?: { mode?: unknown }; hosts?: unknown[] };
      return (
        s.port?.number === port &&
        s.tls?.mode === "AUTO_PASSTHROUGH" &&
        (s.hosts ?? []).some(
          (h) => typeof h === "string" && hostsMatch(h.includes("/") ? h.slice(h.indexOf("/") + 1) : h, host),
        )
      );
    }),
  );
}
