import { OID } from "../../der/oids";
import {
  children,
  contentOf,
  type DerElement,
  DerError,
  expectTag,
  readBitString,
  readBoolean,
  readOid,
  readSingle,
  readSmallInteger,
  Tag,
  toHex,
} from "../../der/reader";
import { type GeneralName, readGeneralName, readGeneralNames } from "./general-names";

/** One extension as encoded: OID, criticality and the OCTET STRING contents. */
export interface RawExtension {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
}

/** basicConstraints (RFC 5280 §4.2.1.9). `pathLen` absent = unlimited. */
export interface BasicConstraints {
  readonly ca: boolean;
  readonly pathLen?: number;
  readonly critical: boolean;
}

/** KeyUsage bit positions (RFC 5280 §4.2.1.3). */
export const KEY_USAGE_BITS = [
  "digitalSignature",
  "nonRepudiation",
  "keyEncipherment",
  "dataEncipherment",
  "keyAgreement",
  "keyCertSign",
  "cRLSign",
  "encipherOnly",
  "decipherOnly",
] as const;

/** A KeyUsage flag name. */
export type KeyUsageName = (typeof KEY_USAGE_BITS)[number];

/** keyUsage: the asserted flags. */
export interface KeyUsage {
  readonly usages: readonly KeyUsageName[];
  readonly critical: boolean;
}

/** extKeyUsage: purpose OIDs. */
export interface ExtendedKeyUsage {
  readonly purposes: readonly string[];
  readonly critical: boolean;
}

/** subjectAltName. */
export interface SubjectAltName {
  readonly names: readonly GeneralName[];
  readonly critical: boolean;
}

/** A name-constraint subtree base; IP subtrees carry address and mask (RFC 5280 §4.2.1.10). */
export type NameSubtree =
  | Exclude<GeneralName, { kind: "ip" }>
  | { readonly kind: "ip"; readonly address: Uint8Array; readonly mask: Uint8Array };

/** nameConstraints. */
export interface NameConstraints {
  readonly permitted: readonly NameSubtree[];
  readonly excluded: readonly NameSubtree[];
  readonly critical: boolean;
}

/** authorityKeyIdentifier. */
export interface AuthorityKeyIdentifier {
  readonly keyId?: string;
  readonly hasIssuerAndSerial: boolean;
  readonly critical: boolean;
}

/** Decodes BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }. */
export function readBasicConstraints(extension: RawExtension): BasicConstraints {
  const items = children(expectTag(readSingle(extension.value), Tag.SEQUENCE, "basicConstraints"));
  let index = 0;
  let ca = false;
  if (items[index]?.tag === Tag.BOOLEAN) {
    ca = readBoolean(items[index]!);
    if (!ca) throw new DerError("basicConstraints encodes the DEFAULT value FALSE explicitly");
    index++;
  }
  let pathLen: number | undefined;
  if (items[index]) pathLen = readSmallInteger(items[index++]!);
  if (index !== items.length) throw new DerError("trailing fields in basicConstraints");
  return pathLen === undefined
    ? { ca, critical: extension.critical }
    : { ca, pathLen, critical: extension.critical };
}

/** Decodes KeyUsage ::= BIT STRING. */
export function readKeyUsage(extension: RawExtension): KeyUsage {
  const { bytes } = readBitString(readSingle(extension.value));
  const usages: KeyUsageName[] = [];
  KEY_USAGE_BITS.forEach((name, position) => {
    const byte = bytes[Math.floor(position / 8)];
    if (byte !== undefined && (byte & (0x80 >> (position % 8))) !== 0) usages.push(name);
  });
  return { usages, critical: extension.critical };
}

/** Decodes ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId. */
export function readExtendedKeyUsage(extension: RawExtension): ExtendedKeyUsage {
  const purposes = children(expectTag(readSingle(extension.value), Tag.SEQUENCE, "extKeyUsage")).map(readOid);
  return { purposes, critical: extension.critical };
}

/** Decodes SubjectAltName ::= GeneralNames. */
export function readSubjectAltName(extension: RawExtension): SubjectAltName {
  const names = readGeneralNames(expectTag(readSingle(extension.value), Tag.SEQUENCE, "subjectAltName"));
  return { names, critical: extension.critical };
}

