/** A parsed SPIFFE id (`spiffe://<trust domain>/<path>`), with Istio's `ns/<ns>/sa/<sa>` parts when present. */
export interface SpiffeId {
  readonly uri: string;
  readonly trustDomain: string;
  readonly path: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
}

const TRUST_DOMAIN = /^[a-z0-9._-]+$/;
const PATH_SEGMENT = /^[A-Za-z0-9._-]+$/;

/** Parses a SPIFFE id per the SPIFFE-ID spec (lower-case trust domain, no query/fragment, no empty segments). */
export function parseSpiffeId(uri: string): SpiffeId | undefined {
  if (!uri.startsWith("spiffe://")) return undefined;
  const rest = uri.slice("spiffe://".length);
  const slash = rest.indexOf("/");
  const trustDomain = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? "" : rest.slice(slash);
  if (!TRUST_DOMAIN.test(trustDomain)) return undefined;
  const segments = path === "" ? [] : path.slice(1).split("/");
  if (segments.some((s) => !PATH_SEGMENT.test(s) || s === "." || s === "..")) return undefined;
  const istio = segments.length === 4 && segments[0] === "ns" && segments[2] === "sa";
  return istio
    ? { uri, trustDomain, path, namespace: segments[1]!, serviceAccount: segments[3]! }
    : { uri, trustDomain, path };
}

/**
 * Istio's workload identity: `spiffe://<td>/ns/<namespace>/sa/<service account>` (`pkg/spiffe/spiffe.go`
 * MustGenSpiffeURIForTrustDomain, as `kube/conversion.go` SecureNamingSAN uses it).
 */
export function workloadSpiffeId(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `spiffe://${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}
