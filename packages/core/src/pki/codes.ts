import type { DiagnosticCode, Severity } from "../diagnostics";

/** One catalogue entry: the stable code, the default severity, a title and the usual fix. */
export interface PkiCatalogueEntry {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly title: string;
  readonly fix: string;
}

/**
 * The PKI finding catalogue (MW3000–MW3999). MW3001–MW3022 are pki.md §5's failure classes in
 * order; the rest complete the picture. Codes never change meaning once published.
 */
export const PKI_CATALOGUE = {
  ROOT_MISMATCH: {
    code: "MW3001",
    severity: "error",
    title: "clusters do not share a root",
    fix: "plug the same root-cert.pem into every cluster's cacerts and re-issue each intermediate from that root (compare SHA-256 fingerprints, never subjects)",
  },
  INTERMEDIATE_EXPIRED: {
    code: "MW3002",
    severity: "error",
    title: "intermediate CA expired",
    fix: "issue a new intermediate from the root and replace ca-cert.pem, ca-key.pem and cert-chain.pem",
  },
  INTERMEDIATE_EXPIRES_SOON: {
    code: "MW3003",
    severity: "warning",
    title: "intermediate CA expires within the horizon",
    fix: "re-issue the intermediate before it expires (istiod hot-reloads a new intermediate under the same root)",
  },
  INTERMEDIATE_NOT_YET_VALID: {
    code: "MW3004",
    severity: "error",
    title: "intermediate CA not yet valid",
    fix: "back-date notBefore (clock skew) or wait; check the clock of the machine that issued it",
  },
  INTERMEDIATE_NOT_CA: {
    code: "MW3005",
    severity: "error",
    title: "intermediate is not a CA",
    fix: "re-issue it with -extfile: basicConstraints=critical,CA:true,pathlen:0 and keyUsage=critical,keyCertSign,cRLSign (or use `meshwright certs generate`)",
  },
  CA_KEY_MISMATCH: {
    code: "MW3006",
    severity: "error",
    title: "ca-key.pem does not belong to ca-cert.pem",
    fix: "put the private key that was used to create ca-cert.pem's CSR into ca-key.pem",
  },
  CHAIN_ORDER: {
    code: "MW3007",
    severity: "warning",
    title: "cert-chain.pem is not ordered intermediate first",
    fix: "write cert-chain.pem as `cat ca-cert.pem root-cert.pem` (intermediate(s) first, root last)",
  },
  CHAIN_INCOMPLETE: {
    code: "MW3008",
    severity: "error",
    title: "chain does not reach the root",
    fix: "add every intermediate between ca-cert.pem and the root to cert-chain.pem",
  },
  ROOT_NOT_SELF_SIGNED: {
    code: "MW3009",
    severity: "error",
    title: "root-cert.pem holds a certificate that is not a root",
    fix: "put the self-signed root (not the intermediate) in root-cert.pem",
  },
  INTERMEDIATE_EKU_RESTRICTS: {
    code: "MW3010",
    severity: "error",
    title: "an issuer's extKeyUsage excludes the usage",
    fix: "re-issue the CA without extKeyUsage (or with serverAuth and clientAuth)",
  },
  PATHLEN_VIOLATION: {
    code: "MW3011",
    severity: "error",
    title: "pathLenConstraint exceeded",
    fix: "raise pathlen on the CA above the cluster CA (pathlen:N must count every CA below it) or issue the cluster CA directly from the root",
  },
  TRUST_DOMAIN_MISMATCH: {
    code: "MW3012",
    severity: "error",
    title: "trust domain not accepted by the peer",
    fix: "use one trust domain mesh-wide, or (sidecars only) list the other in meshConfig.trustDomainAliases",
  },
  SAN_MISMATCH: {
    code: "MW3013",
    severity: "error",
    title: "peer identity differs from the expected SAN",
    fix: "run the destination under the expected service account, or fix the DestinationRule / service identities",
  },
  CA_KEY_UNSUPPORTED_FORMAT: {
    code: "MW3014",
    severity: "error",
    title: "ca-key.pem is in a format istiod cannot read",
    fix: "convert it: openssl pkey -in key.pem -out ca-key.pem (unencrypted PKCS#8 `PRIVATE KEY`)",
  },
  WEAK_SIGNATURE: {
    code: "MW3015",
    severity: "error",
    title: "insecure signature algorithm",
    fix: "re-issue with SHA-256 or stronger (openssl x509 -sha256)",
  },
  ROOT_BUNDLE: {
    code: "MW3016",
    severity: "info",
    title: "root-cert.pem holds several roots",
    fix: "expected during root rotation; remove the old root once no certificate chains to it",
  },
  INTERMEDIATE_KU_NO_CERTSIGN: {
    code: "MW3017",
    severity: "error",
    title: "issuer keyUsage lacks keyCertSign",
    fix: "re-issue the CA with keyUsage=critical,keyCertSign,cRLSign",
  },
  URI_NAME_CONSTRAINTS_AMBIENT: {
    code: "MW3018",
    severity: "error",
    title: "URI name constraints: ztunnel fails closed",
    fix: "remove URI name constraints from the CA (or use DNS constraints only) when any workload runs in ambient mode",
  },
  CACERTS_INCOMPLETE: {
    code: "MW3019",
    severity: "error",
    title: "cacerts bundle incomplete",
    fix: "provide ca-cert.pem, ca-key.pem, root-cert.pem and cert-chain.pem together (or tls.crt, tls.key, ca.crt)",
  },
  ISSUER_NAME_NOT_BYTE_EQUAL: {
    code: "MW3020",
    severity: "error",
    title: "issuer name not byte-equal to the issuer's subject",
    fix: "re-issue with the issuer name copied from the parent's subject DER (openssl x509 -CA does this; with @peculiar/x509 pass issuer: parent.subjectName)",
  },
  LEAF_OUTLIVES_ISSUER: {
    code: "MW3021",
    severity: "warning",
    title: "certificate outlives its issuer",
    fix: "clamp notAfter to the issuer's notAfter, as istiod does",
  },
  ROOT_ROTATION_REQUIRES_MULTIROOT: {
    code: "MW3022",
    severity: "warning",
    title: "root change ignored without ISTIO_MULTIROOT_MESH",
    fix: "set ISTIO_MULTIROOT_MESH=true on istiod, or restart istiod after changing root-cert.pem",
  },
  ROOT_EXPIRED: {
    code: "MW3030",
    severity: "error",
    title: "root expired",
    fix: "rotate to a new root (`meshwright certs rotate-plan`)",
  },
  ROOT_EXPIRES_SOON: {
    code: "MW3031",
    severity: "warning",
    title: "root expires within the horizon",
    fix: "plan a root rotation now: it takes at least one workload-certificate lifetime per phase",
  },
  ROOT_NOT_YET_VALID: {
    code: "MW3032",
    severity: "error",
    title: "root not yet valid",
    fix: "check the clock of the machine that created the root",
  },
  LEAF_EXPIRED: {
    code: "MW3033",
    severity: "error",
    title: "workload certificate expired",
    fix: "the workload's agent should have rotated it: check istio-agent / ztunnel logs and istiod reachability",
  },
  LEAF_NOT_YET_VALID: {
    code: "MW3034",
    severity: "error",
    title: "workload certificate not yet valid",
    fix: "fix the clock skew (istiod back-dates by 2 minutes only)",
  },
  CHAIN_HEAD_EXPIRED: {
    code: "MW3035",
    severity: "error",
    title: "first certificate of cert-chain.pem expired",
    fix: "replace cert-chain.pem with a current chain, intermediate first",
  },
  WEAK_KEY: {
    code: "MW3036",
    severity: "error",
    title: "key too weak or unsupported",
    fix: "use RSA ≥ 2048 bits or ECDSA P-256/P-384",
  },
  BAD_SIGNATURE: {
    code: "MW3037",
    severity: "error",
    title: "signature does not verify",
    fix: "the certificate was not signed by the key of the certificate it names as issuer: re-issue it",
  },
  UNKNOWN_CRITICAL_EXTENSION: {
    code: "MW3038",
    severity: "error",
    title: "unhandled critical extension",
    fix: "re-issue without marking that extension critical",
  },
  NAME_CONSTRAINT_VIOLATION: {
    code: "MW3039",
    severity: "error",
    title: "name constraints violated",
    fix: "issue the certificate with names inside the CA's permitted subtrees, or relax the constraints",
  },
  LEAF_URI_SAN_COUNT: {
    code: "MW3040",
    severity: "error",
    title: "peer certificate must carry exactly one URI SAN",
    fix: "issue workload certificates with one spiffe:// URI SAN, as istiod does",
  },
  LEAF_SPIFFE_ID_INVALID: {
    code: "MW3041",
    severity: "error",
    title: "URI SAN is not a SPIFFE id",
    fix: "use spiffe://<trust domain>/ns/<namespace>/sa/<service account>",
  },
  LEAF_IS_CA: {
    code: "MW3042",
    severity: "error",
    title: "a CA certificate presented as a workload certificate",
    fix: "present the workload certificate (CA:false), not the CA",
  },
  LEAF_EKU_INCOMPATIBLE: {
    code: "MW3043",
    severity: "error",
    title: "workload certificate extKeyUsage lacks the usage",
    fix: "issue workload certificates with serverAuth and clientAuth",
  },
  CERTIFICATE_MALFORMED: {
    code: "MW3044",
    severity: "error",
    title: "certificate cannot be parsed",
    fix: "regenerate the certificate; check that the file was not truncated or re-encoded",
  },
  INPUT_NOT_PEM: {
    code: "MW3045",
    severity: "error",
    title: "input is not PEM",
    fix: "convert DER with: openssl x509 -inform der -in cert.der -out cert.pem",
  },
  LEAF_NOT_V3: {
    code: "MW3046",
    severity: "error",
    title: "workload certificate is not X.509 v3",
    fix: "issue v3 certificates (any modern tool does; openssl x509 -req needs -extfile)",
  },
  SELF_SIGNED_FALLBACK: {
    code: "MW3047",
    severity: "warning",
    title: "no cacerts: istiod creates its own root",
    fix: "plug in a cacerts secret generated from a shared root (`meshwright certs generate`)",
  },
  INTERMEDIATE_SHARED: {
    code: "MW3048",
    severity: "warning",
    title: "clusters share an intermediate",
    fix: "give every cluster its own intermediate (subject L=<cluster>) so one cluster's key cannot sign for another",
  },
  ROTATION_PHASE_BREAKS: {
    code: "MW3050",
    severity: "error",
    title: "a rotation phase breaks cross-cluster mTLS",
    fix: "publish the combined root bundle everywhere before re-issuing any intermediate; retire the old root only after every old leaf expired",
  },
  ROTATION_REQUIRES_RESTART: {
    code: "MW3051",
    severity: "info",
    title: "rotation phase needs istiod restarts",
    fix: "restart istiod in each cluster after the phase's files are in place, or enable ISTIO_MULTIROOT_MESH",
  },
  RFC5280_VIOLATION: {
    code: "MW3052",
    severity: "warning",
    title: "RFC 5280 profile violation",
    fix: "re-issue the certificate following RFC 5280 (Istio's verifiers tolerate it today; stricter ones may not)",
  },
  INVALID_INPUT: {
    code: "MW3060",
    severity: "error",
    title: "invalid PKI request",
    fix: "correct the named option",
  },
  UNKNOWN_CLUSTER: {
    code: "MW3061",
    severity: "error",
    title: "unknown cluster",
    fix: "use a cluster name from the Mesh document",
  },
  SIGNING_CA_EXPIRED: {
    code: "MW3062",
    severity: "error",
    title: "signing CA expired at issuance time",
    fix: "re-issue the cluster's intermediate; istiod refuses to sign with an expired CA",
  },
  TTL_TOO_LONG: {
    code: "MW3063",
    severity: "error",
    title: "requested TTL above istiod's maximum",
    fix: "request at most MAX_WORKLOAD_CERT_TTL (90 days by default)",
  },
  FILE_UNREADABLE: {
    code: "MW3070",
    severity: "error",
    title: "file cannot be read or written",
    fix: "check the path and its permissions",
  },
} as const satisfies Record<string, PkiCatalogueEntry>;

/** The symbolic name of a PKI finding (pki.md §5 names, plus meshwright's own). */
export type PkiFindingName = keyof typeof PKI_CATALOGUE;
