import { OID } from "../../der/oids";
import {
  children,
  contentOf,
  type DerElement,
  expectTag,
  readBitString,
  readElement,
  readOid,
  Tag,
} from "../../der/reader";
import { readAlgorithmIdentifier } from "./algorithm-identifier";

/** What kind of key a certificate carries, and how strong it is. */
export interface PublicKeyInfo {
  readonly algorithm: "rsa" | "rsa-pss" | "ec" | "ed25519" | "ed448" | "dsa" | "unknown";
  /** RSA modulus size in bits. */
  readonly bits?: number;
  /** EC curve: `P-256`, `P-384`, `P-521`, or the OID of another named curve, or `explicit`. */
  readonly curve?: string;
  /** The algorithm OID as written. */
  readonly oid: string;
}

const CURVES: Readonly<Record<string, string>> = {
  [OID.p256]: "P-256",
  [OID.p384]: "P-384",
  [OID.p521]: "P-521",
};

function rsaModulusBits(subjectPublicKey: Uint8Array): number {
  const [modulus] = children(expectTag(readElement(subjectPublicKey), Tag.SEQUENCE, "RSAPublicKey"));
  if (!modulus) return 0;
  const bytes = contentOf(expectTag(modulus, Tag.INTEGER, "modulus"));
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  if (start === bytes.length) return 0;
  return (bytes.length - start - 1) * 8 + (32 - Math.clz32(bytes[start]!));
}

/** Describes SubjectPublicKeyInfo ::= SEQUENCE { algorithm, subjectPublicKey BIT STRING }. */
export function readPublicKeyInfo(element: DerElement): PublicKeyInfo {
  const [algorithmElement, keyElement] = children(expectTag(element, Tag.SEQUENCE, "subjectPublicKeyInfo"));
  if (!algorithmElement || !keyElement) throw new Error("malformed subjectPublicKeyInfo");
  const algorithm = readAlgorithmIdentifier(algorithmElement);
  const { bytes } = readBitString(keyElement);
  switch (algorithm.oid) {
    case OID.rsaEncryption:
      return { algorithm: "rsa", bits: rsaModulusBits(bytes), oid: algorithm.oid };
    case OID.rsassaPss:
      return { algorithm: "rsa-pss", bits: rsaModulusBits(bytes), oid: algorithm.oid };
    case OID.ecPublicKey: {
      const parameters = algorithm.parameters;
      const curve =
        parameters?.tag === Tag.OID ? (CURVES[readOid(parameters)] ?? readOid(parameters)) : "explicit";
      return { algorithm: "ec", curve, oid: algorithm.oid };
    }
    case OID.ed25519:
      return { algorithm: "ed25519", oid: algorithm.oid };
    case OID.ed448:
      return { algorithm: "ed448", oid: algorithm.oid };
    case OID.dsa:
      return { algorithm: "dsa", oid: algorithm.oid };
    default:
      return { algorithm: "unknown", oid: algorithm.oid };
  }
}

/** A short description for messages, e.g. `RSA-2048`, `ECDSA P-256`. */
export function describePublicKey(key: PublicKeyInfo): string {
  switch (key.algorithm) {
    case "rsa":
    case "rsa-pss":
      return `RSA-${key.bits}`;
    case "ec":
      return `ECDSA ${key.curve}`;
    case "ed25519":
      return "Ed25519";
    case "ed448":
      return "Ed448";
    case "dsa":
      return "DSA";
    default:
      return `unknown key ${key.oid}`;
  }
}
