/**
 * The source address a server-side proxy sees (istio-semantics §2.10). Identity survives every
 * cross-network path (end-to-end mTLS through AUTO_PASSTHROUGH, inner HBONE through the ambient
 * east-west gateway), but the address does not: each hop that terminates TCP — an east-west gateway,
 * a waypoint, an ingress gateway — opens a new connection from its own pod address, which is what
 * `ipBlocks` / `source.ip` then match (ztunnel inbound uses the connection's source, `[Z]
 * src/proxy/inbound.rs`). Istio's own integration tests skip source-IP authz across networks
 * (`tests/integration/security/authz_test.go`, istio/istio#37307).
 */
import type { Diagnostic } from "@meshwright/core";
import { authzDiagnostic } from "./codes";
import { parseIp } from "./ip-address";

/** A proxy between client and server that terminates TCP and connects onward from its own address. */
export interface TcpTerminatingHop {
  readonly kind: "east-west-gateway" | "waypoint" | "ingress-gateway";
  readonly name: string;
  /** The hop's pod address, i.e. the source of the connection it opens. */
  readonly ip: string;
  readonly network?: string;
}

/** Input of `sourceIpSeenByServer`. */
export interface SourceIpInput {
  readonly client: { readonly ip: string; readonly network: string };
  readonly server: { readonly network: string };
  /** The hops between them, client side first; empty for a direct connection. */
  readonly via?: readonly TcpTerminatingHop[];
}

/** The address the server-side proxy sees, and why. */
export interface SourceIpSeen {
  readonly ip: string;
  /** The hop whose address replaced the client's, if any. */
  readonly rewrittenBy?: TcpTerminatingHop;
  /** False when the server sees another address than the client's own: source-IP rules will not see the caller. */
  readonly preservesClientIp: boolean;
  readonly reason: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** Computes the source address seen by the server-side proxy. */
export function sourceIpSeenByServer(input: SourceIpInput): SourceIpSeen {
  const via = input.via ?? [];
  const diagnostics: Diagnostic[] = [];
  const check = (ip: string, path: string) => {
    if (parseIp(ip) === null)
      diagnostics.push(authzDiagnostic("invalidSourceAddress", { path, found: JSON.stringify(ip) }));
  };
  check(input.client.ip, "$.client.ip");
  for (const [i, hop] of via.entries()) check(hop.ip, `$.via[${i}].ip`);
  const last = via.at(-1);
  if (last === undefined) {
    const crossNetwork = input.client.network !== input.server.network;
    return {
      ip: input.client.ip,
      preservesClientIp: true,
      reason: crossNetwork
        ? `direct connection from network ${input.client.network} to ${input.server.network}: the client address is kept (only when it is routable)`
        : "direct connection: the server sees the client's own address",
      diagnostics,
    };
  }
  return {
    ip: last.ip,
    rewrittenBy: last,
    preservesClientIp: false,
    reason: `${last.kind} ${last.name} terminates TCP and connects from ${last.ip}: ipBlocks / source.ip see it, not the client ${input.client.ip}`,
    diagnostics,
  };
}
