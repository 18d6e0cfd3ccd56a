import type { Diagnostic, IpFamily } from "@meshwright/core";
import type { AmbientNetworkGateway } from "./ambient-gateway";
import { ENDPOINT_CODES, endpointDiagnostic } from "./codes";
import { addressFamily, joinHostPort } from "./ip-address";

/** The header ztunnel adds to the inner CONNECT only (`X_FORWARDED_NETWORK_HEADER`). */
export const FORWARDED_NETWORK_HEADER = "x-forwarded-network";

/** What ztunnel knows when its load balancer picked a workload on another network. */
export interface DoubleHboneInput {
  /** The network of the source ztunnel. */
  readonly sourceNetwork: string;
  /** The service the client addressed: its host, the service port it connected to, and its SANs. */
  readonly service: {
    readonly hostname: string;
    readonly port: number;
    readonly subjectAltNames: readonly string[];
  };
  /** The chosen remote workload's `network_gateway`; undefined when istiod gave it none. */
  readonly networkGateway: AmbientNetworkGateway | undefined;
  /** The client connection's address family: a hostname gateway is resolved to that family when it can be. */
  readonly clientFamily?: IpFamily;
}

/** One HTTP/2 CONNECT of a double-HBONE connection. */
export interface HboneLayer {
  /** `:authority` of the CONNECT. */
  readonly authority: string;
  /** SPIFFE identities the TLS peer must present. */
  readonly expectedIdentities: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
}

/** The outer tunnel also has the TCP target ztunnel dials. */
export interface OuterHboneLayer extends HboneLayer {
  readonly address: string;
  readonly port: number;
  /** `address:port` (IPv6 bracketed). */
  readonly target: string;
}

/** Both layers of a double-HBONE connection (istio-semantics §3.5 ztunnel outbound 4). */
export interface DoubleHboneTargets {
  readonly outer: OuterHboneLayer;
  readonly inner: HboneLayer;
  /** How the outer target was found. */
  readonly reason: string;
}

/**
 * `ztunnel src/proxy/outbound.rs` build_request_through_gateway + `state.rs`
 * fetch_network_gateway: the outer CONNECT goes to the E/W gateway — by IP: `gwIP:hbone_mtls_port`;
 * by hostname: ztunnel resolves it (a Service hostname maps the port through its port map, e.g.
 * 15009→15008) — and must present the gateway's identity. Both CONNECTs carry `:authority =
 * <service hostname>:<service port>`, never an IP; the inner TLS session is verified against the
 * service's SANs and only the inner request carries `x-forwarded-network: <source network>`.
 * No network gateway is an error: ztunnel never sends cross-network traffic directly.
 */
export function doubleHboneTargets(
  input: DoubleHboneInput,
): { targets: DoubleHboneTargets } | { diagnostic: Diagnostic } {
  const gw = input.networkGateway;
  const authority = `${input.service.hostname}:${input.service.port}`;
  if (gw === undefined) {
    return {
      diagnostic: endpointDiagnostic(ENDPOINT_CODES.doubleHboneNoGateway, "error", {
        message: `the workload chosen for ${authority} is on another network and has no network gateway, so ztunnel refuses to connect (NoValidDestination)`,
        fix: "deploy an ambient east-west gateway with an address on the destination network",
        expected: "a network_gateway on the remote workload",
        found: "none",
      }),
    };
  }
  const resolved = resolveOuterTarget(gw, input.clientFamily);
  if ("problem" in resolved) {
    return {
      diagnostic: endpointDiagnostic(ENDPOINT_CODES.doubleHboneUnresolvable, "error", {
        message: `east-west gateway ${gw.resourceName} (${gw.cluster}): ${resolved.problem}, so ztunnel cannot open the outer tunnel`,
        fix: "make the gateway hostname resolvable, or give the gateway an IP address",
        cluster: gw.cluster,
        expected: "a resolvable gateway address",
        found: resolved.problem,
      }),
    };
  }
  return {
    targets: {
      outer: {
        address: resolved.address,
        port: resolved.port,
        target: joinHostPort(resolved.address, resolved.port),
        authority,
        expectedIdentities: [gw.identity],
        headers: {},
      },
      inner: {
        authority,
        expectedIdentities: [...input.service.subjectAltNames],
        headers: { [FORWARDED_NETWORK_HEADER]: input.sourceNetwork },
      },
      reason: resolved.reason,
    },
  };
}

function resolveOuterTarget(
  gw: AmbientNetworkGateway,
  clientFamily: IpFamily | undefined,
): { address: string; port: number; reason: string } | { problem: string } {
  const address = gw.address;
  if ("ip" in address) {
    return {
      address: address.ip,
      port: gw.hbonePort,
      reason: `gateway by IP: ${joinHostPort(address.ip, gw.hbonePort)}`,
    };
  }
  const ips = address.resolvesTo.filter((ip) => addressFamily(ip) !== undefined);
  if (ips.length === 0) return { problem: `hostname ${address.hostname} resolves to no address` };
  const ip = ips.find((candidate) => addressFamily(candidate) === clientFamily) ?? ips[0]!;
  if (address.portMap === undefined) {
    return {
      address: ip,
      port: gw.hbonePort,
      reason: `gateway hostname ${address.hostname} resolved by ztunnel to ${ip}, port ${gw.hbonePort}`,
    };
  }
  const port = address.portMap[gw.hbonePort];
  if (port === undefined) {
    return { problem: `gateway Service ${address.hostname} has no port ${gw.hbonePort}` };
  }
  return {
    address: ip,
    port,
    reason: `gateway Service ${address.hostname}: port ${gw.hbonePort} maps to target port ${port} on ${ip}`,
  };
}
