import type { ClusterCa } from "../generate/mesh-pki";
import type { CaMaterial } from "../import/ca-material";
import type { PrivateKeyHandle } from "../private-key";
import type { ParsedCertificate } from "../validate/asn1/certificate";

/** One generation of a cluster's signing CA in a rotation: certificate, key, issuers above it, its root. */
export interface RotationCa {
  readonly certificate: ParsedCertificate;
  readonly privateKey: PrivateKeyHandle;
  /** Issuers above `certificate`, root last. */
  readonly chain: readonly ParsedCertificate[];
  readonly root: ParsedCertificate;
}

/** A rotation CA from a generated cluster CA. */
export function rotationCaFromClusterCa(ca: ClusterCa): RotationCa {
  const chain = ca.authority.chain;
  return {
    certificate: ca.authority.certificate,
    privateKey: ca.authority.privateKey,
    chain,
    root: chain[chain.length - 1] ?? ca.authority.certificate,
  };
}

/** A rotation CA from imported files; undefined when the bundle has no usable key or root. */
export function rotationCaFromMaterial(material: CaMaterial): RotationCa | undefined {
  const root = material.roots.find((r) => r.selfIssued);
  if (!material.caKey || !root) return undefined;
  return {
    certificate: material.caCert,
    privateKey: material.caKey,
    chain: material.chain.filter((c) => c.fingerprint !== material.caCert.fingerprint),
    root,
  };
}
