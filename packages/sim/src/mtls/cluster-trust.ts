import {
  type CaMaterial,
  compileLeafIssuer,
  createTrustBundle,
  issueWorkloadCertificate,
  type LeafIssuer,
  type MeshPki,
  type ParsedCertificate,
  type PkiFinding,
  type TrustBundle,
  type WorkloadCertificate,
} from "@meshwright/core";

/**
 * What one cluster's istiod and proxies hold: the CA that signs their workload certificates (and
 * the chain istiod sends with each leaf), the roots its proxies trust, and its trust domain.
 */
export interface ClusterTrustSource {
  readonly issuer: LeafIssuer;
  /** Certificates sent after the leaf (cert-chain.pem: intermediate(s), then root). */
  readonly chain: readonly ParsedCertificate[];
  /** The root bundle its proxies trust (root-cert.pem; several roots during a rotation). */
  readonly trustBundle: TrustBundle;
  /** The istiod's trust domain (default: the mesh's). */
  readonly trustDomain?: string;
  /** The istiod's `trustDomainAliases` (default: the mesh's). */
  readonly trustDomainAliases?: readonly string[];
}

/** A cluster's trust as the simulator uses it: leaves are issued on demand and memoised. */
export class ClusterTrust {
  private readonly leaves = new Map<string, WorkloadCertificate | readonly PkiFinding[]>();

  constructor(
    readonly source: ClusterTrustSource,
    readonly trustDomain: string,
    readonly trustDomainAliases: readonly string[],
    private readonly at: Date,
  ) {}

  get trustBundle(): TrustBundle {
    return this.source.trustBundle;
  }

  /**
   * The certificate this cluster's CA issues for `identity` (rewritten into this cluster's trust
   * domain: istiod mints SPIFFE ids with its own, istio-semantics §2.7), or the findings that stop it.
   */
  leaf(identity: string): WorkloadCertificate | readonly PkiFinding[] {
    const spiffeId = inTrustDomain(identity, this.trustDomain);
    let leaf = this.leaves.get(spiffeId);
    if (leaf === undefined) {
      const issued = issueWorkloadCertificate(this.source.issuer, this.source.chain, spiffeId, this.at);
      leaf = issued.ok ? issued.value : issued.findings;
      this.leaves.set(spiffeId, leaf);
    }
    return leaf;
  }
}

/** `spiffe://<td>/ns/x/sa/y` with its trust domain replaced. */
export function inTrustDomain(identity: string, trustDomain: string): string {
  const match = /^spiffe:\/\/[^/]+(\/.*)$/.exec(identity);
  return match ? `spiffe://${trustDomain}${match[1]}` : identity;
}

/** Every cluster of a generated mesh PKI: one shared root, one intermediate per cluster. */
export function trustFromMeshPki(pki: MeshPki): Map<string, ClusterTrustSource> {
  return new Map(
    [...pki.clusters].map(([name, ca]) => [
      name,
      {
        issuer: ca.issuer,
        chain: ca.authority.chain,
        trustBundle: pki.trustBundle,
        trustDomain: pki.trustDomain,
      },
    ]),
  );
}

/**
 * A cluster's trust from its `cacerts` material (ca-cert.pem + ca-key.pem + cert-chain.pem +
 * root-cert.pem), as `certs generate` writes it or as imported from an existing bundle.
 */
export function trustFromCaMaterial(
  material: CaMaterial,
  trustDomain?: string,
): ClusterTrustSource | undefined {
  if (!material.caKey) return undefined;
  return {
    issuer: compileLeafIssuer(material.caCert, material.caKey),
    chain: material.chain.length > 0 ? material.chain : [material.caCert, ...material.roots],
    trustBundle: createTrustBundle(material.roots),
    ...(trustDomain ? { trustDomain } : {}),
  };
}
