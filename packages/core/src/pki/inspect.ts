import { OID } from "./der/oids";
import type { ParsedCertificate } from "./validate/asn1/certificate";
import { describePublicKey } from "./validate/asn1/public-key-info";
import { formatIpAddress } from "./validate/ip-addresses";
import { signatureScheme } from "./validate/signature-algorithms";

const EKU_NAMES: Readonly<Record<string, string>> = {
  [OID.serverAuth]: "serverAuth",
  [OID.clientAuth]: "clientAuth",
  [OID.anyExtendedKeyUsage]: "any",
};

/** A certificate summarised as plain data for `meshwright certs inspect` (never key material). */
export interface CertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly serial: string;
  readonly sha256: string;
  readonly version: number;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly key: string;
  readonly signature: string;
  readonly ca: boolean;
  readonly pathLen?: number;
  readonly keyUsage: readonly string[];
  readonly extKeyUsage: readonly string[];
  readonly subjectAltNames: readonly string[];
  readonly selfSigned: boolean;
  readonly subjectKeyId?: string;
  readonly authorityKeyId?: string;
}

/** Summarises a parsed certificate. */
export function summarizeCertificate(certificate: ParsedCertificate): CertificateSummary {
  const bc = certificate.basicConstraints;
  return {
    subject: certificate.subject.text || "<empty>",
    issuer: certificate.issuer.text || "<empty>",
    serial: certificate.serialHex,
    sha256: certificate.fingerprint,
    version: certificate.version,
    notBefore: new Date(certificate.notBefore).toISOString(),
    notAfter: new Date(certificate.notAfter).toISOString(),
    key: describePublicKey(certificate.publicKey),
    signature: signatureScheme(certificate.signatureAlgorithm)?.name ?? certificate.signatureAlgorithm.oid,
    ca: Boolean(bc?.ca),
    ...(bc?.pathLen !== undefined ? { pathLen: bc.pathLen } : {}),
    keyUsage: certificate.keyUsage?.usages ?? [],
    extKeyUsage: (certificate.extendedKeyUsage?.purposes ?? []).map((p) => EKU_NAMES[p] ?? p),
    subjectAltNames: (certificate.subjectAltName?.names ?? []).map((n) =>
      n.kind === "ip"
        ? `IP:${formatIpAddress(n.bytes)}`
        : n.kind === "dn" || n.kind === "other"
          ? n.kind
          : `${n.kind.toUpperCase()}:${n.value}`,
    ),
    selfSigned: certificate.selfIssued,
    ...(certificate.subjectKeyId ? { subjectKeyId: certificate.subjectKeyId } : {}),
    ...(certificate.authorityKeyId?.keyId ? { authorityKeyId: certificate.authorityKeyId.keyId } : {}),
  };
}
