import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type CertificateInput,
  compileLeafIssuer,
  issueWorkloadCertificate,
  loadCaMaterial,
  type PkiFinding,
  parsePem,
  readBundleDir,
  validateIstiodLoad,
  validatePeer,
  workloadSpiffeId,
} from "@meshwright/core";
import { CliError } from "../../output/errors";
import { outputFormat, parseAt, renderFindings } from "./report";

/** Options of `certs verify`. */
export interface VerifyOptions {
  readonly profile?: string;
  readonly peerRoot?: string;
  readonly leaf?: string;
  readonly leafChain?: string;
  readonly expectSan?: string;
  readonly trustDomain?: string;
  readonly trustDomainAlias?: readonly string[];
  readonly at?: string;
  readonly ambient?: boolean;
  readonly output?: string;
}

const PROFILES = ["istiod-load", "peer-sidecar", "peer-ztunnel"] as const;

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new CliError(`${flag}: cannot read ${path}`, 2);
  }
}

/** Every certificate of a PEM text, as DER. */
function certificateDers(text: string): Uint8Array[] {
  return parsePem(text)
    .blocks.filter((b) => b.label === "CERTIFICATE")
    .map((b) => b.der);
}

/** Peer check: the given leaf, or a probe leaf issued from the bundle's own CA, against the peer's roots. */
function peerFindings(
  dir: string,
  profile: "sidecar" | "ztunnel",
  options: VerifyOptions,
  at: Date,
): PkiFinding[] {
  const bundle = readBundleDir(dir);
  const trustDomain = options.trustDomain ?? "cluster.local";
  const roots = options.peerRoot
    ? readText(options.peerRoot, "--peer-root")
    : (bundle.files["root-cert.pem"] ?? bundle.files["ca.crt"]);
  if (roots === undefined) throw new CliError(`${dir} has no root-cert.pem; pass --peer-root <pem>`, 2);
  let leaf: CertificateInput;
  let chain: readonly CertificateInput[];
  if (options.leaf) {
    leaf = readText(options.leaf, "--leaf");
    chain = options.leafChain ? certificateDers(readText(options.leafChain, "--leaf-chain")) : [];
  } else {
    const loaded = loadCaMaterial(bundle.files);
    const material = loaded.material;
    if (!material?.caKey) return [...bundle.findings, ...loaded.findings];
    const issued = issueWorkloadCertificate(
      compileLeafIssuer(material.caCert, material.caKey),
      material.chain.filter((c) => c.fingerprint !== material.caCert.fingerprint),
      options.expectSan ?? workloadSpiffeId(trustDomain, "default", "default"),
      at,
    );
    if (!issued.ok) return [...issued.findings];
    leaf = issued.value.certificate;
    chain = issued.value.chain;
  }
  const verdict = validatePeer({
    profile,
    trustBundle: roots,
    leaf,
    chain,
    ...(options.expectSan ? { expectedSan: options.expectSan } : {}),
    trustDomain,
    trustDomainAliases: options.trustDomainAlias ?? [],
    at,
  });
  return [...verdict.findings];
}

/**
 * `certs verify <dir>`: would istiod load this cacerts (default), or would a sidecar / ztunnel peer
 * accept a leaf issued under it (or the given `--leaf`)? Exit 0 without error findings, 1 with, 2 on
 * usage errors.
 */
export function runVerify(dir: string, options: VerifyOptions): number {
  const format = outputFormat(options.output);
  const profile = options.profile ?? "istiod-load";
  if (!(PROFILES as readonly string[]).includes(profile)) {
    throw new CliError(`--profile "${profile}" is not one of ${PROFILES.join(", ")}`, 2);
  }
  const at = parseAt(options.at);
  let findings: PkiFinding[];
  if (profile === "istiod-load") {
    const bundle = readBundleDir(dir);
    if (bundle.findings.some((f) => f.name === "FILE_UNREADABLE" && f.file === dir)) {
      throw new CliError(bundle.findings[0]!.message, 2);
    }
    const result = validateIstiodLoad({
      files: bundle.files,
      at,
      ...(options.ambient ? { ambient: true } : {}),
      ...(options.trustDomain ? { trustDomain: options.trustDomain } : {}),
    });
    findings = [...bundle.findings, ...result.findings];
  } else {
    findings = peerFindings(dir, profile === "peer-sidecar" ? "sidecar" : "ztunnel", options, at);
  }
  const ok = !findings.some((f) => f.severity === "error");
  process.stdout.write(
    renderFindings(findings, format, `${join(dir)}: ${ok ? "accepted" : "rejected"} (${profile})`, {
      profile,
    }),
  );
  return ok ? 0 : 1;
}
