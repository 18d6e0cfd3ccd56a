import type { KeyUsageName } from "../validate/asn1/extensions";

/** One subject attribute (written as UTF8String, like the Makefile's `utf8=yes`). */
export interface NameAttribute {
  readonly type: "C" | "O" | "OU" | "L" | "ST" | "CN";
  readonly value: string;
}

/** DNS / URI subtrees of a name-constraints extension. */
export interface NameConstraintSubtrees {
  readonly dns?: readonly string[];
  readonly uri?: readonly string[];
}

/**
 * Everything that goes into a CA certificate, as plain data. Defaults come from
 * `rootTemplate` / `intermediateTemplate`; tests and advanced callers change single fields to
 * build exactly the broken bundle they want (pki.md §5).
 */
export interface CaTemplate {
  readonly subject: readonly NameAttribute[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Omit for no basicConstraints at all. */
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLen?: number; readonly critical: boolean };
  readonly keyUsage?: { readonly usages: readonly KeyUsageName[]; readonly critical: boolean };
  readonly extendedKeyUsage?: { readonly purposes: readonly string[]; readonly critical: boolean };
  readonly subjectAltName?: {
    readonly dns?: readonly string[];
    readonly uris?: readonly string[];
    readonly critical: boolean;
  };
  readonly nameConstraints?: {
    readonly permitted?: NameConstraintSubtrees;
    readonly excluded?: NameConstraintSubtrees;
    readonly critical: boolean;
  };
  readonly subjectKeyIdentifier: boolean;
  readonly authorityKeyIdentifier: boolean;
  /** Override the signature hash (ECDSA issuers only; RSA keys are bound to SHA-256). */
  readonly signatureHash?: "SHA-1" | "SHA-256" | "SHA-384";
  /** Extra raw extensions (e.g. an unknown critical one). */
  readonly extraExtensions?: readonly {
    readonly oid: string;
    readonly critical: boolean;
    readonly value: Uint8Array;
  }[];
}

const DAY_MS = 86_400_000;

/** Validity window starting at `now`. */
export function validityFrom(now: Date, days: number): { notBefore: Date; notAfter: Date } {
  return { notBefore: now, notAfter: new Date(now.getTime() + days * DAY_MS) };
}

/**
 * Root CA template: `O=Istio, CN=Root CA` like `tools/certs/common.mk`, CA:TRUE critical,
 * keyUsage keyCertSign + cRLSign critical, SKI (pki.md §6.5).
 */
export function rootTemplate(now: Date, days = 3650, organization = "Istio"): CaTemplate {
  return {
    subject: [
      { type: "O", value: organization },
      { type: "CN", value: "Root CA" },
    ],
    ...validityFrom(now, days),
    basicConstraints: { ca: true, critical: true },
    keyUsage: { usages: ["keyCertSign", "cRLSign"], critical: true },
    subjectKeyIdentifier: true,
    authorityKeyIdentifier: false,
  };
}

/**
 * Per-cluster intermediate template: `O=Istio, CN=Intermediate CA, L=<cluster>` and SAN
 * `DNS:istiod.istio-system.svc` as the Makefile writes them, made safer: CA:TRUE pathlen:0,
 * keyUsage keyCertSign + cRLSign critical, SKI and AKI.
 */
export function intermediateTemplate(
  cluster: string,
  now: Date,
  days = 3650,
  organization = "Istio",
): CaTemplate {
  return {
    subject: [
      { type: "O", value: organization },
      { type: "CN", value: "Intermediate CA" },
      { type: "L", value: cluster },
    ],
    ...validityFrom(now, days),
    basicConstraints: { ca: true, pathLen: 0, critical: true },
    keyUsage: { usages: ["keyCertSign", "cRLSign"], critical: true },
    subjectAltName: { dns: ["istiod.istio-system.svc"], critical: false },
    subjectKeyIdentifier: true,
    authorityKeyIdentifier: true,
  };
}
