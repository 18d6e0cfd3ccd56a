import { parsePem } from "../pem";
import type { ParsedCertificate } from "./asn1/certificate";
import { type CertificateCache, type CertificateInput, sharedCertificateCache } from "./certificate-cache";

/**
 * The roots a verifier trusts (Istio: `root-cert.pem` → ConfigMap `istio-ca-root-cert`; ztunnel:
 * the last element of the CSR response, split). Built once and indexed by raw subject DER so each
 * validation is lookups only.
 */
export interface TrustBundle {
  readonly anchors: readonly ParsedCertificate[];
  readonly bySubject: ReadonlyMap<string, readonly ParsedCertificate[]>;
  readonly fingerprints: ReadonlySet<string>;
  /** Entries that are not certificates (skipped, like ztunnel does with a warning). */
  readonly rejected: readonly { readonly index: number; readonly reason: string }[];
}

/** Groups certificates by the hex of their raw subject DER. */
export function indexBySubject(certificates: readonly ParsedCertificate[]): Map<string, ParsedCertificate[]> {
  const index = new Map<string, ParsedCertificate[]>();
  for (const certificate of certificates) {
    const list = index.get(certificate.subject.key);
    if (list) list.push(certificate);
    else index.set(certificate.subject.key, [certificate]);
  }
  return index;
}

/** Every CERTIFICATE block of a PEM text as DER. */
export function certificateBlocks(pem: string): Uint8Array[] {
  return parsePem(pem)
    .blocks.filter((block) => block.label === "CERTIFICATE")
    .map((block) => block.der);
}

/** Builds a trust bundle from a PEM text (several roots allowed) or from individual certificates. */
export function createTrustBundle(
  roots: string | readonly CertificateInput[],
  cache: CertificateCache = sharedCertificateCache,
): TrustBundle {
  const inputs: readonly CertificateInput[] = typeof roots === "string" ? certificateBlocks(roots) : roots;
  const anchors: ParsedCertificate[] = [];
  const rejected: { index: number; reason: string }[] = [];
  inputs.forEach((input, index) => {
    const result = cache.resolve(input);
    if (result.ok) anchors.push(result.certificate);
    else rejected.push({ index, reason: result.reason });
  });
  return {
    anchors,
    bySubject: indexBySubject(anchors),
    fingerprints: new Set(anchors.map((a) => a.fingerprint)),
    rejected,
  };
}
