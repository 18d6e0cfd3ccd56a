/** The wire protocol of one hop, as a packet capture would name it. */
export type HopProtocol = "TCP" | "HTTP" | "TLS" | "mTLS" | "HBONE" | "double HBONE" | "DNS";

/** One TLS session inside a hop: who presented which identity and what the other side expected. */
export interface TlsSession {
  /** The side that opens the session (client certificate holder in mTLS). */
  readonly client: { readonly proxy: string; readonly presents?: string };
  /** The side that terminates it. */
  readonly server: { readonly proxy: string; readonly presents?: string };
  /** SANs the client accepts for the server (sidecar: the service's SANs; ztunnel: the expected identity). */
  readonly clientExpects: readonly string[];
  /** Trust domains the server accepts for the client (sidecar: trust domain + aliases; ztunnel: its own only). */
  readonly serverAccepts: readonly string[];
  /** SNI (sidecar mTLS) of the session, when any. */
  readonly sni?: string;
  /** Verdict of certificate validation on both sides (filled by the mTLS check; absent when not checked). */
  readonly verified?: { readonly ok: boolean; readonly detail: string };
}

/** A decision a proxy or control plane took at a hop, with the rule that made it. */
export interface HopDecision {
  /** Short machine name, e.g. `route`, `endpoint-pick`, `split-horizon`, `authz`, `peer-authn`, `dns`. */
  readonly kind: string;
  /** What was decided, in one line. */
  readonly decision: string;
  /** Why: the rule, with its Istio source where not obvious. */
  readonly reason: string;
}

/**
 * One hop of a request: from a proxy (or the app) to the next address, with the protocol, the
 * TLS sessions, and every decision taken on the way.
 */
export interface Hop {
  readonly index: number;
  /** Who sends: `app`, `sidecar`, `ztunnel`, `waypoint`, `eastwest-gateway`, plus its workload/gateway id. */
  readonly from: { readonly role: string; readonly id: string; readonly cluster?: string };
  /** Who receives, and on which address:port. */
  readonly to: {
    readonly role: string;
    readonly id: string;
    readonly cluster?: string;
    readonly address: string;
  };
  readonly protocol: HopProtocol;
  /** SNI of a TLS hop, or the CONNECT `:authority` of an HBONE hop (outer first for double HBONE). */
  readonly sni?: string;
  readonly authority?: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly tls: readonly TlsSession[];
  readonly decisions: readonly HopDecision[];
  /** Set on the hop where the request failed. */
  readonly failed?: boolean;
}
