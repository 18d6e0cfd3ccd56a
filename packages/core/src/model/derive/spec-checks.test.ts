import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../diagnostics/diagnostic";
import { createMesh } from "../create-mesh";
import { applySpecDefaults } from "./spec-defaults";
import type { ClusterSpecInput, MeshSpecInput } from "./spec-input";

function check(clusters: ClusterSpecInput[], mesh: Partial<MeshSpecInput> = {}): Diagnostic[] {
  return createMesh(
    applySpecDefaults({ meshId: "mesh1", networks: ["network1", "network2"], clusters, ...mesh }),
  ).diagnostics;
}

const eks = (name: string, extra: Partial<ClusterSpecInput> = {}): ClusterSpecInput => ({
  name,
  network: "network1",
  provider: { kind: "eks", region: "us-east-2" },
  ...extra,
});

function only(diagnostics: Diagnostic[]): Pick<Diagnostic, "code" | "severity" | "path" | "cluster">[] {
  return diagnostics.map(({ code, severity, path, cluster }) => ({ code, severity, path, cluster }));
}

describe("cross-reference checks of the declared spec", () => {
  it("a valid multi-primary mesh has no finding", () => {
    expect(
      check([
        eks("eks-cluster", { remoteSecrets: ["aks-cluster"] }),
        eks("aks-cluster", { remoteSecrets: ["eks-cluster"] }),
      ]),
    ).toEqual([]);
  });

  it("meshId must be set", () => {
    expect(only(check([eks("a")], { meshId: "" }))).toEqual([
      { code: "MW2000", severity: "error", path: "$.spec.meshId", cluster: undefined },
    ]);
  });

  it("cluster names are DNS-1123 labels and unique (every finding collected)", () => {
    expect(only(check([eks("Bad_Name"), eks("a"), eks("a")]))).toEqual([
      { code: "MW2001", severity: "error", path: "$.spec.clusters[0].name", cluster: undefined },
      { code: "MW2002", severity: "error", path: "$.spec.clusters[2].name", cluster: undefined },
    ]);
  });

  it("network names are unique; every cluster and declared gateway network is listed", () => {
    const diagnostics = check(
      [
        eks("a", {
          network: "network3",
          eastWestGateways: [{ name: "ew", kind: "ambient", network: "network4" }],
        }),
        eks("b", { network: "" }),
      ],
      { networks: ["network1", "network1"] },
    );
    expect(only(diagnostics).filter((d) => d.code !== "MW2039")).toEqual([
      { code: "MW2003", severity: "error", path: "$.spec.networks[1].name", cluster: undefined },
      { code: "MW2004", severity: "error", path: "$.spec.clusters[0].network", cluster: "a" },
      {
        code: "MW2004",
        severity: "error",
        path: "$.spec.clusters[0].eastWestGateways[0].network",
        cluster: "a",
      },
      { code: "MW2005", severity: "error", path: "$.spec.clusters[1].network", cluster: "b" },
    ]);
  });

  it("a remote's primary must exist and be a primary; the primary should read it (warning)", () => {
    const diagnostics = check([
      eks("p"),
      eks("r1", { controlPlane: { role: "remote", primary: "ghost" } }),
      eks("r2", { controlPlane: { role: "remote", primary: "r1" } }),
      eks("r3", { controlPlane: { role: "remote", primary: "p" } }),
    ]);
    expect(only(diagnostics)).toEqual([
      { code: "MW2006", severity: "error", path: "$.spec.clusters[1].controlPlane.primary", cluster: "r1" },
      { code: "MW2007", severity: "error", path: "$.spec.clusters[2].controlPlane.primary", cluster: "r2" },
      { code: "MW2010", severity: "warning", path: "$.spec.clusters[3].controlPlane.primary", cluster: "r3" },
    ]);
    expect(
      check([
        eks("p", { remoteSecrets: ["r"] }),
        eks("r", { controlPlane: { role: "remote", primary: "p" } }),
      ]),
    ).toEqual([]);
  });

  it("remote secrets name other clusters of the mesh", () => {
    const diagnostics = check([eks("a", { remoteSecrets: ["a", "nowhere", "b"] }), eks("b")]);
    expect(only(diagnostics)).toEqual([
      { code: "MW2009", severity: "error", path: "$.spec.clusters[0].remoteSecrets[0]", cluster: "a" },
      { code: "MW2008", severity: "error", path: "$.spec.clusters[0].remoteSecrets[1]", cluster: "a" },
    ]);
  });

  it("ECS clusters only on EKS, with unique names and services", () => {
    const service = { name: "echo", port: 8080, tasks: 1 };
    const diagnostics = check([
      {
        name: "aks",
        network: "network1",
        provider: { kind: "aks", region: "eastus" },
        ecsClusters: [{ name: "e", services: [service] }],
      },
      eks("eks", { ecsClusters: [{ name: "e", services: [service, service] }, { name: "e" }] }),
    ]);
    expect(only(diagnostics)).toEqual([
      { code: "MW2011", severity: "error", path: "$.spec.clusters[0].ecsClusters", cluster: "aks" },
      { code: "MW2037", severity: "error", path: "$.spec.clusters[1].ecsClusters[1].name", cluster: "eks" },
      {
        code: "MW2037",
        severity: "error",
        path: "$.spec.clusters[1].ecsClusters[0].services[1].name",
        cluster: "eks",
      },
    ]);
  });

  it("CIDRs parse, are of the declared families, and every family has one", () => {
    const diagnostics = check([
      eks("a", { podCidrs: ["10.0.0.0/33", "fd00::/64"], serviceCidrs: ["172.20.0.0/16"] }),
      eks("b", {
        ipFamilies: ["IPv4", "IPv6"],
        podCidrs: ["10.2.0.0/16"],
        serviceCidrs: ["172.21.0.0/16", "fd01::/108"],
      }),
    ]);
    expect(only(diagnostics)).toEqual([
      { code: "MW2012", severity: "error", path: "$.spec.clusters[0].podCidrs[0]", cluster: "a" },
      { code: "MW2013", severity: "error", path: "$.spec.clusters[0].podCidrs[1]", cluster: "a" },
      { code: "MW2014", severity: "error", path: "$.spec.clusters[0].podCidrs", cluster: "a" },
      { code: "MW2014", severity: "error", path: "$.spec.clusters[1].podCidrs", cluster: "b" },
    ]);
  });

  it("ipFamilies is one or two distinct known families", () => {
    const diagnostics = check([eks("a", { ipFamilies: ["IPv4", "IPv4"] })]);
    expect(only(diagnostics)).toEqual([
      { code: "MW2015", severity: "error", path: "$.spec.clusters[0].ipFamilies", cluster: "a" },
    ]);
  });

  it("nodes and declared gateways are unique within a cluster", () => {
    const diagnostics = check([
      eks("a", {
        nodes: [{ name: "n" }, { name: "n" }],
        eastWestGateways: [
          { name: "ew", kind: "ambient", address: { ip: "203.0.113.1" } },
          { name: "ew", kind: "classic", address: { ip: "203.0.113.2" } },
        ],
      }),
    ]);
    expect(only(diagnostics)).toEqual([
      { code: "MW2031", severity: "error", path: "$.spec.clusters[0].nodes[1].name", cluster: "a" },
      { code: "MW2032", severity: "error", path: "$.spec.clusters[0].eastWestGateways[1]", cluster: "a" },
    ]);
  });

  it("every diagnostic has a message, an expected or found value where it helps, and a one-line fix", () => {
    const diagnostics = check([eks("Bad_Name", { remoteSecrets: ["x"], network: "n9" })]);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) {
      expect(d.message.length).toBeGreaterThan(10);
      expect(d.fix).toBeTruthy();
      expect(d.fix).not.toContain("\n");
    }
  });
});
