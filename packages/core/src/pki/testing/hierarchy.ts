/**
 * Test fixtures: small hierarchies generated in-process with P-256 keys, a frozen clock and
 * seeded serials, so every failure class of pki.md §5 can be built in milliseconds. Test-only:
 * not exported from the package.
 */
import { bundleOf, toCacertsFiles } from "../bundle/ca-bundle";
import type { BundleFiles } from "../bundle/layouts";
import type { KeySpec } from "../crypto/key-spec";
import { cryptoProvider } from "../crypto/provider";
import { seededSerials } from "../crypto/serial-numbers";
import {
  createRootAuthority,
  createSubordinateAuthority,
  type GenerationContext,
} from "../generate/authorities";
import { type CaTemplate, intermediateTemplate, rootTemplate } from "../generate/ca-template";
import type { CertificateAuthority } from "../generate/certificate-authority";
import { compileLeafIssuer } from "../generate/leaf-issuer";
import { issueWorkloadCertificate, type WorkloadCertificate } from "../generate/workload-certificate";
import { createTrustBundle, type TrustBundle } from "../validate/trust-bundle";

/** The frozen "now" of the PKI tests. */
export const AT = new Date("2026-01-15T00:00:00Z");
/** CAs in the fixtures start a day before AT. */
export const CA_START = new Date(AT.getTime() - 86_400_000);
/** The default workload identity of the fixtures. */
export const SPIFFE = "spiffe://cluster.local/ns/default/sa/sleep";

/** A deterministic generation context. */
export function testContext(seed = 7): GenerationContext {
  return { crypto: cryptoProvider(), serials: seededSerials(seed) };
}

/** How to shape a fixture hierarchy. */
export interface HierarchyShape {
  readonly root?: (template: CaTemplate) => CaTemplate;
  /** One entry per CA level below the root; the last is the cluster CA. Default: one level. */
  readonly levels?: readonly ((template: CaTemplate) => CaTemplate)[];
  readonly keySpec?: KeySpec;
  readonly leafKeySpec?: KeySpec;
  readonly spiffeId?: string;
  readonly seed?: number;
  /** An existing root to issue under. */
  readonly existingRoot?: CertificateAuthority;
}

/** A fixture hierarchy: root, CAs (root side first), a workload leaf and the cluster CA's cacerts files. */
export interface Hierarchy {
  readonly root: CertificateAuthority;
  readonly cas: readonly CertificateAuthority[];
  readonly clusterCa: CertificateAuthority;
  readonly leaf: WorkloadCertificate;
  readonly files: BundleFiles;
  readonly trustBundle: TrustBundle;
}

const identity = (t: CaTemplate): CaTemplate => t;

/** Builds root → level CAs → workload leaf. */
export async function buildHierarchy(shape: HierarchyShape = {}): Promise<Hierarchy> {
  const context = testContext(shape.seed);
  const spec = shape.keySpec ?? "ecdsa-p256";
  const root =
    shape.existingRoot ??
    (await createRootAuthority((shape.root ?? identity)(rootTemplate(CA_START)), spec, context));
  const levels = shape.levels ?? [identity];
  const cas: CertificateAuthority[] = [];
  let parent = root;
  for (const [index, level] of levels.entries()) {
    const defaults = intermediateTemplate(
      index === levels.length - 1 ? "cluster1" : `level${index}`,
      CA_START,
    );
    const ca = await createSubordinateAuthority(
      parent,
      level(
        index < levels.length - 1
          ? { ...defaults, basicConstraints: { ca: true, critical: true } }
          : defaults,
      ),
      shape.leafKeySpec ?? spec,
      context,
    );
    cas.push(ca);
    parent = ca;
  }
  const clusterCa = cas[cas.length - 1] ?? root;
  const issued = issueWorkloadCertificate(
    compileLeafIssuer(clusterCa.certificate, clusterCa.privateKey),
    clusterCa.chain,
    shape.spiffeId ?? SPIFFE,
    AT,
    {
      serials: context.serials,
    },
  );
  if (!issued.ok) throw new Error(`fixture leaf: ${issued.findings.map((f) => f.message).join("; ")}`);
  return {
    root,
    cas,
    clusterCa,
    leaf: issued.value,
    files: toCacertsFiles(bundleOf(clusterCa)),
    trustBundle: createTrustBundle([root.certificate]),
  };
}
