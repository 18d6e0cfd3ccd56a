// @peculiar/x509 resolves services through tsyringe, which needs the Reflect polyfill first (pki.md §4.3 gotcha 1).
import "reflect-metadata";
import { AsnConvert } from "@peculiar/asn1-schema";
import * as asn1X509 from "@peculiar/asn1-x509";
import * as x509 from "@peculiar/x509";
import { type KeySpec, signingParams } from "../crypto/key-spec";
import { type SerialSource, serialHex } from "../crypto/serial-numbers";
import type { SigningParams, WebCrypto, WebCryptoKey, WebCryptoKeyPair } from "../crypto/webcrypto-types";
import { encodePem } from "../pem";
import { type ParsedCertificate, parseCertificateDer } from "../validate/asn1/certificate";
import type { CaTemplate, NameConstraintSubtrees } from "./ca-template";

const KEY_USAGE_FLAGS: Readonly<Record<string, x509.KeyUsageFlags>> = {
  digitalSignature: x509.KeyUsageFlags.digitalSignature,
  nonRepudiation: x509.KeyUsageFlags.nonRepudiation,
  keyEncipherment: x509.KeyUsageFlags.keyEncipherment,
  dataEncipherment: x509.KeyUsageFlags.dataEncipherment,
  keyAgreement: x509.KeyUsageFlags.keyAgreement,
  keyCertSign: x509.KeyUsageFlags.keyCertSign,
  cRLSign: x509.KeyUsageFlags.cRLSign,
  encipherOnly: x509.KeyUsageFlags.encipherOnly,
  decipherOnly: x509.KeyUsageFlags.decipherOnly,
};

/** The signer of a new CA certificate: its key and, unless self-signing, its certificate. */
export interface CaSigner {
  readonly keys: WebCryptoKeyPair;
  readonly spec: KeySpec;
  /** Absent for a self-signed root. */
  readonly certificate?: ParsedCertificate;
}

function subtrees(spec: NameConstraintSubtrees | undefined): asn1X509.GeneralSubtrees | undefined {
  if (!spec) return undefined;
  const items = [
    ...(spec.dns ?? []).map(
      (dNSName) => new asn1X509.GeneralSubtree({ base: new asn1X509.GeneralName({ dNSName }) }),
    ),
    ...(spec.uri ?? []).map(
      (uniformResourceIdentifier) =>
        new asn1X509.GeneralSubtree({ base: new asn1X509.GeneralName({ uniformResourceIdentifier }) }),
    ),
  ];
  return items.length > 0 ? new asn1X509.GeneralSubtrees(items) : undefined;
}

async function extensionsFor(
  template: CaTemplate,
  subjectKey: WebCryptoKey,
  signer: CaSigner,
  crypto: WebCrypto,
): Promise<x509.Extension[]> {
  const extensions: x509.Extension[] = [];
  const bc = template.basicConstraints;
  if (bc) extensions.push(new x509.BasicConstraintsExtension(bc.ca, bc.pathLen, bc.critical));
  const ku = template.keyUsage;
  if (ku) {
    const flags = ku.usages.reduce((sum, usage) => sum | KEY_USAGE_FLAGS[usage]!, 0);
    extensions.push(new x509.KeyUsagesExtension(flags, ku.critical));
  }
  const eku = template.extendedKeyUsage;
  if (eku) extensions.push(new x509.ExtendedKeyUsageExtension([...eku.purposes], eku.critical));
  const san = template.subjectAltName;
  if (san) {
    const names = [
      ...(san.dns ?? []).map((value) => ({ type: "dns" as const, value })),
      ...(san.uris ?? []).map((value) => ({ type: "url" as const, value })),
    ];
    extensions.push(new x509.SubjectAlternativeNameExtension(names, san.critical));
  }
  const nc = template.nameConstraints;
  if (nc) {
    // @peculiar/x509 has no name-constraints class: build the DER with asn1-x509 (pki.md §4.1).
    const value = new asn1X509.NameConstraints({
      permittedSubtrees: subtrees(nc.permitted),
      excludedSubtrees: subtrees(nc.excluded),
    });
    extensions.push(
      new x509.Extension(asn1X509.id_ce_nameConstraints, nc.critical, AsnConvert.serialize(value)),
    );
  }
  if (template.subjectKeyIdentifier) {
    extensions.push(await x509.SubjectKeyIdentifierExtension.create(subjectKey, false, crypto));
  }
  if (template.authorityKeyIdentifier) {
    const issuerKeyId = signer.certificate?.subjectKeyId;
    extensions.push(
      issuerKeyId
        ? new x509.AuthorityKeyIdentifierExtension(issuerKeyId, false)
        : await x509.AuthorityKeyIdentifierExtension.create(signer.keys.publicKey, false, crypto),
    );
  }
  for (const extra of template.extraExtensions ?? []) {
    extensions.push(new x509.Extension(extra.oid, extra.critical, extra.value));
  }
  return extensions;
}

function signingAlgorithm(template: CaTemplate, spec: KeySpec): SigningParams {
  const base = signingParams(spec);
  return template.signatureHash && base.name === "ECDSA"
    ? { name: "ECDSA", hash: template.signatureHash }
    : base;
}

/**
 * Creates a CA certificate from a template with @peculiar/x509. The issuer name is the parent's
 * subject DER re-used as is — never a re-encoded string (pki.md §4.3 gotcha 3) — and subjects are
 * UTF8String like OpenSSL's `utf8=yes`.
 */
export async function createCaCertificate(
  template: CaTemplate,
  subjectKeys: WebCryptoKeyPair,
  signer: CaSigner,
  crypto: WebCrypto,
  serials: SerialSource,
): Promise<{ certificate: ParsedCertificate; pem: string }> {
  const subject = new x509.Name(template.subject.map((a) => ({ [a.type]: [{ utf8String: a.value }] })));
  const issuer = signer.certificate ? new x509.Name(signer.certificate.subject.der) : subject;
  const created = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialHex(serials()),
      subject,
      issuer,
      notBefore: template.notBefore,
      notAfter: template.notAfter,
      publicKey: subjectKeys.publicKey,
      signingKey: signer.keys.privateKey,
      signingAlgorithm: signingAlgorithm(template, signer.spec),
      extensions: await extensionsFor(template, subjectKeys.publicKey, signer, crypto),
    },
    crypto,
  );
  const der = new Uint8Array(created.rawData);
  const parsed = parseCertificateDer(der);
  if (!parsed.ok) throw new Error(`generated certificate does not parse: ${parsed.reason}`);
  return { certificate: parsed.certificate, pem: encodePem("CERTIFICATE", der) };
}
