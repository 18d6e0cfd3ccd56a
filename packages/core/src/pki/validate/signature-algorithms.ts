import { OID } from "../der/oids";
import { children, readOid, readSmallInteger } from "../der/reader";
import type { AlgorithmIdentifier } from "./asn1/algorithm-identifier";

/** How a signature algorithm is verified with node:crypto, and whether Istio's verifiers allow it. */
export interface SignatureScheme {
  /** Go's name for it, as Go prints it in errors (`SHA256-RSA`, `ECDSA-SHA256`, `SHA1-RSA`...). */
  readonly name: string;
  readonly family: "rsa-pkcs1" | "rsa-pss" | "ecdsa" | "ed25519" | "dsa";
  /** node:crypto digest name; undefined for Ed25519. */
  readonly hash?: string;
  readonly saltLength?: number;
  /** SHA-1 and MD5: Go refuses them (`x509: cannot verify signature: insecure algorithm SHA1-RSA`). */
  readonly insecure: boolean;
}

const SCHEMES: Readonly<Record<string, SignatureScheme>> = {
  [OID.md5WithRsa]: { name: "MD5-RSA", family: "rsa-pkcs1", hash: "md5", insecure: true },
  [OID.sha1WithRsa]: { name: "SHA1-RSA", family: "rsa-pkcs1", hash: "sha1", insecure: true },
  [OID.sha256WithRsa]: { name: "SHA256-RSA", family: "rsa-pkcs1", hash: "sha256", insecure: false },
  [OID.sha384WithRsa]: { name: "SHA384-RSA", family: "rsa-pkcs1", hash: "sha384", insecure: false },
  [OID.sha512WithRsa]: { name: "SHA512-RSA", family: "rsa-pkcs1", hash: "sha512", insecure: false },
  [OID.ecdsaWithSha1]: { name: "ECDSA-SHA1", family: "ecdsa", hash: "sha1", insecure: true },
  [OID.ecdsaWithSha256]: { name: "ECDSA-SHA256", family: "ecdsa", hash: "sha256", insecure: false },
  [OID.ecdsaWithSha384]: { name: "ECDSA-SHA384", family: "ecdsa", hash: "sha384", insecure: false },
  [OID.ecdsaWithSha512]: { name: "ECDSA-SHA512", family: "ecdsa", hash: "sha512", insecure: false },
  [OID.ed25519]: { name: "Ed25519", family: "ed25519", insecure: false },
  [OID.dsaWithSha1]: { name: "DSA-SHA1", family: "dsa", hash: "sha1", insecure: true },
  [OID.dsaWithSha256]: { name: "DSA-SHA256", family: "dsa", hash: "sha256", insecure: true },
};

const HASHES: Readonly<Record<string, { name: string; size: number }>> = {
  [OID.sha256]: { name: "sha256", size: 32 },
  [OID.sha384]: { name: "sha384", size: 48 },
  [OID.sha512]: { name: "sha512", size: 64 },
};

/** RSASSA-PSS: Go accepts SHA-256/384/512 with MGF1 of the same hash and salt = hash size. */
function pssScheme(algorithm: AlgorithmIdentifier): SignatureScheme | undefined {
  if (!algorithm.parameters) return undefined;
  let hashOid: string | undefined;
  let saltLength = 20;
  for (const field of children(algorithm.parameters)) {
    const [inner] = children(field);
    if (field.tag === 0xa0 && inner) hashOid = readOid(children(inner)[0]!);
    if (field.tag === 0xa2 && inner) saltLength = readSmallInteger(inner);
  }
  const hash = hashOid ? HASHES[hashOid] : undefined;
  if (!hash || saltLength !== hash.size) return undefined;
  return {
    name: `SHA${hash.size * 8}-RSAPSS`,
    family: "rsa-pss",
    hash: hash.name,
    saltLength,
    insecure: false,
  };
}

/** The scheme of a certificate's signature algorithm, or undefined when no Istio verifier supports it. */
export function signatureScheme(algorithm: AlgorithmIdentifier): SignatureScheme | undefined {
  if (algorithm.oid === OID.rsassaPss) {
    try {
      return pssScheme(algorithm);
    } catch {
      return undefined;
    }
  }
  return SCHEMES[algorithm.oid];
}
