import { execFileSync, spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toCacertsFiles } from "../bundle/ca-bundle";
import { writeBundleFiles } from "../bundle/write-files";
import { validateIstiodLoad } from "../profiles/istiod-load";
import { validatePeer } from "../profiles/peer";
import { AT, SPIFFE } from "../testing/hierarchy";
import { generateMeshPki } from "./mesh-pki";

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
const MESH = {
  trustDomain: "cluster.local",
  flavour: "upstream" as const,
  clusters: [{ name: "eks" }, { name: "aks" }],
};

function opensslVerify(args: string[]): string {
  return execFileSync(
    "openssl",
    ["verify", "-attime", String(AT.getTime() / 1000), "-x509_strict", ...args],
    { encoding: "utf8" },
  );
}

describe("generated bundles pass third-party verifiers", () => {
  it("node:crypto: signatures, issuance, CA flags and key pairs check out", async () => {
    const result = await generateMeshPki(MESH, { clock: () => AT });
    if (!result.ok) throw new Error("generation failed");
    const root = new X509Certificate(result.value.root.pem);
    for (const ca of result.value.clusters.values()) {
      const intermediate = new X509Certificate(ca.bundle.caCertPem);
      expect(intermediate.ca).toBe(true);
      expect(intermediate.checkIssued(root)).toBe(true);
      expect(intermediate.verify(root.publicKey)).toBe(true);
      expect(intermediate.checkPrivateKey(ca.authority.privateKey.keyObject)).toBe(true);
      const leaf = result.value.issueWorkloadCert(ca.cluster, SPIFFE, AT);
      if (!leaf.ok) throw new Error("issue failed");
      const nodeLeaf = new X509Certificate(leaf.value.pem);
      expect(nodeLeaf.ca).toBe(false);
      expect(nodeLeaf.verify(intermediate.publicKey)).toBe(true);
      expect(nodeLeaf.subjectAltName).toBe(`URI:${SPIFFE}`);
    }
  });

  it.skipIf(!hasOpenssl)(
    "openssl verify -x509_strict accepts every cluster CA and leaf (sslserver and sslclient purposes)",
    async () => {
      for (const [rootKey, intermediateKey] of [
        ["ecdsa-p256", "ecdsa-p256"],
        ["rsa-2048", "ecdsa-p384"],
      ] as const) {
        const result = await generateMeshPki(MESH, { clock: () => AT, rootKey, intermediateKey });
        if (!result.ok) throw new Error("generation failed");
        for (const ca of result.value.clusters.values()) {
          const dir = mkdtempSync(join(tmpdir(), "mw-pki-"));
          expect(writeBundleFiles(dir, toCacertsFiles(ca.bundle))).toEqual([]);
          const leaf = result.value.issueWorkloadCert(ca.cluster, SPIFFE, AT);
          if (!leaf.ok) throw new Error("issue failed");
          writeFileSync(join(dir, "leaf.pem"), leaf.value.pem);
          expect(opensslVerify(["-CAfile", join(dir, "root-cert.pem"), join(dir, "ca-cert.pem")])).toContain(
            ": OK",
          );
          for (const purpose of ["sslserver", "sslclient"]) {
            expect(
              opensslVerify([
                "-purpose",
                purpose,
                "-CAfile",
                join(dir, "root-cert.pem"),
                "-untrusted",
                join(dir, "cert-chain.pem"),
                join(dir, "leaf.pem"),
              ]),
            ).toContain(": OK");
          }
        }
      }
    },
  );

  it.skipIf(!hasOpenssl)(
    "seed 000's plain openssl recipe: v1 intermediate → INTERMEDIATE_NOT_CA (istiod) and every peer rejects",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "mw-seed-"));
      const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
      // The seed's exact commands with P-256 instead of RSA-4096 keys: same certificate structure, 100× faster.
      const key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
      run(
        "req",
        "-x509",
        "-sha256",
        "-nodes",
        "-days",
        "3650",
        ...key,
        "-subj",
        "/O=Istio/CN=Root CA",
        "-keyout",
        "root-key.pem",
        "-out",
        "root-cert.pem",
      );
      run(
        "req",
        ...key,
        "-sha256",
        "-nodes",
        "-subj",
        "/O=Istio/CN=Intermediate CA EKS",
        "-keyout",
        "eks-ca-key.pem",
        "-out",
        "eks-ca-csr.pem",
      );
      run(
        "x509",
        "-req",
        "-sha256",
        "-days",
        "1825",
        "-CA",
        "root-cert.pem",
        "-CAkey",
        "root-key.pem",
        "-set_serial",
        "1",
        "-in",
        "eks-ca-csr.pem",
        "-out",
        "eks-ca-cert.pem",
      );
      const read = (name: string) => execFileSync("cat", [name], { cwd: dir, encoding: "utf8" });
      const files = {
        "ca-cert.pem": read("eks-ca-cert.pem"),
        "ca-key.pem": read("eks-ca-key.pem"),
        "root-cert.pem": read("root-cert.pem"),
        "cert-chain.pem": read("eks-ca-cert.pem") + read("root-cert.pem"),
      };
      const now = new Date();
      const result = validateIstiodLoad({ files, at: now });
      expect(result.loads).toBe(false);
      const notCa = result.findings.find((f) => f.name === "INTERMEDIATE_NOT_CA");
      expect(notCa?.message).toContain("version-1");
      expect(result.material?.caCert.version).toBe(1);
      const leafPem = files["ca-cert.pem"];
      const peer = validatePeer({
        profile: "ztunnel",
        trustBundle: files["root-cert.pem"],
        leaf: leafPem,
        trustDomain: "cluster.local",
        at: now,
      });
      expect(peer.ok).toBe(false);
    },
  );
});
