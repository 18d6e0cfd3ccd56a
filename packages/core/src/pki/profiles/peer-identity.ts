import { type PkiFinding, pkiFinding } from "../finding";
import { parseSpiffeId } from "../generate/spiffe";
import type { ParsedCertificate } from "../validate/asn1/certificate";
import { sanSymptom } from "./symptoms";

/** The identity rules a peer applies after the chain is valid. */
export interface IdentityRequest {
  readonly profile: "sidecar" | "ztunnel";
  readonly leaf: ParsedCertificate;
  readonly trustDomain: string;
  readonly trustDomainAliases: readonly string[];
  /** Identities the connection expects (outbound); empty = inbound (trust-domain check only). */
  readonly expectedSans: readonly string[];
  readonly cluster?: string;
}

/** `spiffe://<td>/rest` with the trust domain replaced (`pkg/spiffe/spiffe.go` `ExpandWithTrustDomains`). */
function withTrustDomain(spiffeId: string, trustDomain: string): string {
  const parsed = parseSpiffeId(spiffeId);
  return parsed ? `spiffe://${trustDomain}${parsed.path}` : spiffeId;
}

/**
 * Identity checks on a chain-valid leaf (pki.md §2.3):
 * - exactly one URI SAN (`PeerCertVerifier.VerifyPeerCert`: "peer certificate does not contain 1
 *   URI type SAN, detected N"), and it must be a SPIFFE id;
 * - trust domain: sidecars accept `meshConfig.trustDomain` and every `trustDomainAliases` entry
 *   (`TrustDomainsForValidation`); ztunnel accepts only its own trust domain — no aliases
 *   (`src/tls/workload.rs` `TrustDomainVerifier`);
 * - expected SAN: exact match; sidecars expand the expected identities with the aliases
 *   (`ExpandWithTrustDomains`), ztunnel does not.
 */
export function checkPeerIdentity(request: IdentityRequest): { spiffeId?: string; findings: PkiFinding[] } {
  const { leaf, profile } = request;
  const component = profile === "sidecar" ? "envoy" : "ztunnel";
  const base = {
    component,
    certificate: leaf,
    ...(request.cluster ? { cluster: request.cluster } : {}),
  } as const;
  const uris = (leaf.subjectAltName?.names ?? []).flatMap((n) => (n.kind === "uri" ? [n.value] : []));
  if (uris.length !== 1) {
    return {
      findings: [
        pkiFinding("LEAF_URI_SAN_COUNT", {
          ...base,
          message: `the peer certificate carries ${uris.length} URI SANs; Istio needs exactly one SPIFFE id`,
          symptom: `peer certificate does not contain 1 URI type SAN, detected ${uris.length}`,
          expected: "1",
          found: String(uris.length),
        }),
      ],
    };
  }
  const spiffeId = uris[0]!;
  const parsed = parseSpiffeId(spiffeId);
  if (!parsed) {
    return {
      findings: [
        pkiFinding("LEAF_SPIFFE_ID_INVALID", {
          ...base,
          message: `the peer's URI SAN "${spiffeId}" is not a SPIFFE id`,
          symptom: `failed to extract SPIFFE ID from "${spiffeId}"`,
          found: spiffeId,
        }),
      ],
    };
  }
  const findings: PkiFinding[] = [];
  const accepted =
    profile === "sidecar" ? [request.trustDomain, ...request.trustDomainAliases] : [request.trustDomain];
  if (!accepted.includes(parsed.trustDomain)) {
    const ztunnel = profile === "ztunnel";
    findings.push(
      pkiFinding("TRUST_DOMAIN_MISMATCH", {
        ...base,
        message: ztunnel
          ? `ztunnel accepts only its own trust domain "${request.trustDomain}" (trustDomainAliases are not supported), the peer presents "${parsed.trustDomain}"`
          : `the peer's trust domain "${parsed.trustDomain}" is neither "${request.trustDomain}" nor one of trustDomainAliases [${request.trustDomainAliases.join(", ")}]`,
        symptom: ztunnel
          ? `identity verification error: peer did not present the expected trustdomain (${request.trustDomain}), got ${parsed.trustDomain}`
          : sanSymptom("envoy", "trust domain prefix mismatch"),
        expected: accepted.join(" | "),
        found: parsed.trustDomain,
        fix: ztunnel
          ? "ambient needs one trust domain mesh-wide: re-install the cluster with the mesh's trustDomain"
          : `add "${parsed.trustDomain}" to meshConfig.trustDomainAliases, or re-install the cluster with trustDomain "${request.trustDomain}"`,
      }),
    );
  }
  if (request.expectedSans.length > 0) {
    const expanded =
      profile === "sidecar"
        ? request.expectedSans.flatMap((san) => [
            san,
            ...request.trustDomainAliases.map((td) => withTrustDomain(san, td)),
          ])
        : request.expectedSans;
    if (!expanded.includes(spiffeId)) {
      findings.push(
        pkiFinding("SAN_MISMATCH", {
          ...base,
          message: `the peer presents "${spiffeId}", the connection expects ${request.expectedSans.map((s) => `"${s}"`).join(" or ")}`,
          symptom: sanSymptom(
            component,
            `peer did not present the expected SAN (${request.expectedSans.join(", ")}), got ${spiffeId}`,
          ),
          expected: expanded.join(" | "),
          found: spiffeId,
        }),
      );
    }
  }
  return { spiffeId, findings };
}
