import { describe, expect, it } from "vitest";
import { meshBuilder } from "../builder/mesh-builder";
import type { KubeObject } from "../model/kube-object";
import { DIAGRAM_DETAILS } from "./diagram-model";
import { DIAGRAM_FORMATS, meshDiagram } from "./mesh-diagram";
import { webApp } from "./test-support";

/**
 * DESIGN.md principle 8: private keys and tokens never reach diagrams. The mesh below carries a
 * remote secret (kubeconfig with a bearer token), a TLS Secret and an opaque Secret; none of their
 * data, nor the API server URL or account ids, may appear in any format at any detail.
 */
const TOKEN = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2Vu.sig";
const KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
const PASSWORD = "hunter2-db-password";

const secrets: KubeObject[] = [
  {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: "istio-remote-secret-west",
      namespace: "istio-system",
      labels: { "istio/multiCluster": "true" },
      annotations: { "networking.istio.io/cluster": "west" },
    },
    stringData: {
      west: `apiVersion: v1\nkind: Config\nusers:\n- name: west\n  user:\n    token: ${TOKEN}\n`,
    },
  },
  {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "cacerts", namespace: "istio-system" },
    type: "kubernetes.io/tls",
    data: {
      "tls.key": Buffer.from(KEY).toString("base64"),
      "ca-key.pem": Buffer.from(KEY).toString("base64"),
    },
  },
  {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "db", namespace: "shop" },
    stringData: { password: PASSWORD },
  },
];

const mesh = meshBuilder({ meshId: "m" })
  .network("n1")
  .network("n2")
  .cluster("east", (c) =>
    c
      .eks({ region: "us-east-2", accountId: "123456789012" })
      .network("n1")
      .apiServer("https://ABCDEF0123456789.gr7.us-east-2.eks.amazonaws.com")
      .reads("west")
      .resources([...webApp("shop"), ...secrets]),
  )
  .cluster("west", (c) =>
    c.aks({ region: "eastus", subscriptionId: "0f0f0f0f-1111-2222-3333-444455556666" }).network("n2"),
  )
  .buildOrThrow();

const FORBIDDEN = [
  TOKEN,
  "c2VjcmV0LXRva2Vu",
  "PRIVATE KEY",
  "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
  Buffer.from(KEY).toString("base64").slice(0, 24),
  PASSWORD,
  "istio-remote-secret-west",
  "cacerts",
  "ABCDEF0123456789",
  "123456789012",
  "0f0f0f0f-1111",
];

describe("diagrams never leak secrets", () => {
  it("the mesh really holds the secrets (so the checks below can fail)", () => {
    const resources = JSON.stringify(mesh.clusters.map((c) => c.resources));
    for (const secret of [TOKEN, PASSWORD, "cacerts"]) expect(resources).toContain(secret);
  });

  it.each(DIAGRAM_FORMATS.flatMap((format) => DIAGRAM_DETAILS.map((detail) => [format, detail] as const)))(
    "%s at %s detail holds no Secret data, token, key, API server URL or account id",
    (format, detail) => {
      const result = meshDiagram(mesh, { format, detail });
      expect(result.text).toBeDefined();
      for (const forbidden of FORBIDDEN) expect(result.text).not.toContain(forbidden);
    },
  );
});
