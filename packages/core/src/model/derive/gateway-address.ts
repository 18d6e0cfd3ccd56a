import type { EastWestGatewayModel } from "../cluster";
import { parseAddress } from "./cidr";

/** A gateway address: an IP, or a hostname istiod resolves (`RESOLVE_HOSTNAME_GATEWAYS`, §3.2). */
export type GatewayAddress = NonNullable<EastWestGatewayModel["address"]>;

/**
 * The address of an IP-or-hostname value (`status.loadBalancer.ingress[].ip|hostname`,
 * Gateway API `status.addresses[].value`). Hostnames are kept unresolved (`resolvesTo: []`):
 * meshwright does no DNS; the user can declare what they resolve to in the Mesh document.
 */
export function gatewayAddress(value: string | undefined, type?: string): GatewayAddress | undefined {
  if (value === undefined || value === "") return undefined;
  if (type !== "Hostname") {
    const parsed = parseAddress(value);
    if (parsed.ok) return { ip: parsed.text };
  }
  return { hostname: value, resolvesTo: [] };
}
