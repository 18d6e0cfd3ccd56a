/**
 * PKI figures (issue 3 §7):
 * 1. the seeds' 2-cluster RSA-4096 bundle, meshwright vs seed 000's openssl commands, in one run → ratio;
 * 2. a 100-cluster ECDSA bundle, with each WebCrypto provider (the provider choice in crypto/provider.ts);
 * 3. 10,000 workload certificates (target < 3 s);
 * 4. 10,000 peer validations: chains/s and the ratio to node:crypto doing only the signature checks.
 */
import "reflect-metadata";
import { execFileSync, spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { type CryptoProviderName, generateMeshPki, type MeshPki, validatePeer } from "@meshwright/core";
import { peakRssMiB, report } from "./measure";

const AT = new Date("2026-06-01T00:00:00Z");

/** Wall and CPU time of `fn`: the CPU figure stays meaningful when other processes share the 2 cores. */
function measured<T>(fn: () => T): { value: T; wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = fn();
  const used = process.cpuUsage(cpu);
  return { value, wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}
const meshOf = (n: number) => ({
  trustDomain: "cluster.local",
  flavour: "upstream" as const,
  clusters: Array.from({ length: n }, (_, i) => ({ name: n === 2 ? ["eks", "aks"][i]! : `cluster-${i}` })),
});

async function generate(
  clusters: number,
  options: Parameters<typeof generateMeshPki>[1],
): Promise<{ pki: MeshPki; ms: number }> {
  const start = performance.now();
  const result = await generateMeshPki(meshOf(clusters), { clock: () => AT, ...options });
  if (!result.ok) throw new Error(result.findings.map((f) => f.message).join("; "));
  return { pki: result.value, ms: performance.now() - start };
}

/** Seed 000, Part 2 step 2.1, verbatim (RSA-4096 everywhere). */
function seedOpenssl(): number {
  const dir = mkdtempSync(join(tmpdir(), "mw-bench-seed-"));
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const start = performance.now();
  run(
    "req",
    "-x509",
    "-sha256",
    "-nodes",
    "-days",
    "3650",
    "-newkey",
    "rsa:4096",
    "-subj",
    "/O=Istio/CN=Root CA",
    "-keyout",
    "root-key.pem",
    "-out",
    "root-cert.pem",
  );
  for (const [cluster, serial] of [
    ["eks", "1"],
    ["aks", "2"],
  ] as const) {
    run(
      "req",
      "-newkey",
      "rsa:4096",
      "-sha256",
      "-nodes",
      "-subj",
      `/O=Istio/CN=Intermediate CA ${cluster.toUpperCase()}`,
      "-keyout",
      `${cluster}-ca-key.pem`,
      "-out",
      `${cluster}-ca-csr.pem`,
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
      serial,
      "-in",
      `${cluster}-ca-csr.pem`,
      "-out",
      `${cluster}-ca-cert.pem`,
    );
    execFileSync("sh", ["-c", `cat ${cluster}-ca-cert.pem root-cert.pem > ${cluster}-cert-chain.pem`], {
      cwd: dir,
    });
  }
  const ms = performance.now() - start;
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

async function seedBundle(): Promise<void> {
  process.stdout.write("-- seeds' 2-cluster bundle, RSA-4096 root and intermediates --\n");
  const rsa = { rootKey: "rsa-4096", intermediateKey: "rsa-4096" } as const;
  const native = await generate(2, { ...rsa, provider: "native" });
  report("meshwright (native WebCrypto, default)", native.ms, "ms");
  const peculiar = await generate(2, { ...rsa, provider: "peculiar" });
  report("meshwright (@peculiar/webcrypto)", peculiar.ms, "ms");
  if (spawnSync("openssl", ["version"]).status !== 0) {
    process.stdout.write("openssl not found: ratio skipped\n");
    return;
  }
  const openssl = seedOpenssl();
  report("seed 000 openssl commands", openssl, "ms");
  report("ratio meshwright/openssl", native.ms / openssl, "x", { max: 1 });
}

async function hundredClusters(): Promise<MeshPki> {
  process.stdout.write("\n-- 100-cluster ECDSA P-256 bundle --\n");
  let kept: MeshPki | undefined;
  for (const provider of ["peculiar", "native"] as CryptoProviderName[]) {
    const { pki, ms } = await generate(100, { provider });
    report(`100 clusters, ${provider}`, ms, "ms");
    kept = pki;
  }
  return kept!;
}

function workloadCertificates(pki: MeshPki): { der: Uint8Array; cluster: string; spiffe: string }[] {
  process.stdout.write("\n-- 10,000 workload certificates (istiod template, fresh P-256 key each) --\n");
  const clusters = [...pki.clusters.keys()];
  const run = measured(() => {
    const leaves: { der: Uint8Array; cluster: string; spiffe: string }[] = [];
    for (let i = 0; i < 10_000; i++) {
      const cluster = clusters[i % clusters.length]!;
      const spiffe = `spiffe://cluster.local/ns/ns-${i % 50}/sa/sa-${i}`;
      const issued = pki.issueWorkloadCert(cluster, spiffe, AT);
      if (!issued.ok) throw new Error("issue failed");
      leaves.push({ der: issued.value.der, cluster, spiffe });
    }
    return leaves;
  });
  report("10,000 workload certificates, wall", run.wallMs, "ms", { max: 3000 });
  report("10,000 workload certificates, CPU", run.cpuMs, "ms", { max: 3000 });
  return run.value;
}

function peerValidations(
  pki: MeshPki,
  leaves: readonly { der: Uint8Array; cluster: string; spiffe: string }[],
): void {
  process.stdout.write("\n-- 10,000 peer validations (ztunnel profile, leaf parsed from DER each time) --\n");
  const chains = new Map(
    [...pki.clusters].map(([name, ca]) => [
      name,
      ca.authority.chain.length ? [ca.authority.certificate, ...ca.authority.chain] : [],
    ]),
  );
  const ours = measured(() => {
    let accepted = 0;
    for (const leaf of leaves) {
      const verdict = validatePeer({
        profile: "ztunnel",
        trustBundle: pki.trustBundle,
        leaf: leaf.der,
        chain: chains.get(leaf.cluster)!,
        trustDomain: "cluster.local",
        expectedSan: leaf.spiffe,
        at: AT,
      });
      if (verdict.ok) accepted++;
    }
    return accepted;
  });
  if (ours.value !== leaves.length) throw new Error(`only ${ours.value} of ${leaves.length} accepted`);
  report("meshwright validatePeer (wall)", (leaves.length / ours.wallMs) * 1000, "chains/s");
  report("meshwright validatePeer (CPU)", (leaves.length / ours.cpuMs) * 1000, "chains/s");
  const root = new X509Certificate(pki.root.pem);
  const intermediates = new Map(
    [...pki.clusters].map(([name, ca]) => [name, new X509Certificate(ca.bundle.caCertPem)]),
  );
  const node = measured(() => {
    for (const leaf of leaves) {
      const intermediate = intermediates.get(leaf.cluster)!;
      if (
        !new X509Certificate(leaf.der).verify(intermediate.publicKey) ||
        !intermediate.verify(root.publicKey)
      ) {
        throw new Error("node verify failed");
      }
    }
  });
  report(
    "node:crypto, parse leaf + 2 signature checks (wall)",
    (leaves.length / node.wallMs) * 1000,
    "chains/s",
  );
  report(
    "node:crypto, parse leaf + 2 signature checks (CPU)",
    (leaves.length / node.cpuMs) * 1000,
    "chains/s",
  );
  report("ratio meshwright/node:crypto CPU time", ours.cpuMs / node.cpuMs, "x");
}

await seedBundle();
const pki = await hundredClusters();
const leaves = workloadCertificates(pki);
peerValidations(pki, leaves);
report("peak RSS", peakRssMiB(), "MiB");
