import { hasPkiErrors, type PkiFinding, pkiFinding } from "../finding";
import type { ParsedCertificate } from "../validate/asn1/certificate";
import {
  type CertificateCache,
  type CertificateInput,
  sharedCertificateCache,
} from "../validate/certificate-cache";
import { type ChainPolicy, SIDECAR_POLICY, ZTUNNEL_POLICY } from "../validate/chain-policy";
import { createTrustBundle, type TrustBundle } from "../validate/trust-bundle";
import { verifyChain } from "../validate/verify-chain";
import { checkPeerIdentity } from "./peer-identity";
import { findingsFromVerification, peerRoleAt } from "./problem-findings";

/** Which data-plane verifier to model. */
export type PeerProfile = "sidecar" | "ztunnel";

/** One peer validation: would a proxy holding `trustBundle` accept `leaf` + `chain` for this identity? */
export interface PeerValidationRequest {
  readonly profile: PeerProfile;
  /** The validating proxy's roots. Pass a `TrustBundle` (built once with `createTrustBundle`) on hot paths. */
  readonly trustBundle: TrustBundle | string | readonly CertificateInput[];
  readonly leaf: CertificateInput;
  /** Certificates sent after the leaf (intermediates, possibly the root; order does not matter). */
  readonly chain?: readonly CertificateInput[];
  /** Expected identity (outbound); omit for an inbound check (trust domain only). */
  readonly expectedSan?: string | readonly string[];
  /** The validating side's trust domain (its own, for ztunnel). */
  readonly trustDomain: string;
  /** Sidecars honour these; ztunnel ignores them. */
  readonly trustDomainAliases?: readonly string[];
  readonly at: Date | number;
  /** `outbound`: validating a server (serverAuth, default); `inbound`: a client (clientAuth). */
  readonly direction?: "outbound" | "inbound";
  /** Report RFC 5280 rules no Istio verifier enforces as errors. */
  readonly pedantic?: boolean;
  readonly cache?: CertificateCache;
  readonly cluster?: string;
}

/** The verdict: accepted or not, why, and the path that was judged (leaf first). */
export interface PeerValidation {
  readonly ok: boolean;
  readonly findings: readonly PkiFinding[];
  readonly path: readonly ParsedCertificate[];
  readonly spiffeId?: string;
}

const POLICIES: Readonly<Record<PeerProfile, ChainPolicy>> = {
  sidecar: SIDECAR_POLICY,
  ztunnel: ZTUNNEL_POLICY,
};
const policyCache = new Map<string, ChainPolicy>();

function policyFor(profile: PeerProfile, direction: "outbound" | "inbound", pedantic: boolean): ChainPolicy {
  const key = `${profile}/${direction}/${pedantic}`;
  let policy = policyCache.get(key);
  if (!policy) {
    const usage = direction === "outbound" ? ("serverAuth" as const) : ("clientAuth" as const);
    policy = Object.freeze({ ...POLICIES[profile], usage, pedantic });
    policyCache.set(key, policy);
  }
  return policy;
}

function isTrustBundle(value: PeerValidationRequest["trustBundle"]): value is TrustBundle {
  return typeof value === "object" && value !== null && "bySubject" in value;
}

/**
 * Validates a peer the way an Envoy sidecar (BoringSSL) or ztunnel (rustls-webpki) does: chain to
 * the trust bundle with raw-DER name matching, basicConstraints on every issuer, pathLen, issuer
 * keyUsage, EKU nesting, validity at `at`, algorithm allow-list, critical extensions, name
 * constraints (ztunnel fails closed on URI constraints), then exactly one SPIFFE URI SAN, the
 * trust domain (aliases for sidecars only) and the expected SAN. Parsing and signature checks are
 * cached, so repeated validations of the same intermediates cost lookups.
 */
export function validatePeer(request: PeerValidationRequest): PeerValidation {
  const cache = request.cache ?? sharedCertificateCache;
  const component = request.profile === "sidecar" ? "envoy" : "ztunnel";
  const leafResult = cache.resolve(request.leaf);
  if (!leafResult.ok) {
    const finding = pkiFinding("CERTIFICATE_MALFORMED", {
      component,
      message: `the peer certificate cannot be parsed: ${leafResult.reason}`,
      symptom: component === "ztunnel" ? "invalid peer certificate: BadDer" : "CERTIFICATE_VERIFY_FAILED",
      ...(request.cluster ? { cluster: request.cluster } : {}),
    });
    return { ok: false, findings: [finding], path: [] };
  }
  const leaf = leafResult.certificate;
  const intermediates: ParsedCertificate[] = [];
  for (const input of request.chain ?? []) {
    const parsed = cache.resolve(input);
    if (parsed.ok) intermediates.push(parsed.certificate);
  }
  const bundle = isTrustBundle(request.trustBundle)
    ? request.trustBundle
    : createTrustBundle(request.trustBundle, cache);
  const verification = verifyChain({
    leaf,
    intermediates,
    bundle,
    at: request.at,
    policy: policyFor(request.profile, request.direction ?? "outbound", request.pedantic ?? false),
  });
  const findings = findingsFromVerification(verification, {
    component,
    roleAt: peerRoleAt,
    ...(request.cluster ? { cluster: request.cluster } : {}),
  });
  const expected =
    request.expectedSan === undefined
      ? []
      : typeof request.expectedSan === "string"
        ? [request.expectedSan]
        : request.expectedSan;
  const identity = checkPeerIdentity({
    profile: request.profile,
    leaf,
    trustDomain: request.trustDomain,
    trustDomainAliases: request.trustDomainAliases ?? [],
    expectedSans: expected,
    ...(request.cluster ? { cluster: request.cluster } : {}),
  });
  findings.push(...identity.findings);
  const issuer = verification.path[1];
  if (issuer && leaf.notAfter > issuer.notAfter) {
    findings.push(
      pkiFinding("LEAF_OUTLIVES_ISSUER", {
        component: "meshwright",
        message: `the workload certificate is valid until ${new Date(leaf.notAfter).toISOString()}, after its issuer "${issuer.subject.text}" expires (${new Date(issuer.notAfter).toISOString()}); istiod would have clamped it`,
        certificate: leaf,
      }),
    );
  }
  return {
    ok: verification.ok && !hasPkiErrors(findings),
    findings,
    path: verification.path,
    ...(identity.spiffeId ? { spiffeId: identity.spiffeId } : {}),
  };
}
