/**
 * The "trusted client address" Envoy derives from X-Forwarded-For, which `remoteIpBlocks` and
 * `remote.ip` match (istio-semantics §2.4). Istio configures inbound sidecar and waypoint listeners
 * with use_remote_address=false and no trusted hops (`listener_inbound.go`, `listener_waypoint.go`),
 * gateways with use_remote_address=true and xff_num_trusted_hops = gatewayTopology.numTrustedProxies
 * (`gateway.go` buildGatewayConnectionManager). The selection rules are Envoy's (HTTP connection
 * management, "x-forwarded-for").
 */

/** How the enforcing Envoy's HTTP connection manager treats X-Forwarded-For. */
export interface ForwardedForSettings {
  readonly useRemoteAddress: boolean;
  readonly numTrustedHops: number;
}

/** Inbound sidecar and waypoint listeners. */
export const SIDECAR_FORWARDED_FOR: ForwardedForSettings = { useRemoteAddress: false, numTrustedHops: 0 };

/** The client address Envoy trusts, given the XFF header (absent = none) and the peer address. */
export function trustedClientAddress(
  forwardedFor: string | undefined,
  peer: string,
  settings: ForwardedForSettings,
): string {
  const entries = (forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const hops = settings.numTrustedHops;
  if (settings.useRemoteAddress) {
    // The peer is the client unless trusted proxies in front of us appended their view of it.
    if (hops === 0 || entries.length < hops) return peer;
    return entries[entries.length - hops]!;
  }
  // Without use_remote_address the rightmost untrusted XFF entry is the client.
  if (entries.length <= hops) return peer;
  return entries[entries.length - 1 - hops]!;
}
