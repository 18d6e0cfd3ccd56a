import type { BundleFiles } from "../bundle/layouts";
import { detectLayout } from "../bundle/layouts";
import { bytesEqual } from "../der/reader";
import { hasPkiErrors, type PkiFinding, pkiFinding } from "../finding";
import { compileLeafIssuer } from "../generate/leaf-issuer";
import { workloadSpiffeId } from "../generate/spiffe";
import { issueWorkloadCertificate } from "../generate/workload-certificate";
import {
  type CaMaterial,
  incompleteBundleFinding,
  loadCaMaterial,
  missingBundleFiles,
} from "../import/ca-material";
import { type CertificateCache, sharedCertificateCache } from "../validate/certificate-cache";
import { ISTIOD_LOAD_POLICY } from "../validate/chain-policy";
import { verifySignature } from "../validate/signature";
import { createTrustBundle } from "../validate/trust-bundle";
import { type ChainVerification, verifyChain } from "../validate/verify-chain";
import type { CertificateRole } from "./certificate-role";
import { expiryHorizonFinding } from "./expiry";
import { validatePeer } from "./peer";
import { findingsFromVerification } from "./problem-findings";

/** What to check: a cluster's plug-in CA files. */
export interface IstiodLoadRequest {
  readonly files: BundleFiles;
  readonly at: Date | number;
  /** Some workloads run in ambient mode: ztunnel-only rejections are errors rather than warnings. */
  readonly ambient?: boolean;
  /** Trust domain of the probe leaf issued to test the data plane (default `cluster.local`). */
  readonly trustDomain?: string;
  /** Warn when a CA expires within this many days (default 30). */
  readonly expiryHorizonDays?: number;
  readonly cluster?: string;
  readonly cache?: CertificateCache;
}

/** Would istiod start, and would peers accept what it then issues? */
export interface IstiodLoadResult {
  /** istiod (1.27+) would create its CA from these files. */
  readonly loads: boolean;
  /** No error findings: it loads and every peer accepts the leaves it issues. */
  readonly ok: boolean;
  readonly findings: readonly PkiFinding[];
  readonly material?: CaMaterial;
}

const ISTIOD_PREFIX = "failed to create CA: failed to create an istiod CA:";

/** Role by position when ca-cert.pem is the leaf of the verification. */
function loadRoleAt(index: number, verification: ChainVerification): CertificateRole {
  const top = index === verification.path.length - 1 && index > 0;
  return top && (verification.anchored || verification.path[index]!.selfIssued) ? "root" : "intermediate";
}

function notCaFinding(material: CaMaterial, cluster?: string): PkiFinding | undefined {
  const cert = material.caCert;
  if (cert.basicConstraints?.ca) return undefined;
  const why =
    cert.version < 3
      ? "is a version-1 certificate with no extensions (the plain `openssl x509 -req` recipe without -extfile)"
      : cert.basicConstraints
        ? "has basicConstraints CA:FALSE"
        : "has no basicConstraints extension";
  return pkiFinding("INTERMEDIATE_NOT_CA", {
    component: "istiod",
    message: `${material.layout.signingCert} "${cert.subject.text}" ${why}: istiod refuses to use it as a CA`,
    symptom: `${ISTIOD_PREFIX} certificate is not authorized to sign other certificates`,
    expected: "basicConstraints: critical, CA:TRUE",
    found:
      cert.version < 3
        ? `version ${cert.version}, no extensions`
        : JSON.stringify(cert.basicConstraints ?? null),
    certificate: cert,
    ...(cluster ? { cluster } : {}),
  });
}

function keyMismatchFinding(material: CaMaterial, cluster?: string): PkiFinding | undefined {
  if (!material.caKey || bytesEqual(material.caKey.publicKeySpki(), material.caCert.spki)) return undefined;
  return pkiFinding("CA_KEY_MISMATCH", {
    component: "istiod",
    message: `${material.layout.signingKey} holds a different key than the one certified by ${material.layout.signingCert}`,
    symptom: `${ISTIOD_PREFIX} failed to create CA KeyCertBundle (the cert does not match the key: tls: private key does not match public key)`,
    certificate: material.caCert,
    ...(cluster ? { cluster } : {}),
  });
}

