import * as x509 from "@peculiar/x509";
import { describe, expect, it } from "vitest";
import { cryptoProvider } from "../crypto/provider";
import { seededSerials } from "../crypto/serial-numbers";
import type { WebCryptoKeyPair } from "../crypto/webcrypto-types";
import type { PkiFinding } from "../finding";
import { compileLeafIssuer } from "../generate/leaf-issuer";
import { issueWorkloadCertificate } from "../generate/workload-certificate";
import { AT, buildHierarchy, CA_START, SPIFFE } from "../testing/hierarchy";
import { parseCertificateDer } from "../validate/asn1/certificate";
import { CertificateCache } from "../validate/certificate-cache";
import { createTrustBundle } from "../validate/trust-bundle";
import { validatePeer } from "./peer";

const errors = (findings: readonly PkiFinding[]): string[] =>
  findings.filter((f) => f.severity === "error").map((f) => f.name);
const TD = "cluster.local";

describe("peer profiles (Envoy/BoringSSL sidecar, ztunnel/rustls-webpki)", () => {
  it("a generated leaf is accepted by both profiles, inbound and outbound", async () => {
    const h = await buildHierarchy();
    for (const profile of ["sidecar", "ztunnel"] as const) {
      for (const direction of ["inbound", "outbound"] as const) {
        const verdict = validatePeer({
          profile,
          direction,
          trustBundle: h.trustBundle,
          leaf: h.leaf.certificate,
          chain: h.leaf.chain,
          trustDomain: TD,
          expectedSan: SPIFFE,
          at: AT,
        });
        expect(verdict.findings).toEqual([]);
        expect(verdict.ok).toBe(true);
        expect(verdict.spiffeId).toBe(SPIFFE);
        expect(verdict.path.map((c) => c.subject.text)).toEqual([
          "",
          "O=Istio, CN=Intermediate CA, L=cluster1",
          "O=Istio, CN=Root CA",
        ]);
      }
    }
  });

  it("#1 different roots with the same subject (two Makefile runs) → ROOT_MISMATCH naming the verification failure", async () => {
    const a = await buildHierarchy();
    const b = await buildHierarchy({ seed: 11 });
    expect(a.root.certificate.subject.der).toEqual(b.root.certificate.subject.der);
    const verdict = validatePeer({
      profile: "sidecar",
      trustBundle: a.trustBundle,
      leaf: b.leaf.certificate,
      chain: b.leaf.chain,
      trustDomain: TD,
      at: AT,
    });
    expect(verdict.ok).toBe(false);
    const mismatch = verdict.findings.find((f) => f.name === "ROOT_MISMATCH");
    expect(mismatch?.symptom).toContain(
      'x509: certificate signed by unknown authority (possibly because of "x509: ECDSA verification failure"',
    );
    expect(mismatch?.message).toContain("same name");
  });

  it("#1 ztunnel reports an unknown root as UnknownIssuer", async () => {
    const a = await buildHierarchy();
    const b = await buildHierarchy({ seed: 12 });
    const verdict = validatePeer({
      profile: "ztunnel",
      trustBundle: a.trustBundle,
      leaf: b.leaf.certificate,
      chain: b.leaf.chain,
      trustDomain: TD,
      at: AT,
    });
    expect(verdict.findings[0]).toMatchObject({
      name: "ROOT_MISMATCH",
      symptom: "invalid peer certificate: UnknownIssuer",
    });
  });

  it("#11 verify.go isValid: pathlen:0 regional CA above the cluster CA → PATHLEN_VIOLATION for every peer", async () => {
    const h = await buildHierarchy({
      levels: [(t) => ({ ...t, basicConstraints: { ca: true, pathLen: 0, critical: true } }), (t) => t],
    });
    for (const profile of ["sidecar", "ztunnel"] as const) {
      const verdict = validatePeer({
        profile,
        trustBundle: h.trustBundle,
        leaf: h.leaf.certificate,
        chain: h.leaf.chain,
        trustDomain: TD,
        at: AT,
      });
      expect(errors(verdict.findings)).toEqual(["PATHLEN_VIOLATION"]);
    }
  });

  it("#12 TrustDomainsForValidation: sidecars accept trustDomainAliases, ztunnel only its own trust domain", async () => {
    const h = await buildHierarchy({ spiffeId: "spiffe://cluster2.local/ns/default/sa/sleep" });
    const base = {
      trustBundle: h.trustBundle,
      leaf: h.leaf.certificate,
      chain: h.leaf.chain,
      trustDomain: TD,
      at: AT,
    };
    expect(validatePeer({ ...base, profile: "sidecar" }).findings.map((f) => f.name)).toEqual([
      "TRUST_DOMAIN_MISMATCH",
    ]);
    expect(validatePeer({ ...base, profile: "sidecar", trustDomainAliases: ["cluster2.local"] }).ok).toBe(
      true,
    );
    const ztunnel = validatePeer({ ...base, profile: "ztunnel", trustDomainAliases: ["cluster2.local"] });
    expect(ztunnel.findings[0]?.symptom).toBe(
      "identity verification error: peer did not present the expected trustdomain (cluster.local), got cluster2.local",
    );
  });

  it("#12 ExpandWithTrustDomains: an outbound sidecar accepts the expected identity under an alias; ztunnel does not", async () => {
    const h = await buildHierarchy({ spiffeId: "spiffe://old.local/ns/default/sa/sleep" });
    const base = {
      trustBundle: h.trustBundle,
      leaf: h.leaf.certificate,
      chain: h.leaf.chain,
      trustDomain: TD,
      trustDomainAliases: ["old.local"],
      expectedSan: SPIFFE,
      at: AT,
    };
    expect(validatePeer({ ...base, profile: "sidecar" }).ok).toBe(true);
    expect(errors(validatePeer({ ...base, profile: "ztunnel" }).findings)).toEqual([
      "TRUST_DOMAIN_MISMATCH",
      "SAN_MISMATCH",
    ]);
  });

  it("#13 exact SAN match on the destination's service account → SAN_MISMATCH with ztunnel's message", async () => {
    const h = await buildHierarchy();
    const verdict = validatePeer({
      profile: "ztunnel",
      trustBundle: h.trustBundle,
      leaf: h.leaf.certificate,
      chain: h.leaf.chain,
      trustDomain: TD,
      expectedSan: "spiffe://cluster.local/ns/default/sa/other",
      at: AT,
    });
    expect(verdict.findings[0]).toMatchObject({
      name: "SAN_MISMATCH",
      symptom: `identity verification error: peer did not present the expected SAN (spiffe://cluster.local/ns/default/sa/other), got ${SPIFFE}`,
    });
  });

  it("#16 a peer holding roots A+B accepts leaves from B (ROOT_BUNDLE during rotation)", async () => {
    const a = await buildHierarchy();
    const b = await buildHierarchy({ seed: 13 });
    const both = createTrustBundle([a.root.certificate, b.root.certificate]);
    expect(
      validatePeer({
        profile: "ztunnel",
        trustBundle: both,
        leaf: b.leaf.certificate,
        chain: b.leaf.chain,
        trustDomain: TD,
        at: AT,
      }).ok,
    ).toBe(true);
  });

  it("#17 CheckSignatureFrom: issuer keyUsage without keyCertSign → INTERMEDIATE_KU_NO_CERTSIGN", async () => {
    const h = await buildHierarchy({
      levels: [(t) => ({ ...t, keyUsage: { usages: ["digitalSignature"], critical: true } })],
    });
    const verdict = validatePeer({
      profile: "sidecar",
      trustBundle: h.trustBundle,
      leaf: h.leaf.certificate,
      chain: h.leaf.chain,
      trustDomain: TD,
      at: AT,
    });
    expect(errors(verdict.findings)).toEqual(["INTERMEDIATE_KU_NO_CERTSIGN"]);
  });

  it("#18 webpki subject_name: URI constraints fail closed for ztunnel; sidecars enforce them", async () => {
    const inside = await buildHierarchy({
      levels: [(t) => ({ ...t, nameConstraints: { permitted: { uri: ["cluster.local"] }, critical: true } })],
    });
    const base = {
      trustBundle: inside.trustBundle,
      leaf: inside.leaf.certificate,
      chain: inside.leaf.chain,
      trustDomain: TD,
      at: AT,
    };
    expect(validatePeer({ ...base, profile: "sidecar" }).ok).toBe(true);
    expect(errors(validatePeer({ ...base, profile: "ztunnel" }).findings)).toEqual([
      "URI_NAME_CONSTRAINTS_AMBIENT",
    ]);
    const outside = await buildHierarchy({
      levels: [(t) => ({ ...t, nameConstraints: { permitted: { uri: ["other.local"] }, critical: true } })],
    });
    const verdict = validatePeer({
      ...base,
      trustBundle: outside.trustBundle,
      leaf: outside.leaf.certificate,
      chain: outside.leaf.chain,
      profile: "sidecar",
    });
    expect(verdict.findings.find((f) => f.name === "NAME_CONSTRAINT_VIOLATION")?.symptom).toContain(
      `"${SPIFFE}" is not permitted by any constraint`,
    );
  });

  it("DNS name constraints: excluded subtree matching a DNS SAN is a violation for both profiles", async () => {
    const h = await buildHierarchy({
      levels: [
        (t) => ({ ...t, nameConstraints: { excluded: { dns: ["blocked.example"] }, critical: true } }),
      ],
    });
    const issued = issueWorkloadCertificate(
      compileLeafIssuer(h.clusterCa.certificate, h.clusterCa.privateKey),
      h.clusterCa.chain,
      SPIFFE,
      AT,
      { dnsNames: ["api.blocked.example"] },
    );
    if (!issued.ok) throw new Error("issue");
    for (const profile of ["sidecar", "ztunnel"] as const) {
      const verdict = validatePeer({
        profile,
        trustBundle: h.trustBundle,
        leaf: issued.value.certificate,
        chain: issued.value.chain,
        trustDomain: TD,
        at: AT,
      });
      expect(errors(verdict.findings)).toContain("NAME_CONSTRAINT_VIOLATION");
    }
  });

  it("#20 issuer DN re-encoded as PrintableString (issuer: parent.subject string) → ISSUER_NAME_NOT_BYTE_EQUAL", async () => {
    const h = await buildHierarchy();
    const crypto = cryptoProvider();
    const keys = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
      "verify",
    ])) as WebCryptoKeyPair;
    const reencoded = await x509.X509CertificateGenerator.create(
      {
        serialNumber: "0102",
        subject: "CN=Re-encoded CA",
        issuer: h.root.certificate.subject.text,
        notBefore: CA_START,
        notAfter: new Date(AT.getTime() + 86_400_000 * 30),
        publicKey: keys.publicKey,
        signingKey: h.root.keys!.privateKey,
        extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
      },
      crypto,
    );
    const parsed = parseCertificateDer(new Uint8Array(reencoded.rawData));
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.certificate.issuer.text).toBe(h.root.certificate.subject.text);
    expect(parsed.certificate.issuer.key).not.toBe(h.root.certificate.subject.key);
    const verdict = validatePeer({
      profile: "sidecar",
      trustBundle: h.trustBundle,
      leaf: parsed.certificate,
      trustDomain: TD,
      at: AT,
    });
    expect(verdict.findings[0]?.name).toBe("ISSUER_NAME_NOT_BYTE_EQUAL");
  });

  it("#21 a leaf valid longer than its issuer → LEAF_OUTLIVES_ISSUER (warning); istiod itself clamps", async () => {
    const h = await buildHierarchy();
    const issuer = compileLeafIssuer(h.clusterCa.certificate, h.clusterCa.privateKey);
    const der = issuer.issue({
      uris: [SPIFFE],
      publicKeySpki: h.leaf.certificate.spki,
      notBefore: AT,
      notAfter: new Date(h.clusterCa.certificate.notAfter + 86_400_000),
      serial: seededSerials(1)(),
    });
    const verdict = validatePeer({
      profile: "sidecar",
      trustBundle: h.trustBundle,
      leaf: der,
      chain: h.leaf.chain,
      trustDomain: TD,
      at: AT,
    });
    expect(verdict.ok).toBe(true);
    expect(verdict.findings.map((f) => [f.name, f.severity])).toEqual([["LEAF_OUTLIVES_ISSUER", "warning"]]);
  });

  it("PeerCertVerifier: a leaf with two URI SANs → LEAF_URI_SAN_COUNT with Go's message", async () => {
    const h = await buildHierarchy();
    const der = compileLeafIssuer(h.clusterCa.certificate, h.clusterCa.privateKey).issue({
      uris: [SPIFFE, "spiffe://cluster.local/ns/default/sa/two"],
      publicKeySpki: h.leaf.certificate.spki,
      notBefore: AT,
      notAfter: new Date(AT.getTime() + 3_600_000),
      serial: seededSerials(2)(),
    });
    const verdict = validatePeer({
      profile: "sidecar",
      trustBundle: h.trustBundle,
      leaf: der,
      chain: h.leaf.chain,
      trustDomain: TD,
      at: AT,
    });
    expect(verdict.findings[0]?.symptom).toBe("peer certificate does not contain 1 URI type SAN, detected 2");
  });

  it("a URI SAN that is not SPIFFE → LEAF_SPIFFE_ID_INVALID", async () => {
    const h = await buildHierarchy();
    const der = compileLeafIssuer(h.clusterCa.certificate, h.clusterCa.privateKey).issue({
      uris: ["https://example.com/x"],
      publicKeySpki: h.leaf.certificate.spki,
      notBefore: AT,
      notAfter: new Date(AT.getTime() + 3_600_000),
      serial: seededSerials(3)(),
    });
    expect(
      errors(
        validatePeer({
          profile: "ztunnel",
          trustBundle: h.trustBundle,
          leaf: der,
          chain: h.leaf.chain,
          trustDomain: TD,
          at: AT,
        }).findings,
      ),
    ).toEqual(["LEAF_SPIFFE_ID_INVALID"]);
  });

  it("validity at the given time: an expired leaf → LEAF_EXPIRED (ztunnel CertExpired)", async () => {
    const h = await buildHierarchy();
    const verdict = validatePeer({
      profile: "ztunnel",
      trustBundle: h.trustBundle,
      leaf: h.leaf.certificate,
      chain: h.leaf.chain,
      trustDomain: TD,
      at: h.leaf.certificate.notAfter + 1000,
    });
    expect(verdict.findings[0]).toMatchObject({
      name: "LEAF_EXPIRED",
      symptom: "invalid peer certificate: CertExpired",
    });
  });

  it("webpki CaUsedAsEndEntity: a CA presented as the leaf is rejected by ztunnel, accepted by sidecars", async () => {
    const h = await buildHierarchy({
      levels: [(t) => ({ ...t, subjectAltName: { uris: [SPIFFE], critical: false } })],
    });
    const base = { trustBundle: h.trustBundle, leaf: h.clusterCa.certificate, trustDomain: TD, at: AT };
    expect(errors(validatePeer({ ...base, profile: "ztunnel" }).findings)).toEqual(["LEAF_IS_CA"]);
    expect(validatePeer({ ...base, profile: "sidecar" }).ok).toBe(true);
  });

  it("BoringSSL X509_supported_extension: an unknown critical extension → UNKNOWN_CRITICAL_EXTENSION", async () => {
    const h = await buildHierarchy({
      levels: [
        (t) => ({
          ...t,
          extraExtensions: [{ oid: "1.3.6.1.4.1.99999.1", critical: true, value: Uint8Array.of(5, 0) }],
        }),
      ],
    });
    const verdict = validatePeer({
      profile: "sidecar",
      trustBundle: h.trustBundle,
      leaf: h.leaf.certificate,
      chain: h.leaf.chain,
      trustDomain: TD,
      at: AT,
    });
    expect(errors(verdict.findings)).toEqual(["UNKNOWN_CRITICAL_EXTENSION"]);
  });

  it("RSA < 2048 in the chain → WEAK_KEY for peers", async () => {
    const h = await buildHierarchy();
    const crypto = cryptoProvider();
    const weak = (await crypto.subtle.generateKey(
      {
        name: "RSASSA-PKCS1-v1_5",
        modulusLength: 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      },
      true,
      ["sign", "verify"],
    )) as WebCryptoKeyPair;
    const ca = await x509.X509CertificateGenerator.create(
      {
        serialNumber: "0a",
        subject: h.clusterCa.certificate.subject.text,
        issuer: new x509.Name(h.root.certificate.subject.der),
        notBefore: CA_START,
        notAfter: new Date(AT.getTime() + 86_400_000),
        publicKey: weak.publicKey,
        signingKey: h.root.keys!.privateKey,
        signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
        extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
      },
      crypto,
    );
    const verdict = validatePeer({
      profile: "ztunnel",
      trustBundle: h.trustBundle,
      leaf: new Uint8Array(ca.rawData),
      trustDomain: TD,
      at: AT,
    });
    expect(verdict.findings.map((f) => f.name)).toContain("WEAK_KEY");
  });

  it("bad input never throws: garbage leaf → CERTIFICATE_MALFORMED", () => {
    const verdict = validatePeer({
      profile: "sidecar",
      trustBundle: [],
      leaf: Uint8Array.of(1, 2, 3),
      trustDomain: TD,
      at: AT,
    });
    expect(verdict.findings.map((f) => f.name)).toEqual(["CERTIFICATE_MALFORMED"]);
  });

  it("parses each DER once: repeated validations reuse the cache", async () => {
    const h = await buildHierarchy();
    const cache = new CertificateCache();
    const request = {
      profile: "sidecar" as const,
      trustBundle: h.trustBundle,
      leaf: h.leaf.pem,
      chain: h.leaf.chain.map((c) => c.der),
      trustDomain: TD,
      at: AT,
      cache,
    };
    for (let i = 0; i < 5; i++) expect(validatePeer(request).ok).toBe(true);
    expect(cache.size).toBe(3);
  });
});
