import type { IstioVersion } from "@meshwright/core";
import type { ProxyView } from "../model/proxy";
import type { LbEndpoint } from "./locality-groups";
import type { ZtunnelScope } from "./ztunnel-load-balancing";

/** The client fields ztunnel compares with each endpoint's workload. */
export type ZtunnelClient = Pick<ProxyView, "network" | "locality" | "cluster" | "node">;

/** An endpoint's rank and the rank STRICT mode checks. */
export interface ZtunnelRank {
  /** Leading scopes matched (1.31 network-preferred: + (#scopes − 1) when the network matches). */
  readonly rank: number;
  /** The unadjusted count STRICT compares with #scopes (ztunnel checks before adding the network bonus). */
  readonly matched: number;
}

function scopeMatches(scope: ZtunnelScope, client: ZtunnelClient, endpoint: LbEndpoint): boolean {
  switch (scope) {
    case "REGION":
      return client.locality.region === endpoint.locality.region;
    case "ZONE":
      return client.locality.zone === endpoint.locality.zone;
    case "SUBZONE":
      return client.locality.subzone === endpoint.locality.subzone;
    case "NODE":
      return (client.node ?? "") === (endpoint.node ?? "");
    case "CLUSTER":
      return client.cluster === endpoint.cluster;
    case "NETWORK":
      return client.network === endpoint.network;
  }
}

/**
 * ztunnel's rank of one endpoint for a client (`[Z] src/state.rs` `ProxyState::load_balance`,
 * istio-semantics §1.10): the number of leading routing-preference scopes equal to the client's,
 * stopping at the first mismatch. 1.31: when scopes[0] is NETWORK a network mismatch is skipped and
 * the rest still ranked, while a network match adds #scopes − 1, so every same-network endpoint
 * outranks every other-network one but other networks are still ordered by region and zone.
 */
export function ztunnelRank(
  client: ZtunnelClient,
  endpoint: LbEndpoint,
  scopes: readonly ZtunnelScope[],
  istioVersion: IstioVersion,
): ZtunnelRank {
  const networkPreferred = istioVersion === "1.31" && scopes[0] === "NETWORK";
  let matched = 0;
  let adjust = 0;
  for (const scope of scopes) {
    const matches = scopeMatches(scope, client, endpoint);
    if (scope === "NETWORK" && networkPreferred) {
      if (!matches) continue;
      adjust = scopes.length - 1;
    }
    if (!matches) break;
    matched++;
  }
  return { rank: matched + adjust, matched };
}
