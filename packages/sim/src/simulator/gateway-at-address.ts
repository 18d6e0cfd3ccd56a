import { type Cluster, istioObjects, type KubeObject, type Mesh, memoizeWeak } from "@meshwright/core";
import { type EdsEndpoint, GATEWAY_MTLS_PORT, networkGateway } from "../endpoints";
import type { NetworkGateway } from "../model/endpoint";
import { hostsMatch } from "../routing/host-name";
import type { SimContext } from "./context";

/**
 * East-west gateways the simulator follows a connection through. Real gateways keep passing a
 * bouncing connection on (each pass its own pick) until it lands; past this many the simulator
 * stops and says so (`GATEWAY_CHAIN_NOT_SIMULATED`) rather than follow the chain further.
 */
export const MAX_GATEWAY_HOPS = 4;

/** Classic east-west gateways by the addresses they listen on (an IP, or the addresses of their LB name). */
const classicGatewaysByAddress = memoizeWeak((mesh: Mesh) => {
  const byAddress = new Map<string, NetworkGateway>();
  for (const cluster of mesh.clusters) {
    for (const gateway of cluster.gateways) {
      const at = gateway.address;
      if (gateway.kind !== "classic" || !at || !gateway.ports.includes(GATEWAY_MTLS_PORT)) continue;
      for (const address of "ip" in at ? [at.ip] : at.resolvesTo) {
        if (!byAddress.has(address)) byAddress.set(address, networkGateway(gateway, cluster.name, address));
      }
    }
  }
  return byAddress;
});

/**
 * The classic east-west gateway listening on `address`:`port`, if any: a ServiceEntry endpoint that
 * names another cluster's gateway (Admiral's `.global` entries, admiral.md §1.3) sends its mTLS
 * connection there, and the gateway routes it by SNI like any AUTO_PASSTHROUGH connection.
 */
function gatewayAtAddress(ctx: SimContext, address: string, port: number): NetworkGateway | undefined {
  return port === GATEWAY_MTLS_PORT ? classicGatewaysByAddress(ctx.mesh).get(address) : undefined;
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
 * Whether `gateway`, reached as host `ep`, passes a connection for `host` on: split horizon only
 * sends through gateways that expose the mesh's services (a gateway pseudo-endpoint always does); a
 * gateway a ServiceEntry endpoint names needs a passthrough server covering the host.
 */
export function gatewayPasses(
  ctx: SimContext,
  ep: EdsEndpoint,
  gateway: NetworkGateway,
  host: string,
): boolean {
  return (
    ep.kind === "gateway" || passthroughCovers(ctx.index.cluster(gateway.cluster), gateway.mtlsPort, host)
  );
}

/**
 * Whether the gateway's cluster has an AUTO_PASSTHROUGH Gateway server on `port` whose hosts cover
 * `host` (a `namespace/` prefix ignored): Envoy builds the SNI filter chains of the passthrough
 * listener only for those hosts, so any other SNI finds no filter chain and the connection is
 * closed. Gateway selectors are not compared with the gateway's pods here.
 */
export function passthroughCovers(cluster: Cluster, port: number, host: string): boolean {
  return passthroughServers(cluster.resources).some(
    (server) => server.port === port && server.hosts.some((h) => hostsMatch(h, host)),
  );
}

/** The AUTO_PASSTHROUGH servers of a cluster's Istio Gateways: port and hosts (`namespace/` dropped). */
const passthroughServers = memoizeWeak((resources: readonly KubeObject[]) =>
  istioObjects(resources, "Gateway").flatMap((gateway) =>
    ((gateway.spec as { servers?: unknown[] } | undefined)?.servers ?? []).flatMap((server) => {
      const s = server as { port?: { number?: unknown }; tls?: { mode?: unknown }; hosts?: unknown[] };
      if (s.tls?.mode !== "AUTO_PASSTHROUGH" || typeof s.port?.number !== "number") return [];
      const hosts = (s.hosts ?? [])
        .filter((h): h is string => typeof h === "string")
        .map((h) => (h.includes("/") ? h.slice(h.indexOf("/") + 1) : h));
      return [{ port: s.port.number, hosts }];
    }),
  ),
);