function chainHeadFindings(material: CaMaterial, at: number, cluster?: string): PkiFinding[] {
  const head = material.chainHead;
  if (!head) return [];
  const findings: PkiFinding[] = [];
  const where = cluster ? { cluster } : {};
  if (head.notAfter < at) {
    findings.push(
      pkiFinding("CHAIN_HEAD_EXPIRED", {
        component: "istiod",
        message: `the first certificate of ${material.layout.chain[0]} ("${head.subject.text}") has expired; istiod's minTTL check fails`,
        symptom: `${ISTIOD_PREFIX} failed to get default cert TTL cert chain has expired`,
        certificate: head,
        ...where,
      }),
    );
  }
  if (head.fingerprint !== material.caCert.fingerprint) {
    findings.push(
      pkiFinding("CHAIN_ORDER", {
        message: `${material.layout.chain[0]} starts with "${head.subject.text}", not ${material.layout.signingCert}: istiod still loads (pools are unordered) but its minTTL and citadel_server_cert_chain_expiry metrics read that certificate`,
        expected: `${material.layout.signingCert} first, root last`,
        found: head.subject.text,
        certificate: head,
        ...where,
      }),
    );
  }
  return findings;
}

function rootFileFindings(material: CaMaterial, cluster?: string): PkiFinding[] {
  const where = cluster ? { cluster } : {};
  const findings: PkiFinding[] = material.roots
    .filter((root) => !root.selfIssued || !verifySignature(root, root).ok)
    .map((root) =>
      pkiFinding("ROOT_NOT_SELF_SIGNED", {
        message: `${material.layout.root} holds "${root.subject.text}", issued by "${root.issuer.text}": istiod loads it and same-cluster traffic works, but peers in other clusters trust only their own CA, so cross-cluster mTLS fails`,
        symptom: "TLSV1_ALERT_UNKNOWN_CA on the server side, CERTIFICATE_VERIFY_FAILED on the client",
        certificate: root,
        ...where,
      }),
    );
  if (material.roots.length > 1) {
    findings.push(
      pkiFinding("ROOT_BUNDLE", {
        message: `${material.layout.root} holds ${material.roots.length} roots (${material.roots.map((r) => r.subject.text).join("; ")}): peers accept leaves chaining to any of them`,
        ...where,
      }),
    );
  }
  return findings;
}

/** Issues one leaf under the bundle and validates it with both data-plane profiles. */
function probeDataPlane(
  material: CaMaterial,
  request: IstiodLoadRequest,
  known: readonly PkiFinding[],
): PkiFinding[] {
  if (!material.caKey) return [];
  const at = new Date(request.at);
  const issued = issueWorkloadCertificate(
    compileLeafIssuer(material.caCert, material.caKey),
    material.chain.filter((c) => c.fingerprint !== material.caCert.fingerprint),
    workloadSpiffeId(request.trustDomain ?? "cluster.local", "istio-system", "meshwright-probe"),
    at,
  );
  if (!issued.ok) return [];
  const seen = new Set(known.map((f) => `${f.name}/${f.certificate?.fingerprint}`));
  const out: PkiFinding[] = [];
  for (const profile of ["sidecar", "ztunnel"] as const) {
    const verdict = validatePeer({
      profile,
      trustBundle: material.roots,
      leaf: issued.value.certificate,
      chain: issued.value.chain,
      trustDomain: request.trustDomain ?? "cluster.local",
      at,
      ...(request.cache ? { cache: request.cache } : {}),
    });
    for (const finding of verdict.findings) {
      const key = `${finding.name}/${finding.certificate?.fingerprint}`;
      if (seen.has(key) || finding.severity === "info") continue;
      seen.add(key);
      if (finding.severity === "warning") {
        out.push({ ...finding, ...(request.cluster ? { cluster: request.cluster } : {}) });
        continue;
      }
      const ztunnelOnly = profile === "ztunnel";
      const who = ztunnelOnly ? "ztunnel (ambient)" : "every Envoy sidecar and gateway";
      out.push({
        ...finding,
        severity: ztunnelOnly && !request.ambient ? "warning" : "error",
        message: `istiod loads this bundle, but ${who} rejects every workload certificate it issues: ${finding.message}`,
        ...(request.cluster ? { cluster: request.cluster } : {}),
      });
    }
  }
  return out;
}

