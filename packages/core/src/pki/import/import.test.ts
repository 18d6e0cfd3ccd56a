import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toSecret } from "../bundle/secret";
import { writeBundleFiles } from "../bundle/write-files";
import { buildHierarchy } from "../testing/hierarchy";
import { importCertificateAuthority } from "./certificate-authority";
import { readCertificateFile } from "./certificate-file";
import { parsePrivateKeyPem } from "./private-key";
import { readBundleDir } from "./read-bundle-dir";
import { bundleFilesFromSecret } from "./secret-files";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;

describe("import (security/pkg/pki/util/crypto.go ParsePemEncodedKey)", () => {
  it.each([
    ["PKCS#8 RSA", rsa.export({ format: "pem", type: "pkcs8" }).toString(), "pkcs8"],
    ["PKCS#1 RSA", rsa.export({ format: "pem", type: "pkcs1" }).toString(), "pkcs1"],
    ["PKCS#8 EC", ec.export({ format: "pem", type: "pkcs8" }).toString(), "pkcs8"],
    ["SEC1 EC", ec.export({ format: "pem", type: "sec1" }).toString(), "sec1"],
  ])("reads %s keys", (_name, pem, format) => {
    const parsed = parsePrivateKeyPem(pem);
    expect(parsed.findings).toEqual([]);
    expect(parsed.format).toBe(format);
  });

  it.each([
    [
      "ENCRYPTED PRIVATE KEY",
      ec.export({ format: "pem", type: "pkcs8", cipher: "aes-128-cbc", passphrase: "x" }).toString(),
    ],
    [
      "legacy Proc-Type: 4,ENCRYPTED",
      rsa.export({ format: "pem", type: "pkcs1", cipher: "aes-128-cbc", passphrase: "x" }).toString(),
    ],
    ["non-PEM", "not a key at all"],
    ["a certificate instead of a key", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"],
    ["a corrupt PKCS#8 body", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"],
  ])("%s → CA_KEY_UNSUPPORTED_FORMAT, never an exception", (_name, pem) => {
    const parsed = parsePrivateKeyPem(pem);
    expect(parsed.key).toBeUndefined();
    expect(parsed.findings.map((f) => f.name)).toEqual(["CA_KEY_UNSUPPORTED_FORMAT"]);
  });

  it("several certificates per file, surrounded by text; DER input → INPUT_NOT_PEM", async () => {
    const h = await buildHierarchy();
    const read = readCertificateFile(
      `subject=...\n${h.files["cert-chain.pem"]}trailing text\n`,
      "cert-chain.pem",
    );
    expect(read.certificates.map((c) => c.subject.text)).toEqual([
      "O=Istio, CN=Intermediate CA, L=cluster1",
      "O=Istio, CN=Root CA",
    ]);
    const der = readCertificateFile(Buffer.from(h.root.certificate.der).toString("latin1"), "root-cert.pem");
    expect(der.findings.map((f) => f.name)).toEqual(["INPUT_NOT_PEM"]);
  });

  it("reads a cacerts directory and a Secret (data base64 + stringData)", async () => {
    const h = await buildHierarchy();
    const dir = mkdtempSync(join(tmpdir(), "mw-import-"));
    writeBundleFiles(dir, h.files);
    expect(readBundleDir(dir).files).toEqual(h.files);
    const secret = toSecret(h.files);
    expect(bundleFilesFromSecret(secret).files).toEqual(h.files);
    const mixed = {
      kind: "Secret",
      data: { "ca-cert.pem": "%%%" },
      stringData: { "root-cert.pem": h.files["root-cert.pem"] },
    };
    const read = bundleFilesFromSecret(mixed);
    expect(read.files).toEqual({ "root-cert.pem": h.files["root-cert.pem"] });
    expect(read.findings.map((f) => f.path)).toEqual(['$.data["ca-cert.pem"]']);
    expect(bundleFilesFromSecret({ kind: "ConfigMap" }).findings.map((f) => f.name)).toEqual([
      "INVALID_INPUT",
    ]);
    expect(readBundleDir(join(dir, "missing")).findings.map((f) => f.name)).toEqual(["FILE_UNREADABLE"]);
  });

  it("imports an existing root (PKCS#1 key, as OpenSSL 1.1.1 genrsa writes) and refuses a mismatched key", async () => {
    const h = await buildHierarchy({ keySpec: "rsa-2048" });
    const pkcs1 = h.root.privateKey.keyObject.export({ format: "pem", type: "pkcs1" }).toString();
    const imported = await importCertificateAuthority(h.root.pem, pkcs1);
    expect(imported.ok && imported.value.keySpec).toBe("rsa-2048");
    const wrong = await importCertificateAuthority(
      h.root.pem,
      rsa.export({ format: "pem", type: "pkcs8" }).toString(),
    );
    expect(wrong.ok ? [] : wrong.findings.map((f) => f.name)).toEqual(["CA_KEY_MISMATCH"]);
  });
});
