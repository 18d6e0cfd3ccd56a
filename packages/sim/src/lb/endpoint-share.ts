import type { LbEndpoint } from "./locality-groups";

/** The share of a client's requests one endpoint receives. */
export interface EndpointShare<E extends LbEndpoint = LbEndpoint> {
  readonly endpoint: E;
  /** The EDS group's locality (`region/zone/subzone`). */
  readonly localityKey: string;
  /** Envoy priority of its group; for ztunnel, 0 for the kept tier. */
  readonly priority: number;
  /** Healthy as the data plane sees it (readiness, and not ejected by outlier detection). */
  readonly healthy: boolean;
  /** Fraction of requests, 0..1; shares of one answer sum to 1 unless it is a failure. */
  readonly share: number;
}

/**
 * How a distribution ended:
 * - `ok`: every request reaches a healthy endpoint;
 * - `panic`: Envoy panic mode sends some requests to unhealthy endpoints (they will fail);
 * - `no-healthy-upstream`: nothing healthy and panic disabled — Envoy answers `503 no healthy
 *   upstream` (response flag UH; TCP: the connection is closed), ztunnel fails the connection;
 * - `no-endpoints`: the EDS/WDS answer is empty — the same symptom;
 * - `passthrough`: `loadBalancer.simple: PASSTHROUGH` — Envoy connects to the address the client dialled.
 */
export type DistributionOutcome = "ok" | "panic" | "no-healthy-upstream" | "no-endpoints" | "passthrough";

/** Σ of shares per key (e.g. per cluster or per locality), keys in first-seen order. */
export function sumSharesBy(
  shares: readonly EndpointShare[],
  keyOf: (share: EndpointShare) => string,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const share of shares) {
    const key = keyOf(share);
    out[key] = (out[key] ?? 0) + share.share;
  }
  return out;
}

/** The share of requests each cluster receives (the endpoint's `cluster`; a gateway pseudo-endpoint counts for the remote cluster it stands for). */
export function sharesByCluster(shares: readonly EndpointShare[]): Record<string, number> {
  return sumSharesBy(shares, (share) => share.endpoint.cluster);
}

/** The share of requests each locality (`region/zone/subzone`) receives. */
export function sharesByLocality(shares: readonly EndpointShare[]): Record<string, number> {
  return sumSharesBy(shares, (share) => share.localityKey);
}
