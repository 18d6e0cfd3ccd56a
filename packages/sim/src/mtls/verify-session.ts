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
  // Outbound: the client validates the server (serverAuth, exact SAN); inbound: the server
  // validates the client (clientAuth, trust domain only).
  const outbound = judge(
    session.client,
    clientTrust,
    serverLeaf.leaf,
    "outbound",
    at,
    expectedSans(session, clientTrust),
  );
  if (outbound) return outbound;
  const inbound = judge(session.server, serverTrust, clientLeaf.leaf, "inbound", at);
  if (inbound) return inbound;
  return {
    ok: true,
    detail: `both sides verified: ${serverLeaf.leaf.spiffeId} (chain to ${session.client.cluster}'s roots), ${clientLeaf.leaf.spiffeId} (chain to ${session.server.cluster}'s roots)`,
    findings: [],
  };
}

/**
 * One side's validation of its peer's certificate; undefined when it accepts. The failure class
 * follows what that side's proxy shows: Envoy `CERTIFICATE_VERIFY_FAILED` / SAN failure as a client,
 * `TLSV1_ALERT_UNKNOWN_CA` seen by the client when Envoy rejects it as a server; ztunnel
 * `UnknownIssuer`, SAN or trust-domain errors (pki.md §2.3).
 */
function judge(
  side: SessionToVerify["client"],
  trust: ClusterTrust,
  peer: WorkloadCertificate,
  direction: "outbound" | "inbound",
  at: Date,
  expectedSan?: readonly string[],
): SessionVerdict | undefined {
  const result = validatePeer({
    profile: side.profile,
    trustBundle: trust.trustBundle,
    leaf: peer.certificate,
    chain: peer.chain,
    ...(expectedSan ? { expectedSan } : {}),
    trustDomain: trust.trustDomain,
    trustDomainAliases: trust.trustDomainAliases,
    at,
    direction,
    cluster: side.cluster,
  });
  if (result.ok) return undefined;
  const errors = result.findings.filter((f) => f.severity === "error");
  const identity = errors.some((f) => f.name === "SAN_MISMATCH" || f.name === "TRUST_DOMAIN_MISMATCH");
  const name: keyof typeof FAILURES =
    direction === "outbound"
      ? side.profile === "ztunnel"
        ? identity
          ? "ZTUNNEL_SAN_MISMATCH"
          : "ZTUNNEL_UNKNOWN_ISSUER"
        : identity
          ? "TLS_SAN_MISMATCH"
          : "TLS_UNKNOWN_CA"
      : side.profile === "ztunnel"
        ? identity
          ? "TLS_TRUST_DOMAIN_REJECTED"
          : "ZTUNNEL_UNKNOWN_ISSUER"
        : "TLS_CLIENT_REJECTED";
  const role = direction === "outbound" ? "client" : "server";
  return {
    ok: false,
    detail: `the ${role} (${side.cluster}) rejects the ${direction === "outbound" ? "server" : "client"}'s certificate`,
    failure: { name, reason: `${side.cluster} rejects ${peer.spiffeId}: ${describe(errors)}` },
    findings: result.findings,
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
