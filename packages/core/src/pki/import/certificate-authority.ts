import type { KeySpec } from "../crypto/key-spec";
import { type CryptoProviderName, cryptoProvider } from "../crypto/provider";
import { bytesEqual } from "../der/reader";
import { type PkiFinding, type PkiResult, pkiFinding } from "../finding";
import type { CertificateAuthority } from "../generate/certificate-authority";
import { encodePem } from "../pem";
import type { ParsedCertificate } from "../validate/asn1/certificate";
import { readCertificateFile } from "./certificate-file";
import { parsePrivateKeyPem } from "./private-key";

function keySpecOf(certificate: ParsedCertificate): KeySpec | undefined {
  const key = certificate.publicKey;
  if (key.algorithm === "ec")
    return key.curve === "P-256" ? "ecdsa-p256" : key.curve === "P-384" ? "ecdsa-p384" : undefined;
  if (key.algorithm === "rsa") {
    const spec = `rsa-${key.bits}`;
    return spec === "rsa-2048" || spec === "rsa-3072" || spec === "rsa-4096" ? spec : undefined;
  }
  return undefined;
}

/**
 * Imports an existing CA (e.g. the Makefile's `root-cert.pem` + `root-key.pem`, PKCS#8, PKCS#1 or
 * SEC1) so meshwright can issue intermediates under it. The key goes through node:crypto to
 * PKCS#8, then into WebCrypto (pki.md §4.3 gotcha 5).
 */
export async function importCertificateAuthority(
  certificatePem: string,
  keyPem: string,
  provider?: CryptoProviderName,
): Promise<PkiResult<CertificateAuthority>> {
  const read = readCertificateFile(certificatePem, "root-cert.pem");
  const key = parsePrivateKeyPem(keyPem, "root-key.pem");
  const findings: PkiFinding[] = [...read.findings, ...key.findings];
  const certificate = read.certificates[0];
  if (!certificate || !key.key) return { ok: false, findings };
  const spec = keySpecOf(certificate);
  if (!spec) {
    findings.push(
      pkiFinding("WEAK_KEY", {
        message: `cannot sign with a ${certificate.publicKey.algorithm} key of this size/curve; meshwright signs with RSA 2048/3072/4096 or ECDSA P-256/P-384`,
        certificate,
      }),
    );
    return { ok: false, findings };
  }
  if (!bytesEqual(key.key.publicKeySpki(), certificate.spki)) {
    findings.push(
      pkiFinding("CA_KEY_MISMATCH", {
        message: "root-key.pem does not belong to root-cert.pem",
        certificate,
      }),
    );
    return { ok: false, findings };
  }
  const crypto = cryptoProvider(provider);
  const pkcs8 = key.key.keyObject.export({ format: "der", type: "pkcs8" });
  const algorithm =
    spec === "ecdsa-p256" || spec === "ecdsa-p384"
      ? { name: "ECDSA", namedCurve: spec === "ecdsa-p256" ? "P-256" : "P-384" }
      : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  const privateKey = await crypto.subtle.importKey("pkcs8", pkcs8, algorithm, true, ["sign"]);
  const publicKey = await crypto.subtle.importKey("spki", Buffer.from(certificate.spki), algorithm, true, [
    "verify",
  ]);
  return {
    ok: true,
    value: {
      certificate,
      pem: encodePem("CERTIFICATE", certificate.der),
      privateKey: key.key,
      chain: [],
      keys: { privateKey, publicKey },
      keySpec: spec,
    },
    findings,
  };
}
