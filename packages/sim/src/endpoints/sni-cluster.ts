import type { Diagnostic } from "@meshwright/core";
import { ENDPOINT_CODES, endpointDiagnostic } from "./codes";

/** The parts of an SNI-DNAT cluster name, which is also the SNI a sidecar sends across networks. */
export interface SniDnatCluster {
  readonly port: number;
  /** DestinationRule subset name; "" for the whole service. */
  readonly subset: string;
  readonly host: string;
}

/**
 * The mTLS SNI a client sidecar uses for a service port (and subset), which is also the name of
 * the E/W gateway's AUTO_PASSTHROUGH cluster: `outbound_.<port>_.<subset>_.<host>`
 * (`model.BuildDNSSrvSubsetKey`; `outbound_.80_._.svc.ns.svc.cluster.local` without a subset).
 */
export function sniDnatClusterName(port: number, host: string, subset = ""): string {
  return `outbound_.${port}_.${subset}_.${host}`;
}

/**
 * Parses an SNI / SNI-DNAT cluster name (`model.ParseSubsetKey`, `IsDNSSrvSubsetKey`). Anything
 * else is a diagnostic: an AUTO_PASSTHROUGH gateway has no cluster for it and resets the connection.
 */
export function parseSniDnatCluster(name: string): { cluster: SniDnatCluster } | { diagnostic: Diagnostic } {
  const parts = name.split("_.");
  const port = Number(parts[1]);
  if (parts.length < 4 || parts[0] !== "outbound" || !Number.isInteger(port) || port <= 0 || port > 65535) {
    return {
      diagnostic: endpointDiagnostic(ENDPOINT_CODES.sniMalformed, "error", {
        message: `${name} is not an Istio SNI-DNAT name, so an AUTO_PASSTHROUGH gateway has no cluster for it`,
        fix: "let the client sidecar originate Istio mTLS (it sets the SNI itself); do not override tls.sni",
        expected: "outbound_.<port>_.<subset>_.<host>",
        found: name,
      }),
    };
  }
  return { cluster: { port, subset: parts[2]!, host: parts.slice(3).join("_.") } };
}