function readSubtrees(element: DerElement): NameSubtree[] {
  const subtrees = children(element);
  if (subtrees.length === 0) throw new DerError("empty GeneralSubtrees");
  return subtrees.map((subtree) => {
    const [base, ...rest] = children(expectTag(subtree, Tag.SEQUENCE, "GeneralSubtree"));
    if (!base) throw new DerError("GeneralSubtree without a base");
    // minimum MUST be 0 (omitted) and maximum MUST be absent (RFC 5280 §4.2.1.10).
    if (rest.length > 0) throw new DerError("GeneralSubtree with minimum/maximum");
    const name = readGeneralName(base);
    if (name.kind !== "ip") return name;
    if (name.bytes.length !== 8 && name.bytes.length !== 32) {
      throw new DerError(`iPAddress constraint of ${name.bytes.length} bytes (must be 8 or 32)`);
    }
    const half = name.bytes.length / 2;
    const mask = name.bytes.subarray(half);
    if (!isContiguousMask(mask)) throw new DerError("iPAddress constraint with a non-contiguous mask");
    return { kind: "ip", address: name.bytes.subarray(0, half), mask };
  });
}

function isContiguousMask(mask: Uint8Array): boolean {
  let seenZero = false;
  for (const byte of mask) {
    for (let bit = 7; bit >= 0; bit--) {
      const set = (byte >> bit) & 1;
      if (set && seenZero) return false;
      if (!set) seenZero = true;
    }
  }
  return true;
}

/** Decodes NameConstraints ::= SEQUENCE { permittedSubtrees [0] OPTIONAL, excludedSubtrees [1] OPTIONAL }. */
export function readNameConstraints(extension: RawExtension): NameConstraints {
  const items = children(expectTag(readSingle(extension.value), Tag.SEQUENCE, "nameConstraints"));
  let permitted: NameSubtree[] = [];
  let excluded: NameSubtree[] = [];
  for (const item of items) {
    if (item.tag === 0xa0 && permitted.length === 0) permitted = readSubtrees(item);
    else if (item.tag === 0xa1 && excluded.length === 0) excluded = readSubtrees(item);
    else throw new DerError("unexpected field in nameConstraints");
  }
  // "Conforming CAs MUST NOT issue certificates where name constraints is an empty sequence."
  if (permitted.length === 0 && excluded.length === 0) throw new DerError("empty nameConstraints");
  return { permitted, excluded, critical: extension.critical };
}

/** Decodes SubjectKeyIdentifier ::= OCTET STRING, as hex. */
export function readSubjectKeyIdentifier(extension: RawExtension): string {
  return toHex(contentOf(expectTag(readSingle(extension.value), Tag.OCTET_STRING, "subjectKeyIdentifier")));
}

/** Decodes AuthorityKeyIdentifier ::= SEQUENCE { [0] keyIdentifier, [1] issuer, [2] serial }. */
export function readAuthorityKeyIdentifier(extension: RawExtension): AuthorityKeyIdentifier {
  const items = children(expectTag(readSingle(extension.value), Tag.SEQUENCE, "authorityKeyIdentifier"));
  let keyId: string | undefined;
  let hasIssuerAndSerial = false;
  for (const item of items) {
    if (item.tag === 0x80) keyId = toHex(contentOf(item));
    else if (item.tag === 0xa1 || item.tag === 0x82) hasIssuerAndSerial = true;
    else throw new DerError("unexpected field in authorityKeyIdentifier");
  }
  return keyId === undefined
    ? { hasIssuerAndSerial, critical: extension.critical }
    : { keyId, hasIssuerAndSerial, critical: extension.critical };
}

/** Checks that a structure we do not interpret is at least one well-formed DER SEQUENCE. */
export function checkWellFormedSequence(extension: RawExtension): void {
  const walk = (element: DerElement): void => {
    if (element.constructed) children(element).forEach(walk);
  };
  walk(expectTag(readSingle(extension.value), Tag.SEQUENCE, extension.oid));
}

/** Extensions whose contents are checked for well-formedness although validation ignores them. */
export const STRUCTURE_CHECKED_EXTENSIONS: ReadonlySet<string> = new Set([
  OID.authorityInfoAccess,
  OID.crlDistributionPoints,
  OID.certificatePolicies,
]);
