import type { AmbientNetworkGateway } from "../endpoints";
import type { SimContext } from "./context";
import type { Flow, HopDraft } from "./flow";

/**
 * Whether a double-HBONE connection from `fromNetwork` gets through to an ambient east-west
 * gateway under the injected faults. When it does not (no traffic passes between the two
 * networks, or the gateway's pods are down), the outer hop is recorded and the flow fails there;
 * otherwise the caller records the hop with its TLS session. The client ztunnel's and a
 * waypoint's double HBONE both pass here.
 */
export function ambientGatewayAnswers(
  ctx: SimContext,
  flow: Flow,
  outerHop: HopDraft,
  fromNetwork: string,
  gw: AmbientNetworkGateway,
  gwId: string,
): boolean {
  if (!ctx.faults.networksConnected(fromNetwork, gw.network)) {
    flow.add(outerHop);
    flow.fail("NETWORK_PARTITION", `no traffic passes between ${fromNetwork} and ${gw.network}`);
    return false;
  }
  if (ctx.faults.gatewayDown(gw.cluster, gw.name)) {
    flow.add(outerHop);
    flow.fail("GATEWAY_UNREACHABLE", `east-west gateway ${gwId} does not answer`);
    return false;
  }
  return true;
}
