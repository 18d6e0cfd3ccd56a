import type { KeyGenParams, SigningParams } from "./webcrypto-types";

/** Key types meshwright generates (pki.md §1: Istio's Makefile uses RSA-4096; ztunnel uses P-256). */
export type KeySpec = "rsa-2048" | "rsa-3072" | "rsa-4096" | "ecdsa-p256" | "ecdsa-p384";

/** Every supported key spec, for option validation and help text. */
export const KEY_SPECS: readonly KeySpec[] = ["rsa-2048", "rsa-3072", "rsa-4096", "ecdsa-p256", "ecdsa-p384"];

/** True when `value` names a supported key spec. */
export function isKeySpec(value: string): value is KeySpec {
  return (KEY_SPECS as readonly string[]).includes(value);
}

/** WebCrypto generation parameters for a spec. RSA keys are bound to SHA-256 (pki.md §4.3 gotcha 4). */
export function keyGenParams(spec: KeySpec): KeyGenParams {
  switch (spec) {
    case "ecdsa-p256":
      return { name: "ECDSA", namedCurve: "P-256" };
    case "ecdsa-p384":
      return { name: "ECDSA", namedCurve: "P-384" };
    default:
      return {
        name: "RSASSA-PKCS1-v1_5",
        modulusLength: Number(spec.slice(4)),
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      };
  }
}

/**
 * The signature algorithm a key of this spec signs with: Go's defaults for the CA key
 * (RSA → SHA256WithRSA, P-256 → ECDSA-SHA256, P-384 → ECDSA-SHA384; pki.md §2.2).
 */
export function signingParams(spec: KeySpec): SigningParams {
  if (spec === "ecdsa-p256") return { name: "ECDSA", hash: "SHA-256" };
  if (spec === "ecdsa-p384") return { name: "ECDSA", hash: "SHA-384" };
  return { name: "RSASSA-PKCS1-v1_5" };
}

/** The node:crypto digest for leaves signed by a CA key of this spec. */
export function nodeDigestFor(spec: KeySpec): string {
  return spec === "ecdsa-p384" ? "sha384" : "sha256";
}
