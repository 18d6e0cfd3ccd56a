import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { redactSecret, renderRemoteSecret } from "./remote-secret";

const input = {
  clusterName: "aks-cluster",
  server: "https://aks-cluster-dns.hcp.eastus.azmk8s.io:443",
  caData: Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").toString("base64"),
  token: "eyJhbGciOiJSUzI1NiJ9.secret-token",
};

describe("renderRemoteSecret (istioctl create-remote-secret output)", () => {
  it("labels and annotates the Secret the way istiod's secret controller watches for", () => {
    const { secret, diagnostics } = renderRemoteSecret(input);
    expect(diagnostics).toEqual([]);
    expect(secret.metadata).toEqual({
      name: "istio-remote-secret-aks-cluster",
      namespace: "istio-system",
      annotations: { "networking.istio.io/cluster": "aks-cluster" },
      labels: { "istio/multiCluster": "true" },
    });
  });

  it("stores a bearer-token kubeconfig under the cluster id as base64 data", () => {
    const { secret } = renderRemoteSecret(input);
    const data = secret.data as Record<string, string>;
    expect(Object.keys(data)).toEqual(["aks-cluster"]);
    const kubeconfig = parse(Buffer.from(data["aks-cluster"]!, "base64").toString("utf8"));
    expect(kubeconfig["current-context"]).toBe("aks-cluster");
    expect(kubeconfig.clusters[0].cluster.server).toBe(input.server);
    expect(kubeconfig.clusters[0].cluster["certificate-authority-data"]).toBe(input.caData);
    expect(kubeconfig.users[0].user).toEqual({ token: input.token });
  });

  it("rejects a cluster name that is not a DNS-1123 label and warns on a loopback server", () => {
    const { diagnostics } = renderRemoteSecret({
      ...input,
      clusterName: "AKS_1",
      server: "https://127.0.0.1:6443",
    });
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ["MW7001", "error"],
      ["MW7002", "warning"],
    ]);
  });

  it("never lets the token reach a redacted copy or a diagnostic", () => {
    const { secret, diagnostics } = renderRemoteSecret({ ...input, server: "https://localhost:6443" });
    expect(JSON.stringify(redactSecret(secret))).not.toContain("secret-token");
    expect(JSON.stringify(redactSecret(secret))).not.toContain(
      Buffer.from("secret-token").toString("base64"),
    );
    expect(JSON.stringify(diagnostics)).not.toContain("secret-token");
  });
});
