import { OID } from "../der/oids";

/** The purpose a verifier asks of the leaf (Go `VerifyOptions.KeyUsages`, BoringSSL purpose, webpki `KeyUsage`). */
export type RequiredUsage = "serverAuth" | "clientAuth" | "any";

/**
 * The rules one verifier applies to a path. Presets model istiod (Go `crypto/x509`), Envoy
 * sidecars (BoringSSL) and ztunnel (rustls-webpki); pki.md §2.3 has the matrix they come from.
 */
export interface ChainPolicy {
  readonly name: string;
  readonly usage: RequiredUsage;
  /** Critical extensions the verifier understands; any other critical extension rejects the certificate. */
  readonly handledCriticalExtensions: ReadonlySet<string>;
  /** `reject`: a URI name constraint fails closed (rustls-webpki `subject_name/mod.rs`). */
  readonly uriNameConstraints: "enforce" | "reject";
  /** False: a CA certificate presented as the leaf is rejected (webpki `CaUsedAsEndEntity`). */
  readonly leafMayBeCa: boolean;
  /** True: a v1/v2 leaf is rejected (webpki `UnsupportedCertVersion`). */
  readonly leafMustBeV3: boolean;
  readonly minRsaBits: number;
  /** EC curves accepted for any key on the path. */
  readonly curves: ReadonlySet<string>;
  /** Whether the trust anchor's own validity dates are checked (webpki treats anchors as name + key only). */
  readonly checkAnchorValidity: boolean;
  /** RFC 5280 §6.1.4(l): self-issued intermediates do not count against pathLen (OpenSSL lineage); Go counts them. */
  readonly selfIssuedCountsForPathLength: boolean;
  /** Treat RFC 5280 MUST rules that no Istio verifier enforces (AKI/SKI presence, serial rules...) as errors. */
  readonly pedantic: boolean;
  /** Longest path considered, in intermediates. */
  readonly maxIntermediates: number;
  /** Signature checks allowed while searching (guards against path-building denial of service). */
  readonly signatureBudget: number;
}

const SHARED_CURVES: ReadonlySet<string> = new Set(["P-256", "P-384", "P-521"]);

/** Go `crypto/x509` marks these as handled when critical (`parseCertificate`). */
const GO_HANDLED = new Set<string>([
  OID.keyUsage,
  OID.basicConstraints,
  OID.subjectAltName,
  OID.nameConstraints,
  OID.crlDistributionPoints,
  OID.authorityKeyIdentifier,
  OID.extKeyUsage,
  OID.subjectKeyIdentifier,
  OID.certificatePolicies,
  OID.authorityInfoAccess,
]);

/** BoringSSL `X509_supported_extension`: the critical extensions Envoy accepts. */
const BORINGSSL_HANDLED = new Set<string>([
  OID.keyUsage,
  OID.subjectAltName,
  OID.basicConstraints,
  OID.certificatePolicies,
  OID.extKeyUsage,
  OID.policyConstraints,
  OID.nameConstraints,
  OID.policyMappings,
  OID.inhibitAnyPolicy,
]);

/** rustls-webpki `remember_extension`: anything else critical is `UnsupportedCriticalExtension`. */
const WEBPKI_HANDLED = new Set<string>([
  OID.keyUsage,
  OID.subjectAltName,
  OID.basicConstraints,
  OID.nameConstraints,
  OID.extKeyUsage,
]);

const LIMITS = { maxIntermediates: 8, signatureBudget: 256 } as const;

/** istiod loading `cacerts`: Go verifying ca-cert.pem as a leaf with default options (serverAuth). */
export const ISTIOD_LOAD_POLICY: ChainPolicy = Object.freeze({
  name: "istiod",
  usage: "serverAuth",
  handledCriticalExtensions: GO_HANDLED,
  uriNameConstraints: "enforce",
  leafMayBeCa: true,
  leafMustBeV3: false,
  // Go ≥ 1.24 refuses RSA keys below 1024 bits (crypto/rsa); Istio itself asks for ≥ 2048 only for workloads.
  minRsaBits: 1024,
  curves: SHARED_CURVES,
  checkAnchorValidity: true,
  selfIssuedCountsForPathLength: true,
  pedantic: false,
  ...LIMITS,
});

/** An Envoy sidecar or gateway (BoringSSL) validating a peer; outbound checks serverAuth. */
export const SIDECAR_POLICY: ChainPolicy = Object.freeze({
  name: "envoy",
  usage: "serverAuth",
  handledCriticalExtensions: BORINGSSL_HANDLED,
  uriNameConstraints: "enforce",
  leafMayBeCa: true,
  leafMustBeV3: false,
  minRsaBits: 2048,
  curves: SHARED_CURVES,
  checkAnchorValidity: true,
  selfIssuedCountsForPathLength: false,
  pedantic: false,
  ...LIMITS,
});

/** ztunnel (rustls-webpki 0.103) validating a peer. */
export const ZTUNNEL_POLICY: ChainPolicy = Object.freeze({
  name: "ztunnel",
  usage: "serverAuth",
  handledCriticalExtensions: WEBPKI_HANDLED,
  uriNameConstraints: "reject",
  leafMayBeCa: false,
  leafMustBeV3: true,
  minRsaBits: 2048,
  curves: SHARED_CURVES,
  checkAnchorValidity: false,
  selfIssuedCountsForPathLength: false,
  pedantic: false,
  ...LIMITS,
});
