/**
 * The groups split horizon makes (istio-semantics §3.3): kept endpoints, then one pseudo-endpoint
 * per gateway carrying the summed weight of what it stands for. Shared by the per-endpoint
 * (`splitHorizonInto`) and per-run (`runGroups`) assemblies; internal to the endpoint rules.
 */

import { memoizeWeak } from "@meshwright/core";
import type { NetworkGateway } from "../model/endpoint";
import { addWeights, groupWeight } from "./decision";
import type { EdsEndpoint, EdsLocalityGroup } from "./eds-types";
import type { SplitHorizonContext, SplitHorizonPlan } from "./split-horizon";

/** The weight a gateway carries for a locality group, and the workloads it stands for (in endpoint order). */
export interface GatewayShare {
  weight: number;
  represents: string[];
  /** Whether `represents` belongs to this entry (else it is a list shared with others, copied before it grows). */
  owned: boolean;
}

/**
 * Adds `share` and the workloads it stands for to `gw`'s entry of a group. A first list is taken
 * as is (not copied): a gateway usually stands for one run of endpoints only.
 */
export function addGatewayShare(
  viaGateway: Map<NetworkGateway, GatewayShare>,
  gw: NetworkGateway,
  share: number,
  represents: readonly string[],
): void {
  const entry = viaGateway.get(gw);
  if (!entry) {
    viaGateway.set(gw, { weight: share, represents: represents as string[], owned: false });
    return;
  }
  entry.weight = addWeights(entry.weight, share);
  if (!entry.owned) {
    entry.represents = [...entry.represents];
    entry.owned = true;
  }
  for (const id of represents) entry.represents.push(id);
}

/** One locality group after split horizon: its kept endpoints, then its gateways in gateway order. */
export function splitGroup(
  locality: EdsLocalityGroup["locality"],
  kept: readonly EdsEndpoint[],
  viaGateway: ReadonlyMap<NetworkGateway, GatewayShare>,
  plan: Pick<SplitHorizonPlan, "ambientEnvoy" | "gatewayRank">,
  service: SplitHorizonContext["service"],
): EdsLocalityGroup {
  if (viaGateway.size === 0) return { locality, weight: groupWeight(kept), endpoints: kept };
  const endpoints = [...kept];
  const rank = plan.gatewayRank;
  const gateways = [...viaGateway.keys()];
  if (gateways.length > 1) gateways.sort((a, b) => rank.get(a)! - rank.get(b)!);
  for (const gw of gateways) {
    const { weight, represents } = viaGateway.get(gw)!;
    // istiod never sends a zero weight: it logs and uses 1.
    endpoints.push(
      gatewayEndpoint(gw, weight > 0 ? weight : 1, represents, locality, plan.ambientEnvoy, service),
    );
  }
  return { locality, weight: groupWeight(endpoints), endpoints };
}

/**
 * Labels of a gateway pseudo-endpoint: only cluster and network (`labelutil.AugmentLabels(nil, ...)`).
 * One object per gateway, shared by its pseudo-endpoints in every view (views are kept).
 */
const gatewayLabels = memoizeWeak((gw: NetworkGateway): Readonly<Record<string, string>> => {
  const labels: Record<string, string> = {};
  if (gw.cluster) labels["topology.istio.io/cluster"] = gw.cluster;
  if (gw.network) labels["topology.istio.io/network"] = gw.network;
  return labels;
});

/**
 * A gateway pseudo-endpoint: `gwIP:15443` with the Istio mTLS marker for sidecars, or the internal
 * `inner_connect_originate` listener towards `gwIP:hbonePort` with the service host:port as
 * double-HBONE authority for ambient-mode Envoys.
 */
function gatewayEndpoint(
  gw: NetworkGateway,
  weight: number,
  represents: readonly string[],
  locality: EdsLocalityGroup["locality"],
  ambientEnvoy: boolean,
  service: SplitHorizonContext["service"],
): EdsEndpoint {
  const endpoint: EdsEndpoint = {
    kind: "gateway",
    address: gw.address,
    port: ambientEnvoy ? gw.hbonePort : gw.mtlsPort,
    weight,
    health: "healthy",
    tlsMode: ambientEnvoy ? "disabled" : "istio",
    transport: ambientEnvoy ? "double-hbone" : "direct",
    network: gw.network,
    cluster: gw.cluster,
    locality,
    labels: gatewayLabels(gw),
    gateway: gw,
    represents,
  };
  // Added, not spread into the literal: a spread copies through the runtime, and sidecar views
  // make these by the hundred.
  return ambientEnvoy
    ? Object.assign(endpoint, { doubleHboneAuthority: `${service.hostname}:${service.port}` })
    : endpoint;
}
