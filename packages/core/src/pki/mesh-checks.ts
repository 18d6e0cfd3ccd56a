import type { Cluster, Mesh } from "../model";
import type { BundleFiles } from "./bundle/layouts";
import { type PkiFinding, pkiFinding } from "./finding";
import { compileLeafIssuer } from "./generate/leaf-issuer";
import { workloadSpiffeId } from "./generate/spiffe";
import { issueWorkloadCertificate } from "./generate/workload-certificate";
import type { CaMaterial } from "./import/ca-material";
import { validateIstiodLoad } from "./profiles/istiod-load";
import { validatePeer } from "./profiles/peer";
import { type CertificateCache, sharedCertificateCache } from "./validate/certificate-cache";
import { createTrustBundle } from "./validate/trust-bundle";

/** What meshwright knows about one cluster's CA. */
export interface ClusterPkiInput {
  readonly cluster: string;
  /** The cluster's plug-in CA files; absent when none is mounted (istiod then self-signs). */
  readonly files?: BundleFiles;
  /** The trust domain this cluster's istiod runs with (default: the mesh's). */
  readonly trustDomain?: string;
  /** Ambient workloads run here (default: derived from the mesh's workloads and gateways). */
  readonly ambient?: boolean;
}

/** The part of the Mesh model the PKI checks read. */
export type MeshPkiView = Pick<Mesh, "trustDomain" | "trustDomainAliases"> & {
  readonly clusters: readonly (Pick<Cluster, "name"> & Partial<Pick<Cluster, "workloads" | "gateways">>)[];
};

/** Options of `checkMeshPki`. */
export interface MeshPkiCheckOptions {
  readonly at: Date | number;
  /** Warn when an intermediate or root expires within this many days (default 90). */
  readonly expiryHorizonDays?: number;
  readonly cache?: CertificateCache;
}

interface Loaded {
  readonly input: ClusterPkiInput;
  readonly trustDomain: string;
  readonly ambient: boolean;
  readonly material?: CaMaterial;
}

function clusterIsAmbient(view: MeshPkiView, name: string): boolean {
  const cluster = view.clusters.find((c) => c.name === name);
  return Boolean(
    cluster?.workloads?.some((w) => w.dataplane === "ambient") ||
      cluster?.gateways?.some((g) => g.kind === "ambient"),
  );
}

