import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { OID } from "../der/oids";
import { AT, buildHierarchy, SPIFFE } from "../testing/hierarchy";
import { generateMeshPki } from "./mesh-pki";
import { CLOCK_SKEW_GRACE_MS, DEFAULT_WORKLOAD_TTL_MS } from "./workload-certificate";

const MESH = {
  trustDomain: "cluster.local",
  flavour: "upstream" as const,
  clusters: [{ name: "eks" }, { name: "aks" }],
};
const clock = () => AT;

describe("generateMeshPki: tools/certs defaults, made safer", () => {
  it("root: O=Istio, CN=Root CA, CA:TRUE critical, keyCertSign+cRLSign critical, SKI, 10 years", async () => {
    const result = await generateMeshPki(MESH, { clock });
    if (!result.ok) throw new Error("generation failed");
    const root = result.value.root.certificate;
    expect(root.subject.text).toBe("O=Istio, CN=Root CA");
    expect(root.basicConstraints).toEqual({ ca: true, critical: true });
    expect(root.keyUsage).toEqual({ usages: ["keyCertSign", "cRLSign"], critical: true });
    expect(root.subjectKeyId).toMatch(/^[0-9a-f]{40}$/);
    expect(root.notAfter - root.notBefore).toBe(3650 * 86_400_000);
    expect(root.selfIssued).toBe(true);
  });

  it("intermediate per cluster: L=<cluster>, pathlen:0, SAN istiod.istio-system.svc, AKI = root SKI, issuer bytes = root subject bytes", async () => {
    const result = await generateMeshPki(MESH, { clock });
    if (!result.ok) throw new Error("generation failed");
    const { root, clusters } = result.value;
    expect([...clusters.keys()]).toEqual(["eks", "aks"]);
    for (const [name, ca] of clusters) {
      const c = ca.authority.certificate;
      expect(c.subject.text).toBe(`O=Istio, CN=Intermediate CA, L=${name}`);
      expect(c.basicConstraints).toEqual({ ca: true, pathLen: 0, critical: true });
      expect(c.keyUsage).toEqual({ usages: ["keyCertSign", "cRLSign"], critical: true });
      expect(c.subjectAltName?.names).toEqual([{ kind: "dns", value: "istiod.istio-system.svc" }]);
      expect(c.authorityKeyId?.keyId).toBe(root.certificate.subjectKeyId);
      expect(c.issuer.der).toEqual(root.certificate.subject.der);
      // UTF8String attributes, like the Makefile's utf8=yes.
      expect(Buffer.from(c.subject.der).includes(Buffer.from([0x0c, 0x05, ...Buffer.from("Istio")]))).toBe(
        true,
      );
    }
    expect(clusters.get("eks")!.authority.certificate.fingerprint).not.toBe(
      clusters.get("aks")!.authority.certificate.fingerprint,
    );
  });

  it("workload certificate exactly as istiod issues it (generate_cert.go genCertTemplateFromCSR)", async () => {
    const result = await generateMeshPki(MESH, { clock });
    if (!result.ok) throw new Error("generation failed");
    const issued = result.value.issueWorkloadCert("eks", SPIFFE, AT);
    if (!issued.ok) throw new Error("issue failed");
    const leaf = issued.value.certificate;
    expect(leaf.subject.empty).toBe(true);
    expect(leaf.subjectAltName).toEqual({ names: [{ kind: "uri", value: SPIFFE }], critical: true });
    expect(leaf.keyUsage).toEqual({ usages: ["digitalSignature", "keyEncipherment"], critical: true });
    expect(leaf.extendedKeyUsage?.purposes).toEqual([OID.serverAuth, OID.clientAuth]);
    expect(leaf.basicConstraints).toEqual({ ca: false, critical: true });
    expect(leaf.subjectKeyId).toBeUndefined();
    expect(leaf.authorityKeyId?.keyId).toBe(
      result.value.clusters.get("eks")!.authority.certificate.subjectKeyId,
    );
    expect(leaf.notBefore).toBe(AT.getTime() - CLOCK_SKEW_GRACE_MS);
    expect(leaf.notAfter).toBe(AT.getTime() + DEFAULT_WORKLOAD_TTL_MS);
    expect(leaf.version).toBe(3);
    expect(issued.value.chain.map((c) => c.subject.text)).toEqual([
      "O=Istio, CN=Intermediate CA, L=eks",
      "O=Istio, CN=Root CA",
    ]);
    expect(issued.value.privateKey?.type).toBe("ec");
    expect(new X509Certificate(issued.value.pem).checkPrivateKey(issued.value.privateKey!.keyObject)).toBe(
      true,
    );
  });

  it("NotAfter never outlives the issuer (clamped to the CA's NotAfter)", async () => {
    const result = await generateMeshPki(MESH, { clock, intermediateValidityDays: 1 });
    if (!result.ok) throw new Error("generation failed");
    const ca = result.value.clusters.get("aks")!.authority.certificate;
    const issued = result.value.issueWorkloadCert("aks", SPIFFE, new Date(ca.notAfter - 3_600_000));
    if (!issued.ok) throw new Error("issue failed");
    expect(issued.value.certificate.notAfter).toBe(ca.notAfter);
  });

  it("istiod refuses: expired signing CA → SIGNING_CA_EXPIRED; TTL above MAX_WORKLOAD_CERT_TTL → TTL_TOO_LONG; bad id → INVALID_INPUT", async () => {
    const result = await generateMeshPki(MESH, { clock, intermediateValidityDays: 1 });
    if (!result.ok) throw new Error("generation failed");
    const pki = result.value;
    const late = pki.issueWorkloadCert("eks", SPIFFE, new Date(AT.getTime() + 2 * 86_400_000));
    expect(late.ok ? [] : late.findings.map((f) => f.name)).toEqual(["SIGNING_CA_EXPIRED"]);
    expect(late.ok ? "" : late.findings[0]!.symptom).toMatch(/^signing certificate has expired at /);
    const long = pki.issueWorkloadCert("eks", SPIFFE, AT, { ttlMs: 91 * 86_400_000 });
    expect(long.ok ? [] : long.findings.map((f) => f.name)).toEqual(["TTL_TOO_LONG"]);
    const bad = pki.issueWorkloadCert("eks", "cluster.local/ns/x/sa/y", AT);
    expect(bad.ok ? [] : bad.findings.map((f) => f.name)).toEqual(["INVALID_INPUT"]);
    const unknown = pki.issueWorkloadCert("gke", SPIFFE, AT);
    expect(unknown.ok ? [] : unknown.findings.map((f) => f.name)).toEqual(["UNKNOWN_CLUSTER"]);
  });

  it("east-west gateway identities: classic <name>-service-account, ambient the Gateway name or its service-account annotation (classinfo.go DisableNameSuffix, GatewaySA)", async () => {
    const result = await generateMeshPki(MESH, { clock });
    if (!result.ok) throw new Error("generation failed");
    const gateway = {
      name: "istio-eastwestgateway",
      namespace: "istio-system",
      network: "n1",
      serviceType: "LoadBalancer",
      annotations: {},
      ports: [15443],
      exposesServices: true,
      origin: "mesh",
    } as const;
    const classic = result.value.issueGatewayCert("eks", { ...gateway, kind: "classic" }, AT);
    const ambient = result.value.issueGatewayCert("eks", { ...gateway, kind: "ambient" }, AT);
    expect(classic.ok && classic.value.spiffeId).toBe(
      "spiffe://cluster.local/ns/istio-system/sa/istio-eastwestgateway-service-account",
    );
    expect(ambient.ok && ambient.value.spiffeId).toBe(
      "spiffe://cluster.local/ns/istio-system/sa/istio-eastwestgateway",
    );
    const annotated = result.value.issueGatewayCert(
      "eks",
      { ...gateway, kind: "ambient", annotations: { "gateway.istio.io/service-account": "ew-sa" } },
      AT,
    );
    expect(annotated.ok && annotated.value.spiffeId).toBe("spiffe://cluster.local/ns/istio-system/sa/ew-sa");
  });

  it("key type per level: RSA-2048 root with P-384 intermediates signs SHA256-RSA and ECDSA-SHA384", async () => {
    const result = await generateMeshPki(
      { ...MESH, clusters: [{ name: "eks" }] },
      { clock, rootKey: "rsa-2048", intermediateKey: "ecdsa-p384" },
    );
    if (!result.ok) throw new Error("generation failed");
    const ca = result.value.clusters.get("eks")!;
    expect(ca.authority.certificate.signatureAlgorithm.oid).toBe(OID.sha256WithRsa);
    expect(ca.authority.certificate.publicKey).toMatchObject({ algorithm: "ec", curve: "P-384" });
    const leaf = result.value.issueWorkloadCert("eks", SPIFFE, AT);
    expect(leaf.ok && leaf.value.certificate.signatureAlgorithm.oid).toBe(OID.ecdsaWithSha384);
  });

  it("the @peculiar/webcrypto provider stays selectable and produces the same shape", async () => {
    const result = await generateMeshPki(
      { ...MESH, clusters: [{ name: "eks" }] },
      { clock, provider: "peculiar" },
    );
    if (!result.ok) throw new Error("generation failed");
    expect(result.value.clusters.get("eks")!.authority.certificate.basicConstraints?.pathLen).toBe(0);
  });

  it("bad options are findings, not exceptions", async () => {
    const result = await generateMeshPki(MESH, { rootKey: "rsa-1024" as never, rootValidityDays: -1 });
    expect(result.ok ? [] : result.findings.map((f) => [f.name, f.path])).toEqual([
      ["INVALID_INPUT", "rootKey"],
      ["INVALID_INPUT", "rootValidityDays"],
    ]);
  });

  it("a reused root issues new intermediates under the same fingerprint (adding a cluster)", async () => {
    const first = await buildHierarchy();
    const result = await generateMeshPki(MESH, { clock, root: first.root });
    if (!result.ok) throw new Error("generation failed");
    expect(result.value.root.certificate.fingerprint).toBe(first.root.certificate.fingerprint);
  });

  it("private keys never serialise: JSON and String() show a redaction", async () => {
    const { clusterCa } = await buildHierarchy();
    expect(JSON.stringify({ key: clusterCa.privateKey })).toBe('{"key":"[private key redacted]"}');
    expect(String(clusterCa.privateKey)).toBe("[private key redacted]");
  });
});
