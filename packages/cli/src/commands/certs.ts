/**
 * `meshwright certs`: generate a mesh's plug-in CAs, verify bundles the way istiod and its peers
 * judge them, inspect certificates, and plan root rotations (docs/pki.md). Exit codes follow
 * istioctl habits: 0 fine, 1 findings of severity error, 2 usage errors; never a stack trace.
 */
import type { Command } from "commander";
import { runGenerate } from "./certs/generate";
import { runInspect } from "./certs/inspect";
import { FORMATS } from "./certs/report";
import { runRotatePlan } from "./certs/rotate-plan";
import { runVerify } from "./certs/verify";

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Registers `certs` and its subcommands. */
export function registerCerts(program: Command): void {
  const certs = program
    .command("certs")
    .description("Generate, verify, inspect and rotate the mesh's CA certificates.");
  const output = ["-o, --output <format>", `output format: ${FORMATS.join(", ")}`] as const;

  certs
    .command("generate")
    .description("Generate a shared root and one intermediate per cluster (cacerts files, keys mode 0600).")
    .requiredOption("--mesh <mesh.yaml>", "the Mesh document")
    .requiredOption(
      "--out <dir>",
      "output directory: <dir>/<cluster>/ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem",
    )
    .option(
      "--root-key <type>",
      "root key: rsa-2048, rsa-3072, rsa-4096, ecdsa-p256, ecdsa-p384 (default ecdsa-p256)",
    )
    .option("--intermediate-key <type>", "intermediate key type (default ecdsa-p256)")
    .option("--root-days <n>", "root validity in days (default 3650)")
    .option("--intermediate-days <n>", "intermediate validity in days (default 3650)")
    .option("--root-dir <dir>", "reuse the root in <dir>/root-cert.pem + root-key.pem")
    .option("--layout <layout>", "istio (cacerts, default) or tls (kubernetes.io/tls)")
    .option("--provider <name>", "WebCrypto provider: native (default) or peculiar")
    .option("--secret", "also write <cluster>/cacerts-secret.yaml (mode 0600)")
    .option(...output)
    .action(async (options) => {
      process.exitCode = await runGenerate(options);
    });

  certs
    .command("verify")
    .description("Would istiod load this cacerts directory, and would peers accept what it issues?")
    .argument(
      "<dir>",
      "directory with ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem (or tls.crt, tls.key, ca.crt)",
    )
    .option("--profile <profile>", "istiod-load (default), peer-sidecar or peer-ztunnel")
    .option("--peer-root <pem>", "the peer's root bundle (default: the directory's root-cert.pem)")
    .option("--leaf <pem>", "workload certificate to check (default: one issued from the directory's CA)")
    .option("--leaf-chain <pem>", "certificates sent after the leaf")
    .option("--expect-san <uri>", "identity the peer must present")
    .option("--trust-domain <td>", "the validating side's trust domain (default cluster.local)")
    .option("--trust-domain-alias <td>", "a trustDomainAliases entry (sidecars only; repeatable)", collect)
    .option("--ambient", "workloads run in ambient mode: ztunnel-only rejections are errors")
    .option("--at <iso-time>", "validation time (default now)")
    .option(...output)
    .action((dir: string, options) => {
      process.exitCode = runVerify(dir, options);
    });

  certs
    .command("inspect")
    .description("Summarise every certificate of a PEM file (keys are named, never shown).")
    .argument("<pem>", "a PEM file")
    .option(...output)
    .action((file: string, options: { output?: string }) => {
      process.exitCode = runInspect(file, options.output);
    });

  certs
    .command("rotate-plan")
    .description("Plan and verify a root rotation from the current bundles to the next ones.")
    .requiredOption("--current <dir>", "current bundles: <dir>/<cluster>/ as written by `certs generate`")
    .requiredOption("--next <dir>", "next bundles (new root), same layout")
    .option("--multi-root", "istiod runs with ISTIO_MULTIROOT_MESH=true")
    .option("--ambient", "clusters run ambient workloads (ztunnel rules)")
    .option("--trust-domain <td>", "mesh trust domain (default cluster.local)")
    .option("--at <iso-time>", "time the plan starts (default now)")
    .option(...output)
    .action((options) => {
      process.exitCode = runRotatePlan(options);
    });
}
