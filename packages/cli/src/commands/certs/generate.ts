import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type CertificateAuthority,
  type Diagnostic,
  generateMeshPki,
  importCertificateAuthority,
  isKeySpec,
  KEY_SPECS,
  loadMesh,
  type MeshPkiOptions,
  type PkiFinding,
  toCacertsFiles,
  toSecret,
  toTlsFiles,
  writeBundleFiles,
} from "@meshwright/core";
import { stringify } from "yaml";
import { CliError, formatDiagnostic } from "../../output/errors";
import { renderTable, serialise } from "../../output/format";
import { outputFormat, renderFindings } from "./report";

/** Options of `certs generate`. */
export interface GenerateOptions {
  readonly mesh?: string;
  readonly out?: string;
  readonly rootKey?: string;
  readonly intermediateKey?: string;
  readonly rootDays?: string;
  readonly intermediateDays?: string;
  readonly rootDir?: string;
  readonly layout?: string;
  readonly provider?: string;
  readonly secret?: boolean;
  readonly output?: string;
}

function positive(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new CliError(`${flag} must be a positive whole number of days`, 2);
  return n;
}

function keyOption(value: string | undefined, flag: string): MeshPkiOptions["rootKey"] {
  if (value === undefined) return undefined;
  if (!isKeySpec(value)) throw new CliError(`${flag} "${value}" is not one of ${KEY_SPECS.join(", ")}`, 2);
  return value;
}

async function existingRoot(
  dir: string | undefined,
  provider: MeshPkiOptions["provider"],
): Promise<CertificateAuthority | undefined> {
  if (!dir) return undefined;
  const read = (name: string): string => {
    try {
      return readFileSync(join(dir, name), "utf8");
    } catch {
      throw new CliError(`cannot read ${join(dir, name)}`, 2);
    }
  };
  const imported = await importCertificateAuthority(read("root-cert.pem"), read("root-key.pem"), provider);
  if (!imported.ok) throw new CliError(imported.findings.map((f) => f.message).join("; "), 1);
  return imported.value;
}

/**
 * `certs generate --mesh <mesh.yaml> --out <dir>`: a shared root (`<dir>/root-cert.pem`,
 * `<dir>/root-key.pem`, mode 0600) and `<dir>/<cluster>/` with the cacerts files (keys 0600), or
 * the kubernetes.io/tls layout, plus optionally the Secret manifest. Exit 0, 1 (mesh invalid or
 * generation failed), 2 (usage).
 */
export async function runGenerate(options: GenerateOptions): Promise<number> {
  const format = outputFormat(options.output);
  if (!options.mesh) throw new CliError("--mesh <mesh.yaml> is required", 2);
  if (!options.out) throw new CliError("--out <dir> is required", 2);
  if (options.layout !== undefined && options.layout !== "istio" && options.layout !== "tls") {
    throw new CliError(`--layout "${options.layout}" is not istio or tls`, 2);
  }
  if (options.provider !== undefined && options.provider !== "native" && options.provider !== "peculiar") {
    throw new CliError(`--provider "${options.provider}" is not native or peculiar`, 2);
  }
  if (!existsSync(options.mesh)) throw new CliError(`cannot read ${options.mesh}: no such file`, 2);
  const loaded = loadMesh(options.mesh);
  if (!loaded.ok || !loaded.mesh) {
    process.stderr.write(`${loaded.diagnostics.map((d: Diagnostic) => formatDiagnostic(d)).join("\n")}\n`);
    return 1;
  }
  const provider = options.provider as MeshPkiOptions["provider"];
  const root = await existingRoot(options.rootDir, provider);
  const generated = await generateMeshPki(loaded.mesh, {
    ...(provider ? { provider } : {}),
    ...(root ? { root } : {}),
    rootKey: keyOption(options.rootKey, "--root-key"),
    intermediateKey: keyOption(options.intermediateKey, "--intermediate-key"),
    rootValidityDays: positive(options.rootDays, "--root-days"),
    intermediateValidityDays: positive(options.intermediateDays, "--intermediate-days"),
  });
  if (!generated.ok) {
    process.stdout.write(renderFindings(generated.findings, format, "generation failed"));
    return 1;
  }
  const pki = generated.value;
  const findings: PkiFinding[] = [];
  if (!root) {
    findings.push(
      ...writeBundleFiles(options.out, {
        "root-cert.pem": pki.root.pem,
        "root-key.pem": pki.root.privateKey.toPkcs8Pem(),
      }),
    );
  }
  const written: { cluster: string; dir: string; intermediate: string; sha256: string }[] = [];
  for (const [cluster, ca] of pki.clusters) {
    const dir = join(options.out, cluster);
    const layout = options.layout === "tls" ? "tls" : "istio";
    const files = layout === "tls" ? toTlsFiles(ca.bundle) : toCacertsFiles(ca.bundle);
    findings.push(...writeBundleFiles(dir, files));
    if (options.secret) {
      const secret = toSecret(files, { namespace: loaded.mesh.rootNamespace, layout });
      findings.push(...writeBundleFiles(dir, { "cacerts-secret.yaml": stringify(secret) }));
    }
    written.push({
      cluster,
      dir,
      intermediate: ca.authority.certificate.subject.text,
      sha256: ca.authority.certificate.fingerprint,
    });
  }
  if (findings.length > 0) {
    process.stdout.write(renderFindings(findings, format, "could not write every file"));
    return 1;
  }
  const summary = {
    root: { subject: pki.root.certificate.subject.text, sha256: pki.root.certificate.fingerprint },
    clusters: written,
  };
  if (format === "json" || format === "yaml") process.stdout.write(serialise(summary, format));
  else {
    process.stdout.write(
      `root ${summary.root.subject} sha256:${summary.root.sha256}\n${renderTable(
        ["cluster", "directory", "intermediate", "sha256"],
        written.map((w) => [w.cluster, w.dir, w.intermediate, w.sha256.slice(0, 16)]),
      )}`,
    );
  }
  return 0;
}
