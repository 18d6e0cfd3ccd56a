import { type BundleFiles, type BundleLayout, detectLayout } from "../bundle/layouts";
import { type PkiFinding, pkiFinding } from "../finding";
import type { PrivateKeyHandle } from "../private-key";
import type { ParsedCertificate } from "../validate/asn1/certificate";
import { type CertificateCache, sharedCertificateCache } from "../validate/certificate-cache";
import { readCertificateFile } from "./certificate-file";
import { type PrivateKeyFormat, parsePrivateKeyPem } from "./private-key";

/** A cluster's plug-in CA, parsed: what istiod would hold after reading its files. */
export interface CaMaterial {
  readonly layout: BundleLayout;
  readonly caCert: ParsedCertificate;
  readonly caKey?: PrivateKeyHandle;
  readonly keyFormat?: PrivateKeyFormat;
  /** Every certificate of the root file (several during a rotation). */
  readonly roots: readonly ParsedCertificate[];
  /** Every certificate of the chain files, in file order (istiod pools them, order irrelevant). */
  readonly chain: readonly ParsedCertificate[];
  /** First certificate of the first chain file: istiod's `minTTL` and expiry metrics read this one. */
  readonly chainHead?: ParsedCertificate;
}

/** Which of istiod's required files are present (`checkCABundleCompleteness`). */
export function missingBundleFiles(files: BundleFiles, layout: BundleLayout): string[] {
  const required = [layout.signingKey, layout.signingCert, layout.root, ...layout.chain];
  return [...new Set(required)].filter((name) => files[name] === undefined);
}

/**
 * Parses a bundle's files (Istio or kubernetes.io/tls layout). Returns whatever could be read and
 * a finding for every file that could not; `material` is absent only when the signing certificate
 * itself is unusable.
 */
export function loadCaMaterial(
  files: BundleFiles,
  cache: CertificateCache = sharedCertificateCache,
): { material?: CaMaterial; findings: PkiFinding[] } {
  const layout = detectLayout(files);
  const findings: PkiFinding[] = [];
  const read = (name: string): ParsedCertificate[] => {
    const text = files[name];
    if (text === undefined) return [];
    const result = readCertificateFile(text, name, cache);
    findings.push(...result.findings);
    return result.certificates;
  };
  const [caCert] = read(layout.signingCert);
  const roots = read(layout.root);
  const chainFiles = layout.chain.map((name) =>
    name === layout.signingCert ? (caCert ? [caCert] : []) : read(name),
  );
  const keyText = files[layout.signingKey];
  const key = keyText === undefined ? undefined : parsePrivateKeyPem(keyText, layout.signingKey);
  if (key) findings.push(...key.findings);
  if (!caCert) return { findings };
  const chain = chainFiles.flat();
  return {
    material: {
      layout,
      caCert,
      roots,
      chain,
      ...(chainFiles[0]?.[0] ? { chainHead: chainFiles[0][0] } : {}),
      ...(key?.key ? { caKey: key.key, keyFormat: key.format! } : {}),
    },
    findings,
  };
}

/** A finding for a bundle with some but not all of istiod's files (Istio ≥ 1.27, pki.md §2.1 step 1). */
export function incompleteBundleFinding(
  missing: readonly string[],
  present: readonly string[],
  cluster?: string,
): PkiFinding {
  return pkiFinding("CACERTS_INCOMPLETE", {
    component: "istiod",
    message: `the signing CA bundle has ${present.join(", ")} but lacks ${missing.join(", ")}`,
    symptom: "failed to create CA: failed to create an istiod CA: incomplete signing CA bundle detected",
    expected: "all of the layout's files",
    found: present.join(", "),
    ...(cluster ? { cluster } : {}),
  });
}
