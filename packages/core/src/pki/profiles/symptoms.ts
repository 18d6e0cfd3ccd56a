import type { ChainProblemKind } from "../validate/chain-problem";

/** The component whose words a symptom quotes. */
export type ValidatingComponent = "istiod" | "envoy" | "ztunnel";

/** rustls-webpki `Error` variants, the names ztunnel logs after "invalid peer certificate:". */
const WEBPKI_ERRORS: Readonly<Record<ChainProblemKind, string>> = {
  expired: "CertExpired",
  "not-yet-valid": "CertNotValidYet",
  "not-ca-v1": "UnsupportedCertVersion",
  "not-ca-no-basic-constraints": "EndEntityUsedAsCa",
  "not-ca-false": "EndEntityUsedAsCa",
  "path-length": "PathLenConstraintViolated",
  // webpki skips an issuer that fails its checks while building paths, so the walk ends unanchored.
  "issuer-key-usage": "UnknownIssuer",
  "eku-incompatible": "RequiredEkuNotFound",
  "insecure-signature": "UnsupportedSignatureAlgorithm",
  "weak-key": "UnsupportedSignatureAlgorithmForPublicKey",
  "unsupported-key": "UnsupportedSignatureAlgorithmForPublicKey",
  "unhandled-critical-extension": "UnsupportedCriticalExtension",
  "name-constraint-violation": "NameConstraintViolation",
  "uri-name-constraints-unsupported": "NameConstraintViolation",
  "leaf-is-ca": "CaUsedAsEndEntity",
  "leaf-not-v3": "UnsupportedCertVersion",
  malformed: "BadDer",
  rfc5280: "",
  "unknown-authority": "UnknownIssuer",
};

const ENVOY_VERIFY_FAILED =
  "upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: TLS error: 268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED";

/**
 * What the component prints when a chain check fails (pki.md §2.3 and §5): Envoy's client-side
 * CERTIFICATE_VERIFY_FAILED (`ssl.fail_verify_error`; the server side sees TLSV1_ALERT_UNKNOWN_CA),
 * ztunnel's webpki error, istiod's wrapped Go error.
 */
export function chainSymptom(component: ValidatingComponent, kind: ChainProblemKind, detail: string): string {
  switch (component) {
    case "envoy":
      return `${ENVOY_VERIFY_FAILED} (${detail}; stat ssl.fail_verify_error)`;
    case "ztunnel":
      return `invalid peer certificate: ${WEBPKI_ERRORS[kind] || detail}`;
    case "istiod":
      return `failed to create CA: failed to create an istiod CA: failed to create CA KeyCertBundle (cannot verify the cert with the provided root chain and cert pool with error: ${detail})`;
  }
}

/** Envoy's words for an identity (SAN) mismatch: same handshake failure, counted in `ssl.fail_verify_san`. */
export function sanSymptom(component: "envoy" | "ztunnel", detail: string): string {
  return component === "envoy"
    ? `${ENVOY_VERIFY_FAILED} (stat ssl.fail_verify_san)`
    : `identity verification error: ${detail}`;
}
