import { type PeerProfile, type PkiFinding, validatePeer, type WorkloadCertificate } from "@meshwright/core";
import type { FAILURES } from "../trace/failures";
import { type ClusterTrust, inTrustDomain } from "./cluster-trust";

/** One TLS (or HBONE) session to check: who holds which identity in which cluster, and who expects what. */
export interface SessionToVerify {
  readonly client: { readonly cluster: string; readonly identity: string; readonly profile: PeerProfile };
  readonly server: { readonly cluster: string; readonly identity: string; readonly profile: PeerProfile };
  /** SANs the client accepts for the server (sidecar: the service's accounts; ztunnel: the expected identity). */
  readonly clientExpects: readonly string[];
}

/** The verdict of both handshake directions. */
export interface SessionVerdict {
  readonly ok: boolean;
  readonly detail: string;
  /** The failure class and why, when a side rejects the other. */
  readonly failure?: { readonly name: keyof typeof FAILURES; readonly reason: string };
  readonly findings: readonly PkiFinding[];
}

/**
 * Checks a session the way the two proxies would, with the certificates the mesh really issues:
 * the client validates the server's chain against its own cluster's roots and the expected SANs
 * (outbound), then the server validates the client's chain against its roots and trust domains
 * (inbound). Sidecars are Envoy/BoringSSL, ztunnel is rustls-webpki (pki.md §2.3).
 */
export function verifySession(
  session: SessionToVerify,
  trustOf: (cluster: string) => ClusterTrust | undefined,
  at: Date,
): SessionVerdict {
  const clientTrust = trustOf(session.client.cluster);
  const serverTrust = trustOf(session.server.cluster);
  if (!clientTrust || !serverTrust) {
    const missing = !clientTrust ? session.client.cluster : session.server.cluster;
    return { ok: true, detail: `not checked: no CA material for ${missing}`, findings: [] };
  }
  const serverLeaf = clientCannotIssue(serverTrust.leaf(session.server.identity));
  const clientLeaf = clientCannotIssue(clientTrust.leaf(session.client.identity));
  if ("findings" in serverLeaf || "findings" in clientLeaf) {
    const findings = [
      ...("findings" in serverLeaf ? serverLeaf.findings : []),
      ...("findings" in clientLeaf ? clientLeaf.findings : []),
    ];
    return {
      ok: false,
      detail: `istiod cannot issue the certificate: ${findings.map((f) => f.message).join("; ")}`,
      failure: {
        name: "TLS_UNKNOWN_CA",
        reason: `istiod cannot sign workload certificates: ${findings.map((f) => `${f.name}: ${f.message}`).join("; ")}`,
      },
      findings,
    };
  }
  const outbound = validatePeer({
    profile: session.client.profile,
    trustBundle: clientTrust.trustBundle,
    leaf: serverLeaf.leaf.certificate,
    chain: serverLeaf.leaf.chain,
    expectedSan: expectedSans(session, clientTrust),
    trustDomain: clientTrust.trustDomain,
    trustDomainAliases: clientTrust.trustDomainAliases,
    at,
    direction: "outbound",
    cluster: session.client.cluster,
  });
  if (!outbound.ok) {
    const errors = outbound.findings.filter((f) => f.severity === "error");
    const san = errors.some((f) => f.name === "SAN_MISMATCH" || f.name === "TRUST_DOMAIN_MISMATCH");
    const name: keyof typeof FAILURES =
      session.client.profile === "ztunnel"
        ? san
          ? "ZTUNNEL_SAN_MISMATCH"
          : "ZTUNNEL_UNKNOWN_ISSUER"
        : san
          ? "TLS_SAN_MISMATCH"
          : "TLS_UNKNOWN_CA";
    return {
      ok: false,
      detail: `the client (${session.client.cluster}) rejects the server's certificate`,
      failure: {
        name,
        reason: `${session.client.cluster} rejects ${serverLeaf.leaf.spiffeId}: ${describe(errors)}`,
      },
      findings: outbound.findings,
    };
  }
  const inbound = validatePeer({
    profile: session.server.profile,
    trustBundle: serverTrust.trustBundle,
    leaf: clientLeaf.leaf.certificate,
    chain: clientLeaf.leaf.chain,
    trustDomain: serverTrust.trustDomain,
    trustDomainAliases: serverTrust.trustDomainAliases,
    at,
    direction: "inbound",
    cluster: session.server.cluster,
  });
  if (!inbound.ok) {
    const errors = inbound.findings.filter((f) => f.severity === "error");
    const trustDomain = errors.some((f) => f.name === "TRUST_DOMAIN_MISMATCH");
    const name: keyof typeof FAILURES =
      session.server.profile === "ztunnel"
        ? trustDomain
          ? "TLS_TRUST_DOMAIN_REJECTED"
          : "ZTUNNEL_UNKNOWN_ISSUER"
        : "TLS_CLIENT_REJECTED";
    return {
      ok: false,
      detail: `the server (${session.server.cluster}) rejects the client's certificate`,
      failure: {
        name,
        reason: `${session.server.cluster} rejects ${clientLeaf.leaf.spiffeId}: ${describe(errors)}`,
      },
      findings: inbound.findings,
    };
  }
  return {
    ok: true,
    detail: `both sides verified: ${serverLeaf.leaf.spiffeId} (chain to ${session.client.cluster}'s roots), ${clientLeaf.leaf.spiffeId} (chain to ${session.server.cluster}'s roots)`,
    findings: [],
  };
}

/**
 * The SANs the client's proxy matches: its istiod mints the destination's identities with its own
 * trust domain; sidecars also accept every alias (`ExpandWithTrustDomains`), ztunnel does not.
 */
function expectedSans(session: SessionToVerify, trust: ClusterTrust): string[] {
  const domains =
    session.client.profile === "sidecar"
      ? [trust.trustDomain, ...trust.trustDomainAliases]
      : [trust.trustDomain];
  return [...new Set(session.clientExpects.flatMap((san) => domains.map((td) => inTrustDomain(san, td))))];
}

function clientCannotIssue(
  leaf: WorkloadCertificate | readonly PkiFinding[],
): { leaf: WorkloadCertificate } | { findings: readonly PkiFinding[] } {
  return "spiffeId" in leaf ? { leaf } : { findings: leaf as readonly PkiFinding[] };
}

function describe(findings: readonly PkiFinding[]): string {
  return findings.map((f) => `${f.name} (${f.code}): ${f.symptom ?? f.message}`).join("; ");
}
