import type { IpFamily } from "@meshwright/core";
import type { NetworkGateway } from "../model/endpoint";
import { addressFamily } from "./ip-address";

/**
 * The network gateways one istiod holds, indexed the way `pilot/pkg/model/network.go`
 * NetworkGateways.update indexes them: by network and by (network, cluster), each list sorted
 * (`SortGateways`: address, then port), plus the LB weight scale factor.
 */
export interface NetworkGatewayIndex {
  /** Every gateway, deduplicated and sorted. */
  readonly gateways: readonly NetworkGateway[];
  readonly byNetwork: ReadonlyMap<string, readonly NetworkGateway[]>;
  /** Keyed by {@link networkClusterKey}. */
  readonly byNetworkAndCluster: ReadonlyMap<string, readonly NetworkGateway[]>;
  /**
   * LCM of every group size (per network and per (network, cluster)); 1 without gateways. Every
   * endpoint weight is multiplied by it so that dividing among a group's gateways stays exact.
   */
  readonly scaleFactor: number;
  /**
   * Each gateway's position in `gateways` (the {@link compareGateways} order): split horizon sorts
   * a group's gateway pseudo-endpoints by it, a number compare instead of up to six string ones.
   */
  readonly rank: ReadonlyMap<NetworkGateway, number>;
  /** The gateways' content (every field, in order): istiods holding equal gateways have equal keys. */
  readonly key: string;
}

/** The (network, cluster) key of {@link NetworkGatewayIndex.byNetworkAndCluster}. */
export function networkClusterKey(network: string, cluster: string): string {
  return `${network}\u0000${cluster}`;
}

/** Identity of a gateway inside istiod's set (`NetworkGatewaySet`): same network, cluster, address and ports. */
function gatewayKey(gw: NetworkGateway): string {
  return [gw.network, gw.cluster, gw.address, gw.mtlsPort, gw.hbonePort].join("\u0000");
}

/**
 * `SortGateways` (address, then port) made total with the remaining fields, so equal
 * address/port pairs from two networks still come out in one order.
 */
export function compareGateways(a: NetworkGateway, b: NetworkGateway): number {
  return (
    cmp(a.address, b.address) ||
    a.mtlsPort - b.mtlsPort ||
    a.hbonePort - b.hbonePort ||
    cmp(a.network, b.network) ||
    cmp(a.cluster, b.cluster) ||
    cmp(a.name, b.name)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** Least common multiple of positive integers (1 for none). */
export function lcmOf(values: Iterable<number>): number {
  let out = 1;
  for (const v of values) out = (out * v) / gcd(out, v);
  return out;
}

/** Indexes gateways as istiod's NetworkManager does; duplicates (same network/cluster/address/ports) collapse. */
export function indexNetworkGateways(gateways: readonly NetworkGateway[]): NetworkGatewayIndex {
  const unique = new Map<string, NetworkGateway>();
  for (const gw of gateways) if (!unique.has(gatewayKey(gw))) unique.set(gatewayKey(gw), gw);
  const sorted = [...unique.values()].sort(compareGateways);
  const byNetwork = new Map<string, NetworkGateway[]>();
  const byNetworkAndCluster = new Map<string, NetworkGateway[]>();
  for (const gw of sorted) {
    push(byNetwork, gw.network, gw);
    push(byNetworkAndCluster, networkClusterKey(gw.network, gw.cluster), gw);
  }
  const sizes = [...byNetwork.values(), ...byNetworkAndCluster.values()].map((g) => g.length);
  const rank = new Map(sorted.map((gw, i) => [gw, i]));
  const key = sorted.map((gw) => `${gatewayKey(gw)}\u0000${gw.name}`).join("\u0001");
  return { gateways: sorted, byNetwork, byNetworkAndCluster, scaleFactor: lcmOf(sizes), rank, key };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** True when istiod knows at least one network gateway (`NetworkGateways.IsMultiNetworkEnabled`). */
export function isMultiNetworkEnabled(index: NetworkGatewayIndex): boolean {
  return index.byNetwork.size > 0;
}

/** Which gateway port a proxy needs: sidecars the mTLS (AUTO_PASSTHROUGH) port, ambient Envoys HBONE. */
export type GatewayPortNeed = "mtls" | "hbone" | "any";

/**
 * `selectNetworkGateways`: the gateways of the endpoint's (network, cluster), else every gateway
 * of its network; then sidecars keep only gateways with an mTLS port and ambient-mode Envoys only
 * those with an HBONE port (a sidecar cannot talk to an ambient-only E/W gateway).
 */
export function selectNetworkGateways(
  index: NetworkGatewayIndex,
  network: string,
  cluster: string,
  need: GatewayPortNeed,
): readonly NetworkGateway[] {
  const own = index.byNetworkAndCluster.get(networkClusterKey(network, cluster));
  const candidates = own && own.length > 0 ? own : (index.byNetwork.get(network) ?? []);
  if (need === "mtls") return candidates.filter((gw) => gw.mtlsPort !== 0);
  if (need === "hbone") return candidates.filter((gw) => gw.hbonePort !== 0);
  return candidates;
}

/**
 * `filterGatewaysByIPFamily` (1.30+): a single-stack proxy keeps the gateways of its family
 * (non-IP addresses are dropped); a dual-stack proxy, or one whose family is unknown (empty list),
 * keeps them all.
 */
export function filterGatewaysByIpFamily(
  gateways: readonly NetworkGateway[],
  proxyFamilies: readonly IpFamily[],
): readonly NetworkGateway[] {
  const v4 = proxyFamilies.includes("IPv4");
  const v6 = proxyFamilies.includes("IPv6");
  if (v4 === v6) return gateways;
  return gateways.filter((gw) => {
    const family = addressFamily(gw.address);
    return (family === "IPv4" && v4) || (family === "IPv6" && v6);
  });
}
