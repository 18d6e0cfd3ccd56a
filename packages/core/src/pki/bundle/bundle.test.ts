import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePem } from "../pem";
import { buildHierarchy } from "../testing/hierarchy";
import { bundleOf, toCacertsFiles, toTlsFiles } from "./ca-bundle";
import { detectLayout } from "./layouts";
import { toSecret } from "./secret";
import { writeBundleFiles } from "./write-files";

describe("cacerts layouts (istio_ca.go detectSigningCABundleAndCRL)", () => {
  it("Istio layout: cert-chain.pem = intermediate(s) then root, key in PKCS#8", async () => {
    const h = await buildHierarchy({ levels: [(t) => t, (t) => t] });
    const files = toCacertsFiles(bundleOf(h.clusterCa));
    expect(Object.keys(files).sort()).toEqual([
      "ca-cert.pem",
      "ca-key.pem",
      "cert-chain.pem",
      "root-cert.pem",
    ]);
    const chain = parsePem(files["cert-chain.pem"]!).blocks.map((b) => Buffer.from(b.der).toString("hex"));
    expect(chain).toEqual(
      [h.cas[1]!, h.cas[0]!, h.root].map((c) => Buffer.from(c.certificate.der).toString("hex")),
    );
    expect(files["ca-key.pem"]).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(detectLayout(files).name).toBe("istio");
  });

  it("kubernetes.io/tls layout: tls.crt holds the CA and the intermediates above it, ca.crt the root", async () => {
    const h = await buildHierarchy({ levels: [(t) => t, (t) => t] });
    const files = toTlsFiles(bundleOf(h.clusterCa));
    expect(Object.keys(files).sort()).toEqual(["ca.crt", "tls.crt", "tls.key"]);
    expect(parsePem(files["tls.crt"]!).blocks).toHaveLength(2);
    expect(files["ca.crt"]).toBe(h.root.pem);
    expect(detectLayout(files).name).toBe("tls");
  });

  it("the Secret object: cacerts in istio-system, base64 data, kubernetes.io/tls type for the TLS layout", async () => {
    const h = await buildHierarchy();
    const secret = toSecret(h.files);
    expect(secret).toMatchObject({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "cacerts", namespace: "istio-system" },
      type: "Opaque",
    });
    const data = secret.data as Record<string, string>;
    expect(Buffer.from(data["root-cert.pem"]!, "base64").toString()).toBe(h.files["root-cert.pem"]);
    expect(toSecret(toTlsFiles(bundleOf(h.clusterCa)), { layout: "tls" }).type).toBe("kubernetes.io/tls");
  });

  it("DESIGN principle 8: key files and Secret manifests are written with mode 0600, certificates 0644", async () => {
    const h = await buildHierarchy();
    const dir = join(mkdtempSync(join(tmpdir(), "mw-write-")), "cluster1");
    expect(writeBundleFiles(dir, { ...h.files, "cacerts-secret.yaml": "kind: Secret\n" })).toEqual([]);
    const mode = (name: string) => statSync(join(dir, name)).mode & 0o777;
    expect(mode("ca-key.pem")).toBe(0o600);
    expect(mode("cacerts-secret.yaml")).toBe(0o600);
    expect(mode("ca-cert.pem")).toBe(0o644);
    expect(readFileSync(join(dir, "cert-chain.pem"), "utf8")).toBe(h.files["cert-chain.pem"]);
  });

  it("an unwritable destination is a FILE_UNREADABLE finding, not an exception", async () => {
    const h = await buildHierarchy();
    const dir = mkdtempSync(join(tmpdir(), "mw-write-"));
    writeBundleFiles(dir, h.files);
    const findings = writeBundleFiles(join(dir, "ca-cert.pem", "nested"), h.files);
    expect(findings.map((f) => f.name)).toEqual(["FILE_UNREADABLE"]);
  });
});