/**
 * Would istiod (1.27+) start with these `cacerts` files, as `createIstioCA` and
 * `NewVerifiedKeyCertBundleFromFile` judge them (pki.md §2.1)? Completeness, key format, ca-cert
 * verified as a *leaf* against root-cert.pem with cert-chain.pem as intermediates (default EKU
 * serverAuth, validity now), key/cert match, IsCA, the chain head's expiry. Then, because istiod
 * accepts bundles whose leaves every peer rejects (pathLen, keyUsage, URI name constraints;
 * pki.md §0.2), a probe leaf is issued and validated with the sidecar and ztunnel profiles.
 */
export function validateIstiodLoad(request: IstiodLoadRequest): IstiodLoadResult {
  const cluster = request.cluster;
  const where = cluster ? { cluster } : {};
  const layout = detectLayout(request.files);
  const missing = missingBundleFiles(request.files, layout);
  const required = new Set([layout.signingKey, layout.signingCert, layout.root, ...layout.chain]);
  const present = Object.keys(request.files).filter((name) => required.has(name));
  if (present.length === 0) {
    const finding = pkiFinding("SELF_SIGNED_FALLBACK", {
      component: "istiod",
      message:
        "no plug-in CA files: istiod generates its own self-signed root (O=<trust domain>), different in every cluster",
      symptom: "Use self-signed certificate as the CA certificate",
      ...where,
    });
    return { loads: true, ok: true, findings: [finding] };
  }
  if (missing.length > 0) {
    const finding = incompleteBundleFinding(missing, present, cluster);
    return { loads: false, ok: false, findings: [finding] };
  }
  const cache = request.cache ?? sharedCertificateCache;
  const loaded = loadCaMaterial(request.files, cache);
  const findings: PkiFinding[] = loaded.findings.map((f) => ({ ...f, ...where }));
  const material = loaded.material;
  if (!material) return { loads: false, ok: false, findings };
  const at = typeof request.at === "number" ? request.at : request.at.getTime();
  const verification = verifyChain({
    leaf: material.caCert,
    intermediates: material.chain,
    bundle: createTrustBundle(material.roots, cache),
    at,
    policy: ISTIOD_LOAD_POLICY,
  });
  // RFC 5280 advisories are judged on the data-plane path (probe below), where ca-cert.pem is an issuer, not a leaf.
  findings.push(
    ...findingsFromVerification(verification, { component: "istiod", roleAt: loadRoleAt, ...where }).filter(
      (f) => f.name !== "RFC5280_VIOLATION",
    ),
  );
  for (const extra of [keyMismatchFinding(material, cluster), notCaFinding(material, cluster)]) {
    if (extra) findings.push(extra);
  }
  findings.push(...chainHeadFindings(material, at, cluster), ...rootFileFindings(material, cluster));
  const horizon = request.expiryHorizonDays ?? 30;
  for (const [certificate, role] of [
    [material.caCert, "intermediate"] as const,
    ...material.roots.map((r) => [r, "root"] as const),
  ]) {
    const soon = expiryHorizonFinding(certificate, role, at, horizon, cluster);
    if (soon) findings.push(soon);
  }
  const loads = !findings.some((f) => f.severity === "error" && f.component === "istiod");
  if (loads) findings.push(...probeDataPlane(material, request, findings));
  return { loads, ok: !hasPkiErrors(findings), findings, material };
}
