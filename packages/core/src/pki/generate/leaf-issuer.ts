import { createHash, type KeyObject, sign } from "node:crypto";
import { OID } from "../der/oids";
import { children, readBitString, readSingle } from "../der/reader";
import * as der from "../der/writer";
import type { PrivateKeyHandle } from "../private-key";
import type { ParsedCertificate } from "../validate/asn1/certificate";

/** What varies between two leaves of the same CA. */
export interface LeafRequest {
  readonly uris: readonly string[];
  readonly dnsNames?: readonly string[];
  /** DER SubjectPublicKeyInfo of the leaf key. */
  readonly publicKeySpki: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly serial: Uint8Array;
}

/** Signs istiod-shaped leaves for one CA. */
export interface LeafIssuer {
  readonly ca: ParsedCertificate;
  /** DER of a new leaf certificate. */
  issue(request: LeafRequest): Uint8Array;
}

function signatureFor(key: KeyObject): { algorithm: Uint8Array; digest: string | null } {
  switch (key.asymmetricKeyType) {
    case "ec": {
      const p384 = key.asymmetricKeyDetails?.namedCurve === "secp384r1";
      return {
        algorithm: der.sequence(der.oid(p384 ? OID.ecdsaWithSha384 : OID.ecdsaWithSha256)),
        digest: p384 ? "sha384" : "sha256",
      };
    }
    case "rsa":
      return { algorithm: der.sequence(der.oid(OID.sha256WithRsa), der.element(0x05)), digest: "sha256" };
    case "ed25519":
      return { algorithm: der.sequence(der.oid(OID.ed25519)), digest: null };
    default:
      throw new Error(`cannot sign leaves with a ${key.asymmetricKeyType} key`);
  }
}

/** The CA's key identifier: its SKI, or SHA-1 of its public key bits (RFC 5280 §4.2.1.2 method 1). */
function authorityKeyId(ca: ParsedCertificate): Uint8Array {
  if (ca.subjectKeyId) return Uint8Array.from(Buffer.from(ca.subjectKeyId, "hex"));
  const [, keyBits] = children(readSingle(ca.spki));
  return new Uint8Array(createHash("sha1").update(readBitString(keyBits!).bytes).digest());
}

function extension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical
    ? der.sequence(der.oid(oid), der.boolean(true), der.octetString(value))
    : der.sequence(der.oid(oid), der.octetString(value));
}

/**
 * Compiles a leaf issuer for a CA: the parts every leaf shares (issuer name bytes, AKI, signature
 * algorithm, fixed extensions) are encoded once, each leaf then costs one DER assembly and one
 * node:crypto signature. @peculiar/x509 takes ~3–4 ms per certificate (measured), too slow for
 * the simulator's 10,000-leaf meshes. The template is istiod's
 * (`security/pkg/pki/util/generate_cert.go` `genCertTemplateFromCSR`, pki.md §2.2): v3, empty
 * subject, keyUsage digitalSignature + keyEncipherment (critical, as Go marks it), extKeyUsage
 * serverAuth + clientAuth, basicConstraints CA:false (critical), AKI = CA key id, no SKI, and a
 * critical SAN ("SAN is Critical because the subject is empty", `san.go`).
 */
export function compileLeafIssuer(ca: ParsedCertificate, caKey: PrivateKeyHandle): LeafIssuer {
  const key = caKey.keyObject;
  const { algorithm, digest } = signatureFor(key);
  const version = der.contextConstructed(0, der.smallInteger(2));
  const issuer = ca.subject.der;
  const emptySubject = der.sequence();
  const fixedExtensions = [
    extension(OID.keyUsage, true, der.namedBits([0, 2])),
    extension(OID.extKeyUsage, false, der.sequence(der.oid(OID.serverAuth), der.oid(OID.clientAuth))),
    extension(OID.basicConstraints, true, der.sequence()),
    extension(OID.authorityKeyIdentifier, false, der.sequence(der.contextPrimitive(0, authorityKeyId(ca)))),
  ];
  return {
    ca,
    issue(request) {
      const names = [
        ...request.uris.map((uri) => der.contextPrimitive(6, new TextEncoder().encode(uri))),
        ...(request.dnsNames ?? []).map((dns) => der.contextPrimitive(2, new TextEncoder().encode(dns))),
      ];
      const san = extension(OID.subjectAltName, true, der.sequence(...names));
      const tbs = der.sequence(
        version,
        der.unsignedInteger(request.serial),
        algorithm,
        issuer,
        der.sequence(der.x509Time(request.notBefore), der.x509Time(request.notAfter)),
        emptySubject,
        request.publicKeySpki,
        der.contextConstructed(3, der.sequence(...fixedExtensions, san)),
      );
      const signature = sign(digest, tbs, key);
      return der.sequence(tbs, algorithm, der.bitString(new Uint8Array(signature)));
    },
  };
}
