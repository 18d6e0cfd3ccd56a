import { createPrivateKey } from "node:crypto";
import { type PkiFinding, pkiFinding } from "../finding";
import { parsePem } from "../pem";
import { PrivateKeyHandle } from "../private-key";

/** The PEM forms istiod's `ParsePemEncodedKey` accepts (`security/pkg/pki/util/crypto.go:129`). */
export type PrivateKeyFormat = "pkcs8" | "pkcs1" | "sec1";

const FORMATS: Readonly<Record<string, { format: PrivateKeyFormat; type: "pkcs8" | "pkcs1" | "sec1" }>> = {
  "PRIVATE KEY": { format: "pkcs8", type: "pkcs8" },
  "RSA PRIVATE KEY": { format: "pkcs1", type: "pkcs1" },
  "EC PRIVATE KEY": { format: "sec1", type: "sec1" },
};

/**
 * Reads a private key PEM as istiod does: PKCS#8, PKCS#1 or SEC1, unencrypted. Anything else
 * (ENCRYPTED PRIVATE KEY, legacy `Proc-Type: 4,ENCRYPTED`, DER, garbage) is a finding, never an
 * exception; messages never include key material. WebCrypto cannot import PKCS#1/SEC1, so
 * node:crypto reads them (pki.md §4.3 gotcha 5).
 */
export function parsePrivateKeyPem(
  pem: string,
  file = "ca-key.pem",
): { key?: PrivateKeyHandle; format?: PrivateKeyFormat; findings: PkiFinding[] } {
  const unsupported = (found: string, symptom: string): { findings: PkiFinding[] } => ({
    findings: [
      pkiFinding("CA_KEY_UNSUPPORTED_FORMAT", {
        component: "istiod",
        message: `${file} is not an unencrypted PKCS#8, PKCS#1 or SEC1 private key (${found})`,
        symptom,
        file,
        expected: "BEGIN PRIVATE KEY | BEGIN RSA PRIVATE KEY | BEGIN EC PRIVATE KEY",
        found,
      }),
    ],
  });
  const { blocks, problem } = parsePem(pem);
  const block = blocks.find((b) => b.label.includes("PRIVATE KEY"));
  if (!block) {
    return problem?.reason === "no-pem-block" || blocks.length > 0
      ? unsupported("no private key PEM block", "failed to parse private key PEM: invalid PEM-encoded key")
      : unsupported(
          `malformed PEM (${problem?.reason})`,
          "failed to parse private key PEM: invalid PEM-encoded key",
        );
  }
  const known = FORMATS[block.label];
  if (!known || block.headers["Proc-Type"]?.includes("ENCRYPTED")) {
    return unsupported(
      block.headers["Proc-Type"] ? `${block.label} with Proc-Type ENCRYPTED` : block.label,
      `failed to parse private key PEM: unsupported PEM block type for a private key: ${block.label}`,
    );
  }
  try {
    const key = createPrivateKey({ key: Buffer.from(block.der), format: "der", type: known.type });
    return { key: new PrivateKeyHandle(key), format: known.format, findings: [] };
  } catch {
    return unsupported(
      `${block.label} that does not parse`,
      "failed to parse private key PEM: asn1: structure error",
    );
  }
}
