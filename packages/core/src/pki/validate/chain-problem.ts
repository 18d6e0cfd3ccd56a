import type { ParsedCertificate } from "./asn1/certificate";

/** What a path check found. Profiles turn these into findings with codes and fixes. */
export type ChainProblemKind =
  | "expired"
  | "not-yet-valid"
  | "not-ca-v1"
  | "not-ca-no-basic-constraints"
  | "not-ca-false"
  | "path-length"
  | "issuer-key-usage"
  | "eku-incompatible"
  | "insecure-signature"
  | "weak-key"
  | "unsupported-key"
  | "unhandled-critical-extension"
  | "name-constraint-violation"
  | "uri-name-constraints-unsupported"
  | "leaf-is-ca"
  | "leaf-not-v3"
  | "malformed"
  | "rfc5280"
  | "unknown-authority";

/** Why no issuer was found for the top of a partial path. */
export interface UnknownAuthorityCause {
  /** A certificate with the right subject exists but its key did not sign this one (different roots, same DN). */
  readonly signatureMismatch?: { readonly candidate: ParsedCertificate; readonly detail: string };
  /** A certificate whose subject prints the same but is encoded differently (PrintableString vs UTF8String). */
  readonly encodingMismatch?: ParsedCertificate;
  /** The top of the path is self-signed but not in the trust bundle. */
  readonly untrustedRoot: boolean;
}

/** One problem on a path: which certificate (0 = leaf) and the error text the verifier prints. */
export interface ChainProblem {
  readonly kind: ChainProblemKind;
  readonly index: number;
  readonly certificate: ParsedCertificate;
  /** The verifier's own words (Go / OpenSSL wording, pki.md §2 and §5). */
  readonly detail: string;
  /** False for advisories that the modelled verifier does not enforce (RFC 5280 rules outside pedantic mode). */
  readonly blocking: boolean;
  readonly cause?: UnknownAuthorityCause;
}
