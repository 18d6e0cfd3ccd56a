import { OID } from "../../der/oids";
import type { ParsedCertificate } from "../asn1/certificate";
import type { ChainProblem } from "../chain-problem";
import { isValidDnsName } from "../dns-names";
import { isAnchor, type PathCheck, type PathContext, rfc5280At } from "../path-context";

type Rule = (certificate: ParsedCertificate, index: number, context: PathContext) => string | undefined;

const isIssuer = (index: number): boolean => index > 0;
const selfSignedAnchor = (c: ParsedCertificate, i: number, ctx: PathContext): boolean =>
  isAnchor(ctx, i) && c.selfIssued;
const critical = (c: ParsedCertificate, oid: string): boolean =>
  c.extensions.some((e) => e.oid === oid && e.critical);

/**
 * RFC 5280 (and CA/Browser Forum) MUST rules that Go, BoringSSL and webpki do not enforce. They
 * are advisories by default — an Istio mesh works with them — and errors in pedantic mode, which
 * the x509-limbo harness uses.
 */
const RULES: readonly Rule[] = [
  (c, i, ctx) =>
    !isAnchor(ctx, i) && !c.authorityKeyId
      ? "RFC 5280 §4.2.1.1: authorityKeyIdentifier is missing"
      : undefined,
  (c) =>
    critical(c, OID.authorityKeyIdentifier)
      ? "RFC 5280 §4.2.1.1: authorityKeyIdentifier must not be critical"
      : undefined,
  (c) =>
    critical(c, OID.subjectKeyIdentifier)
      ? "RFC 5280 §4.2.1.2: subjectKeyIdentifier must not be critical"
      : undefined,
  (c, i) =>
    isIssuer(i) && !c.subjectKeyId
      ? "RFC 5280 §4.2.1.2: CA certificate has no subjectKeyIdentifier"
      : undefined,
  (c, i) =>
    isIssuer(i) && c.basicConstraints && !c.basicConstraints.critical
      ? "RFC 5280 §4.2.1.9: basicConstraints must be critical in a CA certificate"
      : undefined,
  (c) => (c.issuer.empty ? "RFC 5280 §4.1.2.4: issuer name is empty" : undefined),
  (c, i) =>
    isIssuer(i) && c.subject.empty ? "RFC 5280 §4.1.2.6: CA certificate has an empty subject" : undefined,
  (c, i) =>
    i === 0 && c.subject.empty && c.subjectAltName && !c.subjectAltName.critical
      ? "RFC 5280 §4.2.1.6: subjectAltName must be critical when the subject is empty"
      : undefined,
  (c, i) =>
    i === 0 && !c.subject.empty && c.subjectAltName?.critical
      ? "CA/B Forum 7.1.2.7.12: subjectAltName must not be critical when the subject is not empty"
      : undefined,
  (c, i) =>
    i === 0 && c.nameConstraints && !c.basicConstraints?.ca
      ? "RFC 5280 §4.2.1.10: nameConstraints in an end-entity certificate"
      : undefined,
  (c, i) =>
    i === 0 && c.keyUsage?.usages.includes("keyCertSign") && !c.basicConstraints?.ca
      ? "RFC 5280 §4.2.1.3: keyCertSign asserted by a certificate that is not a CA"
      : undefined,
  (c, i, ctx) => {
    if (!selfSignedAnchor(c, i, ctx) || !c.authorityKeyId) return undefined;
    if (c.authorityKeyId.hasIssuerAndSerial)
      return "CA/B Forum: root authorityKeyIdentifier carries issuer and serial";
    if (c.authorityKeyId.keyId === undefined)
      return "CA/B Forum: root authorityKeyIdentifier has no keyIdentifier";
    return c.subjectKeyId && c.authorityKeyId.keyId !== c.subjectKeyId
      ? "CA/B Forum: root authorityKeyIdentifier differs from its subjectKeyIdentifier"
      : undefined;
  },
  (c, i) =>
    i === 0 && c.subjectAltName?.names.some((n) => n.kind === "dns" && !isValidDnsName(n.value, true))
      ? "RFC 5280 §4.2.1.6: a dNSName is not a valid preferred name syntax"
      : undefined,
  (c) =>
    (c.publicKey.algorithm === "rsa" || c.publicKey.algorithm === "rsa-pss") &&
    (c.publicKey.bits ?? 0) % 8 !== 0
      ? `CA/B Forum 6.1.5: RSA modulus of ${c.publicKey.bits} bits is not a multiple of 8`
      : undefined,
  (c, i) =>
    i === 0 && c.version !== 3 ? `CA/B Forum 7.1.1: version ${c.version} end-entity certificate` : undefined,
  (c, i) => {
    if (i !== 0) return undefined;
    const eku = c.extendedKeyUsage;
    if (!eku) return undefined;
    if (eku.critical) return "CA/B Forum 7.1.2.7.10: extKeyUsage must not be critical";
    return eku.purposes.includes(OID.anyExtendedKeyUsage)
      ? "CA/B Forum 7.1.2.7.10: anyExtendedKeyUsage in an end-entity certificate"
      : undefined;
  },
  (c, i, ctx) =>
    isAnchor(ctx, i) && i > 0 && c.extendedKeyUsage
      ? "CA/B Forum 7.1.2.1: root certificate carries extKeyUsage"
      : undefined,
];

/** Runs the RFC 5280 profile rules over the path. */
export const checkRfc5280Profile: PathCheck = (context) => {
  const problems: ChainProblem[] = [];
  context.path.forEach((certificate, index) => {
    for (const rule of RULES) {
      const detail = rule(certificate, index, context);
      if (detail) problems.push(rfc5280At(context, index, detail));
    }
  });
  return problems;
};
