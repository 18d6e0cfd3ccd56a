/** Who answered a DNS query. `upstream` = the resolver kube-dns forwards non-cluster names to. */
export type DnsAnsweredBy = "kube-dns" | "istio-dns-proxy" | "ztunnel-dns" | "upstream";

/**
 * The answer to one query name: `ok` with addresses, `nxdomain` (the name does not exist), or
 * `nodata` (the name exists but has no address for the client — NOERROR with an empty answer).
 */
export interface DnsAnswer {
  readonly status: "ok" | "nxdomain" | "nodata";
  readonly addresses: readonly string[];
  readonly answeredBy: DnsAnsweredBy;
  /** The service (`<namespace>/<hostname>`) that answered, when one did. */
  readonly service?: string;
  readonly reason: string;
}

/** An NXDOMAIN from `by`. */
export function nxdomain(by: DnsAnsweredBy, reason: string): DnsAnswer {
  return { status: "nxdomain", addresses: [], answeredBy: by, reason };
}

/** An answer for a found name: `ok` with addresses, else `nodata`. */
export function found(
  by: DnsAnsweredBy,
  service: string,
  addresses: readonly string[],
  reason: string,
): DnsAnswer {
  return { status: addresses.length > 0 ? "ok" : "nodata", addresses, answeredBy: by, service, reason };
}
