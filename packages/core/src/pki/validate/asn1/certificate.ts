import { createHash } from "node:crypto";
import { OID } from "../../der/oids";
import {
  bytesEqual,
  children,
  contentOf,
  DerError,
  encodingOf,
  expectTag,
  readBitString,
  readBoolean,
  readIntegerBytes,
  readOid,
  readSingle,
  readSmallInteger,
  Tag,
  toHex,
} from "../../der/reader";
import { readX509Time } from "../../der/time";
import { type AlgorithmIdentifier, readAlgorithmIdentifier } from "./algorithm-identifier";
import { type DistinguishedName, readDistinguishedName } from "./distinguished-name";
import {
  type AuthorityKeyIdentifier,
  type BasicConstraints,
  checkWellFormedSequence,
  type ExtendedKeyUsage,
  type KeyUsage,
  type NameConstraints,
  type RawExtension,
  readAuthorityKeyIdentifier,
  readBasicConstraints,
  readExtendedKeyUsage,
  readKeyUsage,
  readNameConstraints,
  readSubjectAltName,
  readSubjectKeyIdentifier,
  STRUCTURE_CHECKED_EXTENSIONS,
  type SubjectAltName,
} from "./extensions";
import { type PublicKeyInfo, readPublicKeyInfo } from "./public-key-info";

/**
 * Something wrong inside one certificate, independent of where it sits in a chain. `fatal`
 * defects make Go's parser (istiod) or the data plane refuse the certificate outright; the others
 * are RFC 5280 rules those verifiers do not enforce (reported as warnings, or as errors in
 * pedantic mode).
 */
export interface CertificateDefect {
  readonly kind:
    | "malformed-extension"
    | "duplicate-extension"
    | "signature-algorithm-mismatch"
    | "extensions-before-v3"
    | "empty-extended-key-usage"
    | "serial-not-positive"
    | "serial-too-long";
  readonly fatal: boolean;
  readonly detail: string;
}

/**
 * A certificate parsed once into plain data: raw names for byte-exact matching, decoded
 * extensions, key and signature descriptions. Instances are cached by DER, so identity can key
 * further caches (signature results).
 */
export interface ParsedCertificate {
  readonly der: Uint8Array;
  /** SHA-256 of the DER, lower-case hex (what `openssl x509 -fingerprint -sha256` prints, without colons). */
  readonly fingerprint: string;
  readonly version: 1 | 2 | 3;
  readonly serialHex: string;
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly signature: Uint8Array;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  /** Validity bounds, epoch milliseconds (whole seconds). */
  readonly notBefore: number;
  readonly notAfter: number;
  /** DER SubjectPublicKeyInfo. */
  readonly spki: Uint8Array;
  readonly publicKey: PublicKeyInfo;
  readonly extensions: readonly RawExtension[];
  readonly basicConstraints?: BasicConstraints;
  readonly keyUsage?: KeyUsage;
  readonly extendedKeyUsage?: ExtendedKeyUsage;
  readonly subjectAltName?: SubjectAltName;
  readonly nameConstraints?: NameConstraints;
  readonly subjectKeyId?: string;
  readonly authorityKeyId?: AuthorityKeyIdentifier;
  /** Subject and issuer are byte-identical (RFC 5280 "self-issued"). */
  readonly selfIssued: boolean;
  readonly defects: readonly CertificateDefect[];
}

/** Outcome of parsing: a certificate, or why it is not one. */
export type CertificateParseResult =
  | { readonly ok: true; readonly certificate: ParsedCertificate }
  | { readonly ok: false; readonly reason: string };

function readExtensions(element: ReturnType<typeof readSingle>): RawExtension[] {
  const list = children(expectTag(element, Tag.SEQUENCE, "extensions"));
  if (list.length === 0) throw new DerError("empty extensions");
  return list.map((item) => {
    const parts = children(expectTag(item, Tag.SEQUENCE, "extension"));
    const oid = readOid(parts[0]!);
    let index = 1;
    let critical = false;
    if (parts[index]?.tag === Tag.BOOLEAN) critical = readBoolean(parts[index++]!);
    const value = parts[index];
    if (!value || index + 1 !== parts.length) throw new DerError(`malformed extension ${oid}`);
    return { oid, critical, value: contentOf(expectTag(value, Tag.OCTET_STRING, "extension value")) };
  });
}

type Decoded = Pick<
  ParsedCertificate,
  | "basicConstraints"
  | "keyUsage"
  | "extendedKeyUsage"
  | "subjectAltName"
  | "nameConstraints"
  | "subjectKeyId"
  | "authorityKeyId"
>;

const DECODERS: Readonly<Record<string, (extension: RawExtension, into: Record<string, unknown>) => void>> = {
  [OID.basicConstraints]: (e, into) => (into.basicConstraints = readBasicConstraints(e)),
  [OID.keyUsage]: (e, into) => (into.keyUsage = readKeyUsage(e)),
  [OID.extKeyUsage]: (e, into) => (into.extendedKeyUsage = readExtendedKeyUsage(e)),
  [OID.subjectAltName]: (e, into) => (into.subjectAltName = readSubjectAltName(e)),
  [OID.nameConstraints]: (e, into) => (into.nameConstraints = readNameConstraints(e)),
  [OID.subjectKeyIdentifier]: (e, into) => (into.subjectKeyId = readSubjectKeyIdentifier(e)),
  [OID.authorityKeyIdentifier]: (e, into) => (into.authorityKeyId = readAuthorityKeyIdentifier(e)),
};

