/**
 * The request an authorization decision is made for, as the enforcing proxy sees it: the peer it
 * came from (after any TCP-terminating hop, istio-semantics §2.10), the workload address and port it
 * arrived on, and, for HTTP, the request line and headers.
 */

/** Who the server-side proxy sees as its peer. */
export interface AuthzRequestSource {
  /**
   * Peer identity without `spiffe://` (`<trust-domain>/ns/<namespace>/sa/<service-account>`), from
   * the client certificate; only meaningful when `mtls` is true.
   */
  readonly principal?: string;
  /** Informational: Istio derives the namespace from the principal, never from this field. */
  readonly namespace?: string;
  /** Direct peer address (`ipBlocks`, `source.ip`): the client, or the last hop that terminated TCP. */
  readonly ip: string;
  /**
   * Original client address (`remoteIpBlocks`, `remote.ip`). When absent it is derived from
   * `X-Forwarded-For` the way the enforcing Envoy does, else it is `ip`.
   */
  readonly remoteIp?: string;
  /** Whether the connection is Istio mTLS (false for plaintext callers: out-of-mesh, uninjected). */
  readonly mtls: boolean;
}

/** Where the request arrived. */
export interface AuthzRequestDestination {
  /** Workload address (`destination.ip`). */
  readonly ip: string;
  /** Workload (container / target) port — not the Service port (istio-semantics §2.4). */
  readonly port: number;
  /** TLS SNI requested by the client (`connection.sni`); sidecar mTLS uses `outbound_.<port>_.<subset>_.<fqdn>`. */
  readonly sni?: string;
}

/** The HTTP request line and headers (only read on HTTP filter chains). */
export interface AuthzHttpRequest {
  /** `:method`, case-sensitive. */
  readonly method: string;
  /** `:path` as sent, query included; normalized before matching. */
  readonly path: string;
  /** `:authority` / Host. */
  readonly host: string;
  /** Headers; names are case-insensitive, a list is merged with "," as Envoy does. */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
}

/** What RequestAuthentication validated from the request's JWT. */
export interface AuthzRequestAuth {
  /** `<iss>/<sub>` (`request.auth.principal`). */
  readonly principal: string;
  /** The JWT payload (`request.auth.claims[...]`), nested objects allowed. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** `aud` (`request.auth.audiences`); defaults to `claims.aud`. */
  readonly audiences?: readonly string[];
  /** `azp` (`request.auth.presenter`); defaults to `claims.azp`. */
  readonly presenter?: string;
}

/** One request to authorize. */
export interface AuthzRequest {
  readonly source: AuthzRequestSource;
  readonly destination: AuthzRequestDestination;
  readonly protocol: "http" | "tcp";
  readonly http?: AuthzHttpRequest;
  readonly requestAuth?: AuthzRequestAuth;
  /**
   * Envoy dynamic metadata by filter name, read by `experimental.envoy.filters.<filter>[<key>]`
   * conditions.
   */
  readonly filterMetadata?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** True when `value` has enough of an AuthzRequest's shape to be evaluated without throwing. */
export function isAuthzRequest(value: unknown): value is AuthzRequest {
  if (typeof value !== "object" || value === null) return false;
  const { source, destination } = value as { source?: unknown; destination?: unknown };
  return (
    typeof source === "object" && source !== null && typeof destination === "object" && destination !== null
  );
}