function rootMismatchFindings(loaded: readonly Loaded[]): { findings: PkiFinding[]; disjoint: Set<string> } {
  const findings: PkiFinding[] = [];
  const disjoint = new Set<string>();
  for (let i = 0; i < loaded.length; i++) {
    for (let j = i + 1; j < loaded.length; j++) {
      const a = loaded[i]!;
      const b = loaded[j]!;
      if (!a.material || !b.material) continue;
      const fingerprints = new Set(a.material.roots.map((r) => r.fingerprint));
      if (b.material.roots.some((r) => fingerprints.has(r.fingerprint))) continue;
      disjoint.add(`${a.input.cluster}|${b.input.cluster}`).add(`${b.input.cluster}|${a.input.cluster}`);
      const sameSubject = a.material.roots.some((ra) =>
        b.material!.roots.some((rb) => ra.subject.key === rb.subject.key),
      );
      findings.push(
        pkiFinding("ROOT_MISMATCH", {
          message: `clusters "${a.input.cluster}" and "${b.input.cluster}" share no root${sameSubject ? ` — their roots have the same subject "${a.material.roots[0]!.subject.text}" but different keys, so comparing subjects (as the seed's troubleshooting step does) cannot tell them apart` : ""}`,
          symptom:
            "cross-cluster only: Envoy client CERTIFICATE_VERIFY_FAILED, server TLSV1_ALERT_UNKNOWN_CA; ztunnel invalid peer certificate: UnknownIssuer",
          expected: a.material.roots.map((r) => `sha256:${r.fingerprint}`).join(", "),
          found: b.material.roots.map((r) => `sha256:${r.fingerprint}`).join(", "),
          cluster: b.input.cluster,
        }),
      );
    }
  }
  return { findings, disjoint };
}

function trustDomainFindings(view: MeshPkiView, loaded: readonly Loaded[]): PkiFinding[] {
  const ambientMesh = loaded.some((l) => l.ambient);
  return loaded
    .filter((l) => l.trustDomain !== view.trustDomain)
    .flatMap((l) => {
      const aliased = view.trustDomainAliases.includes(l.trustDomain);
      if (aliased && !ambientMesh) return [];
      return [
        pkiFinding("TRUST_DOMAIN_MISMATCH", {
          severity: ambientMesh ? "error" : "warning",
          message: ambientMesh
            ? `cluster "${l.input.cluster}" runs trust domain "${l.trustDomain}", the mesh "${view.trustDomain}": ztunnel accepts only its own trust domain (no aliases), so ambient traffic between them fails`
            : `cluster "${l.input.cluster}" runs trust domain "${l.trustDomain}", the mesh "${view.trustDomain}": sidecars reject its workloads unless "${l.trustDomain}" is in trustDomainAliases (AuthorizationPolicy principals differ too)`,
          symptom: ambientMesh
            ? `identity verification error: peer did not present the expected trustdomain (${view.trustDomain}), got ${l.trustDomain}`
            : "TLS error: CERTIFICATE_VERIFY_FAILED (stat ssl.fail_verify_san)",
          expected: view.trustDomain,
          found: l.trustDomain,
          cluster: l.input.cluster,
        }),
      ];
    });
}

function sharedIntermediateFindings(loaded: readonly Loaded[]): PkiFinding[] {
  const byFingerprint = new Map<string, string[]>();
  const bySubject = new Map<string, string[]>();
  for (const l of loaded) {
    if (!l.material) continue;
    const { fingerprint, subject } = l.material.caCert;
    byFingerprint.set(fingerprint, [...(byFingerprint.get(fingerprint) ?? []), l.input.cluster]);
    bySubject.set(subject.key, [...(bySubject.get(subject.key) ?? []), l.input.cluster]);
  }
  const findings: PkiFinding[] = [];
  for (const clusters of byFingerprint.values()) {
    if (clusters.length < 2) continue;
    findings.push(
      pkiFinding("INTERMEDIATE_SHARED", {
        message: `clusters ${clusters.map((c) => `"${c}"`).join(", ")} use the same intermediate CA certificate and key`,
        found: clusters.join(", "),
      }),
    );
  }
  for (const [subjectKey, clusters] of bySubject) {
    const material = loaded.find((l) => l.material?.caCert.subject.key === subjectKey)!.material!;
    const distinct = new Set(
      loaded.filter((l) => clusters.includes(l.input.cluster)).map((l) => l.material!.caCert.fingerprint),
    );
    if (clusters.length < 2 || distinct.size < 2) continue;
    findings.push(
      pkiFinding("INTERMEDIATE_SHARED", {
        message: `clusters ${clusters.map((c) => `"${c}"`).join(", ")} have different intermediates with the same subject "${material.caCert.subject.text}": give each its own (L=<cluster>) so certificates and logs say which cluster issued them`,
        found: clusters.join(", "),
      }),
    );
  }
  return findings;
}

/** Issues a leaf under `from`'s CA and validates it the way `to`'s proxies would. */
function crossClusterFindings(
  view: MeshPkiView,
  loaded: readonly Loaded[],
  skip: ReadonlySet<string>,
  at: Date,
  cache: CertificateCache,
): PkiFinding[] {
  const findings: PkiFinding[] = [];
  for (const from of loaded) {
    const material = from.material;
    if (!material?.caKey) continue;
    const issued = issueWorkloadCertificate(
      compileLeafIssuer(material.caCert, material.caKey),
      material.chain.filter((c) => c.fingerprint !== material.caCert.fingerprint),
      workloadSpiffeId(from.trustDomain, "default", "meshwright-probe"),
      at,
    );
    if (!issued.ok) continue;
    for (const to of loaded) {
      if (to === from || !to.material || skip.has(`${from.input.cluster}|${to.input.cluster}`)) continue;
      const verdict = validatePeer({
        profile: to.ambient ? "ztunnel" : "sidecar",
        trustBundle: createTrustBundle(to.material.roots, cache),
        leaf: issued.value.certificate,
        chain: issued.value.chain,
        trustDomain: to.trustDomain,
        trustDomainAliases: view.trustDomainAliases,
        at,
        cache,
        cluster: to.input.cluster,
      });
      const first = verdict.findings.find(
        (f) => f.severity === "error" && f.name !== "TRUST_DOMAIN_MISMATCH",
      );
      if (first) {
        findings.push({
          ...first,
          message: `workloads of "${from.input.cluster}" cannot reach "${to.input.cluster}": ${first.message}`,
        });
      }
    }
  }
  return findings;
}

/**
 * Mesh-wide PKI checks: every cluster's bundle as istiod loads it, roots compared by SHA-256
 * fingerprint across clusters (never by subject: two Makefile runs both say `O=Istio, CN=Root CA`),
 * trust domains (an error when ambient is involved, sidecars can use aliases), one intermediate
 * per cluster, expiry horizons, and finally a real cross-cluster handshake check: a leaf issued in
 * each cluster validated by every other cluster's proxies.
 */
export function checkMeshPki(
  view: MeshPkiView,
  inputs: readonly ClusterPkiInput[],
  options: MeshPkiCheckOptions,
): PkiFinding[] {
  const at = new Date(options.at);
  const cache = options.cache ?? sharedCertificateCache;
  const findings: PkiFinding[] = [];
  const byName = new Map(inputs.map((input) => [input.cluster, input]));
  const loaded: Loaded[] = [];
  for (const cluster of view.clusters) {
    const input = byName.get(cluster.name) ?? { cluster: cluster.name };
    const trustDomain = input.trustDomain ?? view.trustDomain;
    const ambient = input.ambient ?? clusterIsAmbient(view, cluster.name);
    if (!input.files) {
      findings.push(
        pkiFinding("SELF_SIGNED_FALLBACK", {
          component: "istiod",
          severity: view.clusters.length > 1 ? "error" : "warning",
          message: `cluster "${cluster.name}" has no plug-in CA: its istiod creates its own root (O=${trustDomain}), unrelated to every other cluster's`,
          symptom: "Use self-signed certificate as the CA certificate",
          cluster: cluster.name,
        }),
      );
      loaded.push({ input, trustDomain, ambient });
      continue;
    }
    const result = validateIstiodLoad({
      files: input.files,
      at,
      ambient,
      trustDomain,
      expiryHorizonDays: options.expiryHorizonDays ?? 90,
      cluster: cluster.name,
      cache,
    });
    findings.push(...result.findings);
    loaded.push({ input, trustDomain, ambient, ...(result.material ? { material: result.material } : {}) });
  }
  const roots = rootMismatchFindings(loaded);
  findings.push(
    ...roots.findings,
    ...trustDomainFindings(view, loaded),
    ...sharedIntermediateFindings(loaded),
  );
  findings.push(...crossClusterFindings(view, loaded, roots.disjoint, at, cache));
  return findings;
}