function decodeExtensions(extensions: readonly RawExtension[], defects: CertificateDefect[]): Decoded {
  const decoded: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const extension of extensions) {
    if (seen.has(extension.oid)) {
      defects.push({
        kind: "duplicate-extension",
        fatal: true,
        detail: `extension ${extension.oid} appears twice`,
      });
      continue;
    }
    seen.add(extension.oid);
    try {
      const decoder = DECODERS[extension.oid];
      if (decoder) decoder(extension, decoded);
      else if (STRUCTURE_CHECKED_EXTENSIONS.has(extension.oid)) checkWellFormedSequence(extension);
    } catch (error) {
      defects.push({
        kind: "malformed-extension",
        fatal: true,
        detail: `extension ${extension.oid}: ${(error as Error).message}`,
      });
    }
  }
  const eku = decoded.extendedKeyUsage as ExtendedKeyUsage | undefined;
  if (eku && eku.purposes.length === 0) {
    defects.push({ kind: "empty-extended-key-usage", fatal: false, detail: "extKeyUsage lists no purpose" });
  }
  return decoded as Decoded;
}

function serialDefects(serial: Uint8Array, defects: CertificateDefect[]): void {
  const negative = serial[0]! >= 0x80;
  const zero = serial.every((byte) => byte === 0);
  if (negative || zero) {
    defects.push({
      kind: "serial-not-positive",
      fatal: false,
      detail: "serial number is not a positive integer",
    });
  }
  if (serial.length > 20) {
    defects.push({
      kind: "serial-too-long",
      fatal: false,
      detail: `serial number is ${serial.length} octets (max 20)`,
    });
  }
}

function parseUnchecked(der: Uint8Array): ParsedCertificate {
  const [tbsElement, outerAlgorithm, signatureElement, extra] = children(
    expectTag(readSingle(der), Tag.SEQUENCE, "certificate"),
  );
  if (!tbsElement || !outerAlgorithm || !signatureElement || extra)
    throw new DerError("certificate is not 3 fields");
  const fields = children(expectTag(tbsElement, Tag.SEQUENCE, "tbsCertificate"));
  let index = 0;
  let version: 1 | 2 | 3 = 1;
  if (fields[0]?.tag === 0xa0) {
    const [versionElement] = children(fields[0]);
    const raw = readSmallInteger(versionElement!);
    if (raw > 2) throw new DerError(`unknown certificate version ${raw + 1}`);
    version = (raw + 1) as 1 | 2 | 3;
    index = 1;
  }
  const [serialEl, algorithmEl, issuerEl, validityEl, subjectEl, spkiEl, ...rest] = fields.slice(index);
  if (!serialEl || !algorithmEl || !issuerEl || !validityEl || !subjectEl || !spkiEl) {
    throw new DerError("tbsCertificate is missing fields");
  }
  const defects: CertificateDefect[] = [];
  const serial = readIntegerBytes(serialEl);
  serialDefects(serial, defects);
  const tbsAlgorithm = readAlgorithmIdentifier(algorithmEl);
  const signatureAlgorithm = readAlgorithmIdentifier(outerAlgorithm);
  if (!bytesEqual(tbsAlgorithm.der, signatureAlgorithm.der)) {
    defects.push({
      kind: "signature-algorithm-mismatch",
      fatal: true,
      detail: "signatureAlgorithm differs from tbsCertificate.signature",
    });
  }
  const [notBeforeEl, notAfterEl] = children(expectTag(validityEl, Tag.SEQUENCE, "validity"));
  let extensions: RawExtension[] = [];
  for (const field of rest) {
    if (field.tag === 0xa3) {
      const [inner] = children(field);
      extensions = readExtensions(inner!);
    } else if (field.tag !== 0x81 && field.tag !== 0xa1 && field.tag !== 0x82 && field.tag !== 0xa2) {
      throw new DerError("unexpected field in tbsCertificate");
    }
  }
  if (extensions.length > 0 && version !== 3) {
    defects.push({
      kind: "extensions-before-v3",
      fatal: true,
      detail: `version ${version} certificate has extensions`,
    });
  }
  const issuer = readDistinguishedName(issuerEl);
  const subject = readDistinguishedName(subjectEl);
  const decoded = decodeExtensions(extensions, defects);
  return {
    der,
    fingerprint: createHash("sha256").update(der).digest("hex"),
    version,
    serialHex: toHex(serial),
    tbs: encodingOf(tbsElement),
    signatureAlgorithm,
    signature: readBitString(signatureElement).bytes,
    issuer,
    subject,
    notBefore: readX509Time(notBeforeEl!),
    notAfter: readX509Time(notAfterEl!),
    spki: encodingOf(spkiEl),
    publicKey: readPublicKeyInfo(spkiEl),
    extensions,
    ...decoded,
    selfIssued: issuer.key === subject.key,
    defects,
  };
}

/** Parses one DER certificate. Never throws. */
export function parseCertificateDer(der: Uint8Array): CertificateParseResult {
  try {
    return { ok: true, certificate: parseUnchecked(der) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
