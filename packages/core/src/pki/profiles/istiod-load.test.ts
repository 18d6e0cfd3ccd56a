import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { PkiFinding } from "../finding";
import { encodePem } from "../pem";
import { AT, buildHierarchy, CA_START } from "../testing/hierarchy";
import { validateIstiodLoad } from "./istiod-load";

const names = (findings: readonly PkiFinding[]): string[] => findings.map((f) => f.name);
const errors = (findings: readonly PkiFinding[]): string[] =>
  findings.filter((f) => f.severity === "error").map((f) => f.name);
const DAY = 86_400_000;

describe("istiodLoad profile (pilot/pkg/bootstrap/istio_ca.go createIstioCA, keycertbundle.go Verify)", () => {
  it("a generated bundle loads with no finding at all", async () => {
    const { files } = await buildHierarchy();
    const result = validateIstiodLoad({ files, at: AT });
    expect(result.findings).toEqual([]);
    expect(result.loads).toBe(true);
    expect(result.ok).toBe(true);
  });

  it("#19 checkCABundleCompleteness: some but not all files → CACERTS_INCOMPLETE with istiod's message", async () => {
    const { files } = await buildHierarchy();
    const { "cert-chain.pem": _chain, ...partial } = files;
    const result = validateIstiodLoad({ files: partial, at: AT });
    expect(result.loads).toBe(false);
    expect(result.findings[0]).toMatchObject({
      code: "MW3019",
      name: "CACERTS_INCOMPLETE",
      symptom: "failed to create CA: failed to create an istiod CA: incomplete signing CA bundle detected",
      found: "ca-cert.pem, ca-key.pem, root-cert.pem",
    });
  });

  it("no cacerts files at all: istiod falls back to a self-signed root (SELF_SIGNED_FALLBACK)", () => {
    const result = validateIstiodLoad({ files: {}, at: AT });
    expect(result.loads).toBe(true);
    expect(names(result.findings)).toEqual(["SELF_SIGNED_FALLBACK"]);
  });

  it("#2 Verify uses the current time: an expired intermediate → INTERMEDIATE_EXPIRED with Go's wording", async () => {
    const { files, clusterCa } = await buildHierarchy();
    const result = validateIstiodLoad({ files, at: clusterCa.certificate.notAfter + DAY });
    expect(result.loads).toBe(false);
    const expired = result.findings.find((f) => f.name === "INTERMEDIATE_EXPIRED");
    expect(expired?.symptom).toMatch(
      /cannot verify the cert with the provided root chain and cert pool with error: x509: certificate has expired or is not yet valid: current time .* is after/,
    );
  });

  it("#2 an intermediate inside the expiry horizon → INTERMEDIATE_EXPIRES_SOON (warning)", async () => {
    const { files, clusterCa } = await buildHierarchy();
    const result = validateIstiodLoad({
      files,
      at: clusterCa.certificate.notAfter - 10 * DAY,
      expiryHorizonDays: 30,
    });
    expect(result.loads).toBe(true);
    expect(result.findings.find((f) => f.name === "INTERMEDIATE_EXPIRES_SOON")?.severity).toBe("warning");
  });

  it("#3 an intermediate not yet valid (no back-dating, clock skew) → INTERMEDIATE_NOT_YET_VALID", async () => {
    const { files } = await buildHierarchy();
    const result = validateIstiodLoad({ files, at: CA_START.getTime() - DAY });
    expect(errors(result.findings)).toContain("INTERMEDIATE_NOT_YET_VALID");
  });

  it("#4 ca.go:324 `!cert.IsCA`: an intermediate without basicConstraints → INTERMEDIATE_NOT_CA", async () => {
    const { files } = await buildHierarchy({ levels: [({ basicConstraints: _bc, ...t }) => t] });
    const result = validateIstiodLoad({ files, at: AT });
    expect(result.loads).toBe(false);
    const notCa = result.findings.find((f) => f.name === "INTERMEDIATE_NOT_CA");
    expect(notCa).toMatchObject({
      code: "MW3005",
      symptom:
        "failed to create CA: failed to create an istiod CA: certificate is not authorized to sign other certificates",
    });
  });

  it("#5 basicConstraints CA:false → INTERMEDIATE_NOT_CA", async () => {
    const { files } = await buildHierarchy({
      levels: [(t) => ({ ...t, basicConstraints: { ca: false, critical: true } })],
    });
    expect(errors(validateIstiodLoad({ files, at: AT }).findings)).toContain("INTERMEDIATE_NOT_CA");
  });

  it("#6 tls.X509KeyPair: a key that does not match ca-cert.pem → CA_KEY_MISMATCH, no key material in the finding", async () => {
    const { files } = await buildHierarchy();
    const other = generateKeyPairSync("ec", { namedCurve: "P-256" })
      .privateKey.export({ format: "pem", type: "pkcs8" })
      .toString();
    const result = validateIstiodLoad({ files: { ...files, "ca-key.pem": other }, at: AT });
    expect(result.loads).toBe(false);
    expect(result.findings.find((f) => f.name === "CA_KEY_MISMATCH")?.symptom).toContain(
      "the cert does not match the key: tls: private key does not match public key",
    );
    const body = other.split("\n")[1]!;
    expect(JSON.stringify(result.findings)).not.toContain(body);
    expect(JSON.stringify(result.findings)).not.toContain("PRIVATE KEY-----");
  });

  it("#7 pools are unordered: root first in cert-chain.pem still loads, with a CHAIN_ORDER warning", async () => {
    const { files, root } = await buildHierarchy();
    const result = validateIstiodLoad({
      files: { ...files, "cert-chain.pem": root.pem + files["ca-cert.pem"] },
      at: AT,
    });
    expect(result.loads).toBe(true);
    expect(result.findings.find((f) => f.name === "CHAIN_ORDER")?.severity).toBe("warning");
  });

  it("#8 3-level hierarchy with the middle CA missing from cert-chain.pem → CHAIN_INCOMPLETE (unknown authority)", async () => {
    const { files, root } = await buildHierarchy({ levels: [(t) => t, (t) => t] });
    const result = validateIstiodLoad({
      files: { ...files, "cert-chain.pem": files["ca-cert.pem"]! + root.pem },
      at: AT,
    });
    expect(result.loads).toBe(false);
    expect(result.findings.find((f) => f.name === "CHAIN_INCOMPLETE")?.symptom).toContain(
      "x509: certificate signed by unknown authority",
    );
  });

  it("#8 the same 3-level hierarchy with the full chain loads", async () => {
    const { files } = await buildHierarchy({ levels: [(t) => t, (t) => t] });
    expect(validateIstiodLoad({ files, at: AT }).ok).toBe(true);
  });

  it("#9 root-cert.pem holding the intermediate loads but breaks cross-cluster → ROOT_NOT_SELF_SIGNED", async () => {
    const { files } = await buildHierarchy();
    const result = validateIstiodLoad({
      files: { ...files, "root-cert.pem": files["ca-cert.pem"]! },
      at: AT,
    });
    expect(result.loads).toBe(true);
    expect(errors(result.findings)).toContain("ROOT_NOT_SELF_SIGNED");
  });

  it("#10 default VerifyOptions ask for serverAuth: a clientAuth-only intermediate → INTERMEDIATE_EKU_RESTRICTS", async () => {
    const { files } = await buildHierarchy({
      levels: [(t) => ({ ...t, extendedKeyUsage: { purposes: ["1.3.6.1.5.5.7.3.2"], critical: false } })],
    });
    const result = validateIstiodLoad({ files, at: AT });
    expect(result.loads).toBe(false);
    expect(result.findings.find((f) => f.name === "INTERMEDIATE_EKU_RESTRICTS")?.symptom).toContain(
      "x509: certificate specifies an incompatible key usage",
    );
  });

  it("#11 ca-cert is checked as a leaf: pathLen exceeded below it loads, but every peer rejects → PATHLEN_VIOLATION error", async () => {
    const { files } = await buildHierarchy({
      levels: [(t) => ({ ...t, basicConstraints: { ca: true, pathLen: 0, critical: true } }), (t) => t],
    });
    const result = validateIstiodLoad({ files, at: AT });
    expect(result.loads).toBe(true);
    const violation = result.findings.find((f) => f.name === "PATHLEN_VIOLATION");
    expect(violation?.severity).toBe("error");
    expect(violation?.message).toMatch(
      /^istiod loads this bundle, but every Envoy sidecar and gateway rejects/,
    );
    expect(violation?.symptom).toContain("too many intermediates for path length constraint");
  });

  it("#14 ParsePemEncodedKey: ENCRYPTED PRIVATE KEY → CA_KEY_UNSUPPORTED_FORMAT with istiod's message", async () => {
    const { files } = await buildHierarchy();
    const encrypted = generateKeyPairSync("ec", { namedCurve: "P-256" })
      .privateKey.export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: "secret" })
      .toString();
    const result = validateIstiodLoad({ files: { ...files, "ca-key.pem": encrypted }, at: AT });
    expect(result.loads).toBe(false);
    expect(result.findings[0]).toMatchObject({
      name: "CA_KEY_UNSUPPORTED_FORMAT",
      symptom:
        "failed to parse private key PEM: unsupported PEM block type for a private key: ENCRYPTED PRIVATE KEY",
    });
  });

  it("#14 PKCS#1 and SEC1 keys load like PKCS#8 (crypto.go accepts all three)", async () => {
    const { files, clusterCa } = await buildHierarchy();
    const sec1 = clusterCa.privateKey.keyObject.export({ format: "pem", type: "sec1" }).toString();
    expect(sec1).toContain("BEGIN EC PRIVATE KEY");
    expect(validateIstiodLoad({ files: { ...files, "ca-key.pem": sec1 }, at: AT }).ok).toBe(true);
  });

  it("#15 a SHA-1-signed intermediate → WEAK_SIGNATURE (insecure algorithm)", async () => {
    const { files } = await buildHierarchy({ levels: [(t) => ({ ...t, signatureHash: "SHA-1" })] });
    const result = validateIstiodLoad({ files, at: AT });
    expect(result.loads).toBe(false);
    expect(result.findings.find((f) => f.name === "WEAK_SIGNATURE")?.symptom).toContain(
      "insecure algorithm ECDSA-SHA1",
    );
  });

  it("#16 root-cert.pem with two roots loads → ROOT_BUNDLE (info)", async () => {
    const a = await buildHierarchy();
    const b = await buildHierarchy({ seed: 9 });
    const result = validateIstiodLoad({
      files: { ...a.files, "root-cert.pem": a.root.pem + b.root.pem },
      at: AT,
    });
    expect(result.ok).toBe(true);
    expect(result.findings.find((f) => f.name === "ROOT_BUNDLE")?.severity).toBe("info");
  });

  it("#17 the CA's keyUsage is never checked by istiod: KU without keyCertSign loads, peers reject → INTERMEDIATE_KU_NO_CERTSIGN", async () => {
    const { files } = await buildHierarchy({
      levels: [(t) => ({ ...t, keyUsage: { usages: ["digitalSignature", "cRLSign"], critical: true } })],
    });
    const result = validateIstiodLoad({ files, at: AT });
    expect(result.loads).toBe(true);
    expect(errors(result.findings)).toContain("INTERMEDIATE_KU_NO_CERTSIGN");
  });

  it("#18 URI name constraints: loads; ztunnel fails closed → warning for sidecar meshes, error when ambient", async () => {
    const { files } = await buildHierarchy({
      levels: [(t) => ({ ...t, nameConstraints: { permitted: { uri: ["cluster.local"] }, critical: true } })],
    });
    const sidecarMesh = validateIstiodLoad({ files, at: AT });
    expect(sidecarMesh.loads).toBe(true);
    expect(sidecarMesh.findings.find((f) => f.name === "URI_NAME_CONSTRAINTS_AMBIENT")?.severity).toBe(
      "warning",
    );
    const ambientMesh = validateIstiodLoad({ files, at: AT, ambient: true });
    expect(ambientMesh.findings.find((f) => f.name === "URI_NAME_CONSTRAINTS_AMBIENT")).toMatchObject({
      severity: "error",
      component: "ztunnel",
    });
  });

  it("minTTL reads the first cert of cert-chain.pem: an expired head → CHAIN_HEAD_EXPIRED", async () => {
    const { files } = await buildHierarchy();
    const expired = await buildHierarchy({
      seed: 3,
      root: (t) => ({ ...t, notAfter: new Date(AT.getTime() - 1000) }),
    });
    const result = validateIstiodLoad({
      files: { ...files, "cert-chain.pem": expired.root.pem + files["ca-cert.pem"] },
      at: AT,
    });
    expect(errors(result.findings)).toContain("CHAIN_HEAD_EXPIRED");
  });

  it("detectSigningCABundleAndCRL: the kubernetes.io/tls layout (tls.crt, tls.key, ca.crt) loads", async () => {
    const { files } = await buildHierarchy();
    const tls = {
      "tls.crt": files["ca-cert.pem"]!,
      "tls.key": files["ca-key.pem"]!,
      "ca.crt": files["root-cert.pem"]!,
    };
    const result = validateIstiodLoad({ files: tls, at: AT });
    expect(result.ok).toBe(true);
    expect(result.material?.layout.name).toBe("tls");
  });

  it("non-PEM input in a cert file → INPUT_NOT_PEM, not an exception", async () => {
    const { files, root } = await buildHierarchy();
    const der = Buffer.from(root.certificate.der).toString("latin1");
    const result = validateIstiodLoad({ files: { ...files, "root-cert.pem": der }, at: AT });
    expect(result.loads).toBe(false);
    expect(errors(result.findings)).toContain("INPUT_NOT_PEM");
  });

  it("a truncated certificate → CERTIFICATE_MALFORMED", async () => {
    const { files, clusterCa } = await buildHierarchy();
    const truncated = encodePem("CERTIFICATE", clusterCa.certificate.der.subarray(0, 200));
    const result = validateIstiodLoad({ files: { ...files, "ca-cert.pem": truncated }, at: AT });
    expect(result.loads).toBe(false);
    expect(errors(result.findings)).toContain("CERTIFICATE_MALFORMED");
  });
});
