import { describe, expect, it } from "vitest";
import { DEFAULT_MESH_CONFIG } from "../mesh-config";
import { applySpecDefaults, defaultPodCidrs, defaultServiceCidrs } from "./spec-defaults";

describe("Mesh document defaults (docs/mesh-document.md)", () => {
  const spec = applySpecDefaults({
    meshId: "mesh1",
    networks: ["network1"],
    meshConfig: { dnsCapture: true, enableAutoMtls: undefined },
    clusters: [
      { name: "a", provider: { kind: "eks", region: "us-east-2" }, network: "network1" },
      {
        name: "b",
        provider: { kind: "aks", region: "eastus" },
        network: "network1",
        ipFamilies: ["IPv4", "IPv6"],
        nodes: [{ name: "n1", zone: "eastus-1" }],
        eastWestGateways: [{ name: "ew", kind: "classic" }],
        ecsClusters: [{ name: "ecs" }],
      },
    ],
  });

  it("mesh-wide defaults: cluster.local, istio-system, 1.31, upstream, Istio's MeshConfig defaults", () => {
    expect(spec).toMatchObject({
      trustDomain: "cluster.local",
      trustDomainAliases: [],
      rootNamespace: "istio-system",
      istioVersion: "1.31",
      flavour: "upstream",
      networks: [{ name: "network1" }],
    });
    // An explicit undefined does not erase a default.
    expect(spec.meshConfig).toEqual({ ...DEFAULT_MESH_CONFIG, dnsCapture: true });
  });

  it("cluster defaults: IPv4, per-index CIDRs, one node in the provider's region, primary, nothing else", () => {
    expect(spec.clusters[0]).toEqual({
      name: "a",
      provider: { kind: "eks", region: "us-east-2" },
      network: "network1",
      ipFamilies: ["IPv4"],
      podCidrs: ["10.1.0.0/16"],
      serviceCidrs: ["172.16.0.0/16"],
      nodes: [{ name: "a-node-0", locality: { region: "us-east-2", zone: "", subzone: "" } }],
      controlPlane: { role: "primary" },
      istiodFeatures: {},
      remoteSecrets: [],
      eastWestGateways: [],
      ecsClusters: [],
      resources: [],
    });
  });

  it("dual-stack CIDRs, node regions from the provider, gateway and ECS defaults", () => {
    const b = spec.clusters[1]!;
    expect(b.podCidrs).toEqual(["10.2.0.0/16", "fd00:2::/64"]);
    expect(b.serviceCidrs).toEqual(["172.17.0.0/16", "fd01:2::/108"]);
    expect(b.nodes).toEqual([{ name: "n1", locality: { region: "eastus", zone: "eastus-1", subzone: "" } }]);
    expect(b.eastWestGateways).toEqual([
      {
        name: "ew",
        namespace: "istio-system",
        kind: "classic",
        network: "network1",
        serviceType: "LoadBalancer",
        annotations: {},
        ports: [15443],
        exposesServices: false,
        origin: "mesh",
      },
    ]);
    expect(b.ecsClusters).toEqual([{ name: "ecs", namespace: "ecs", domain: "ecs.local", services: [] }]);
  });

  it("is idempotent: a complete spec comes back equal", () => {
    expect(applySpecDefaults(spec)).toEqual(spec);
  });

  it("default CIDRs are distinct per cluster index", () => {
    expect(defaultPodCidrs(4, ["IPv6"])).toEqual(["fd00:5::/64"]);
    expect(defaultServiceCidrs(0, ["IPv4"])).toEqual(["172.16.0.0/16"]);
    expect(new Set(Array.from({ length: 50 }, (_, i) => defaultPodCidrs(i, ["IPv4"])[0])).size).toBe(50);
  });
});
