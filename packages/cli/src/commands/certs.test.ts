import { mkdtempSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { run } from "./cli-test-support";

const directory = mkdtempSync(join(tmpdir(), "meshwright-certs-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

const meshFile = join(directory, "mesh.yaml");
writeFileSync(
  meshFile,
  `apiVersion: meshwright.dev/v1alpha1
kind: Mesh
spec:
  meshId: m
  networks: [{ name: n1 }, { name: n2 }]
  clusters:
    - { name: eks, network: n1, provider: { kind: eks, region: us-east-2 } }
    - { name: aks, network: n2, provider: { kind: aks, region: eastus } }
`,
);
const current = join(directory, "current");
const next = join(directory, "next");

describe("meshwright certs", () => {
  beforeAll(async () => {
    expect((await run("certs", "generate", "--mesh", meshFile, "--out", current)).code).toBe(0);
    expect(
      (await run("certs", "generate", "--mesh", meshFile, "--out", next, "--secret", "-o", "json")).code,
    ).toBe(0);
  });

  it("generate writes <out>/<cluster>/ cacerts with keys mode 0600, and the root", () => {
    for (const cluster of ["eks", "aks"]) {
      for (const name of ["ca-cert.pem", "root-cert.pem", "cert-chain.pem"]) {
        expect(statSync(join(current, cluster, name)).mode & 0o777).toBe(0o644);
      }
      expect(statSync(join(current, cluster, "ca-key.pem")).mode & 0o777).toBe(0o600);
      expect(statSync(join(next, cluster, "cacerts-secret.yaml")).mode & 0o777).toBe(0o600);
    }
    expect(statSync(join(current, "root-key.pem")).mode & 0o777).toBe(0o600);
  });

  it("generate: usage errors exit 2 without a stack trace", async () => {
    const bad = await run(
      "certs",
      "generate",
      "--mesh",
      meshFile,
      "--out",
      join(directory, "x"),
      "--root-key",
      "rsa-1024",
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--root-key "rsa-1024" is not one of');
    expect(bad.stderr).not.toContain("    at ");
    expect(
      (await run("certs", "generate", "--mesh", join(directory, "missing.yaml"), "--out", directory)).code,
    ).toBe(2);
  });

  it("verify (istiod-load) exits 0 on a generated bundle and 1 on an incomplete one, with -o json findings", async () => {
    expect((await run("certs", "verify", join(current, "eks"))).code).toBe(0);
    const broken = join(directory, "broken");
    await run("certs", "generate", "--mesh", meshFile, "--out", broken);
    unlinkSync(join(broken, "eks", "cert-chain.pem"));
    const result = await run("certs", "verify", join(broken, "eks"), "-o", "json");
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; findings: { code: string; name: string }[] };
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => [f.code, f.name])).toEqual([["MW3019", "CACERTS_INCOMPLETE"]]);
  });

  it("verify --profile peer-ztunnel: another cluster's root is ROOT_MISMATCH; --expect-san mismatch is SAN_MISMATCH", async () => {
    const otherRoot = await run(
      "certs",
      "verify",
      join(current, "eks"),
      "--profile",
      "peer-ztunnel",
      "--peer-root",
      join(next, "root-cert.pem"),
      "-o",
      "json",
    );
    expect(otherRoot.code).toBe(1);
    expect(JSON.parse(otherRoot.stdout).findings[0].name).toBe("ROOT_MISMATCH");
    const san = await run(
      "certs",
      "verify",
      join(current, "aks"),
      "--profile",
      "peer-sidecar",
      "--expect-san",
      "spiffe://other.local/ns/a/sa/b",
    );
    expect(san.code).toBe(1);
    expect(san.stdout).toContain("TRUST_DOMAIN_MISMATCH");
    const ok = await run(
      "certs",
      "verify",
      join(current, "aks"),
      "--profile",
      "peer-sidecar",
      "--expect-san",
      "spiffe://cluster.local/ns/a/sa/b",
    );
    expect(ok.code).toBe(0);
    expect((await run("certs", "verify", current, "--profile", "nope")).code).toBe(2);
  });

  it("inspect summarises certificates and never prints key material", async () => {
    const chain = await run("certs", "inspect", join(current, "eks", "cert-chain.pem"), "-o", "json");
    expect(chain.code).toBe(0);
    const entries = JSON.parse(chain.stdout).entries as {
      certificate: { subject: string; pathLen?: number };
    }[];
    expect(entries.map((e) => e.certificate.subject)).toEqual([
      "O=Istio, CN=Intermediate CA, L=eks",
      "O=Istio, CN=Root CA",
    ]);
    const key = await run("certs", "inspect", join(current, "eks", "ca-key.pem"));
    expect(key.stdout).toContain("pkcs8 ec key (not shown)");
    expect(key.stdout).not.toContain("BEGIN");
  });

  it("rotate-plan verifies the four phases between two generated hierarchies", async () => {
    const plan = await run("certs", "rotate-plan", "--current", current, "--next", next, "-o", "json");
    expect(plan.code).toBe(0);
    const report = JSON.parse(plan.stdout) as {
      ok: boolean;
      phases: { name: string; verified: boolean; istiodRestart: boolean }[];
    };
    expect(report.phases.map((p) => [p.name, p.verified, p.istiodRestart])).toEqual([
      ["current", true, false],
      ["publish-combined-root", true, true],
      ["reissue-intermediates", true, false],
      ["retire-old-root", true, true],
    ]);
    const human = await run("certs", "rotate-plan", "--current", current, "--next", next, "--multi-root");
    expect(human.stdout).toContain("hot reload");
  });
});
