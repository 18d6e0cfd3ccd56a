import { constants, createPublicKey, type KeyObject, verify } from "node:crypto";
import type { ParsedCertificate } from "./asn1/certificate";
import { signatureScheme } from "./signature-algorithms";

/** Result of checking that `issuer`'s key signed `child`. */
export type SignatureOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: "unsupported-algorithm" | "unusable-key" | "mismatch";
      readonly detail: string;
    };

const keys = new WeakMap<ParsedCertificate, KeyObject | null>();
const outcomes = new WeakMap<ParsedCertificate, WeakMap<ParsedCertificate, SignatureOutcome>>();

/** The issuer's public key as a node:crypto KeyObject, built once per certificate. */
function publicKeyOf(certificate: ParsedCertificate): KeyObject | null {
  let key = keys.get(certificate);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: Buffer.from(certificate.spki), format: "der", type: "spki" });
    } catch {
      key = null;
    }
    keys.set(certificate, key);
  }
  return key;
}

function check(child: ParsedCertificate, issuer: ParsedCertificate): SignatureOutcome {
  const scheme = signatureScheme(child.signatureAlgorithm);
  if (!scheme) {
    return {
      ok: false,
      reason: "unsupported-algorithm",
      detail: `x509: cannot verify signature: algorithm unimplemented`,
    };
  }
  const key = publicKeyOf(issuer);
  if (!key)
    return { ok: false, reason: "unusable-key", detail: "x509: unsupported public key of the issuer" };
  const keyType = key.asymmetricKeyType;
  const compatible =
    (scheme.family.startsWith("rsa") && (keyType === "rsa" || keyType === "rsa-pss")) ||
    (scheme.family === "ecdsa" && keyType === "ec") ||
    (scheme.family === "ed25519" && keyType === "ed25519") ||
    (scheme.family === "dsa" && keyType === "dsa");
  if (!compatible) {
    return {
      ok: false,
      reason: "mismatch",
      detail: `x509: signature algorithm ${scheme.name} does not match the issuer's ${keyType} key`,
    };
  }
  let valid: boolean;
  try {
    const options =
      scheme.family === "rsa-pss"
        ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.saltLength }
        : key;
    valid = verify(scheme.hash ?? null, child.tbs, options, child.signature);
  } catch {
    valid = false;
  }
  if (valid) return { ok: true };
  const label =
    scheme.family === "ecdsa" ? "ECDSA verification failure" : `${scheme.family} verification error`;
  return { ok: false, reason: "mismatch", detail: `x509: ${label}` };
}

/**
 * Verifies `child`'s signature with `issuer`'s public key, once per pair of parsed certificates:
 * a mesh validates the same intermediate → root link on every handshake.
 */
export function verifySignature(child: ParsedCertificate, issuer: ParsedCertificate): SignatureOutcome {
  let byIssuer = outcomes.get(child);
  if (!byIssuer) {
    byIssuer = new WeakMap();
    outcomes.set(child, byIssuer);
  }
  let outcome = byIssuer.get(issuer);
  if (!outcome) {
    outcome = check(child, issuer);
    byIssuer.set(issuer, outcome);
  }
  return outcome;
}
