import { describe, expect, it } from "vitest";
import { type ClusterGateways, networkGatewaysFromModel } from "./network-gateways";
import { eastWestGateway } from "./test-support";

const discover = (sources: ClusterGateways[], options = {}) => networkGatewaysFromModel(sources, options);

describe("kube/controller/network.go getGatewayDetails: ports of a network-labelled gateway Service", () => {
  it("classic gateway exposing 15443: mTLS port 15443, no HBONE port", () => {
    const { sidecar, decisions } = discover([{ cluster: "c1", gateways: [eastWestGateway()] }]);
    expect(sidecar.gateways).toEqual([
      {
        network: "network1",
        cluster: "c1",
        address: "203.0.113.10",
        mtlsPort: 15443,
        hbonePort: 0,
        name: "istio-system/istio-eastwestgateway",
      },
    ]);
    expect(decisions).toEqual([expect.objectContaining({ view: "sidecar", action: "kept" })]);
  });

  it("ambient gateway exposing only 15008: HBONE port only, so sidecars will not use it", () => {
    const gw = eastWestGateway({ kind: "ambient", ports: [15008, 15012], exposesServices: false });
    const { sidecar } = discover([{ cluster: "c1", gateways: [gw] }]);
    expect(sidecar.gateways.map((g) => [g.mtlsPort, g.hbonePort])).toEqual([[0, 15008]]);
  });

  it("a Service exposing both ports keeps both", () => {
    const { sidecar } = discover([{ cluster: "c1", gateways: [eastWestGateway({ ports: [15443, 15008] })] }]);
    expect(sidecar.gateways.map((g) => [g.mtlsPort, g.hbonePort])).toEqual([[15443, 15008]]);
  });

  it("neither 15443 nor 15008 exposed: ignored with MW4604", () => {
    const result = discover([{ cluster: "c1", gateways: [eastWestGateway({ ports: [15021, 15012] })] }]);
    expect(result.sidecar.gateways).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["MW4604"]);
    expect(result.decisions[0]).toMatchObject({ action: "dropped" });
  });

  it("classic gateway without the AUTO_PASSTHROUGH Gateway: still advertised, warned MW4605", () => {
    const result = discover([{ cluster: "c1", gateways: [eastWestGateway({ exposesServices: false })] }]);
    expect(result.sidecar.gateways).toHaveLength(1);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["MW4605"]);
  });
});

describe("gateway addresses (istio-semantics §3.2, §5 item 20)", () => {
  it("pending LoadBalancer (no address): dropped from both views with MW4601", () => {
    const gw = eastWestGateway({ kind: "ambient", ports: [15008], address: undefined });
    const result = discover([{ cluster: "c2", gateways: [gw] }], { localCluster: "c1" });
    expect(result.sidecar.gateways).toEqual([]);
    expect(result.ambient).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["MW4601"]);
    expect(result.decisions.map((d) => `${d.view}:${d.action}`)).toEqual([
      "sidecar:dropped",
      "ambient:dropped",
    ]);
  });

  it("EKS NLB hostname: istiod resolves it (RESOLVE_HOSTNAME_GATEWAYS default) into one gateway per address", () => {
    const gw = eastWestGateway({
      address: { hostname: "a1.elb.us-east-2.amazonaws.com", resolvesTo: ["198.51.100.7", "198.51.100.3"] },
    });
    const { sidecar } = discover([{ cluster: "c1", gateways: [gw] }]);
    expect(sidecar.gateways.map((g) => g.address)).toEqual(["198.51.100.3", "198.51.100.7"]);
    expect(sidecar.scaleFactor).toBe(2);
  });

  it("hostname with RESOLVE_HOSTNAME_GATEWAYS=false: dropped with MW4602", () => {
    const gw = eastWestGateway({
      address: { hostname: "a1.elb.amazonaws.com", resolvesTo: ["198.51.100.7"] },
    });
    const result = discover([{ cluster: "c1", gateways: [gw] }], { resolveHostnameGateways: false });
    expect(result.sidecar.gateways).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["MW4602"]);
  });

  it("unresolvable hostname: silently removed by istiod, reported MW4603", () => {
    const gw = eastWestGateway({ address: { hostname: "gone.elb.amazonaws.com", resolvesTo: [] } });
    const result = discover([{ cluster: "c1", gateways: [gw] }]);
    expect(result.sidecar.gateways).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["MW4603"]);
  });

  it("an ip address that is not an IP: error MW4606", () => {
    const result = discover([
      { cluster: "c1", gateways: [eastWestGateway({ address: { ip: "not-an-ip" } })] },
    ]);
    expect(result.sidecar.gateways).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: "MW4606", severity: "error", found: "not-an-ip" }),
    ]);
  });
});

describe("model/network.go NetworkGateways.update: LCM of group sizes", () => {
  it("per network and per (network, cluster): nw1 = c1×2 + c2×1 → sizes 3, 2, 1 → LCM 6", () => {
    const { sidecar } = discover([
      {
        cluster: "c1",
        gateways: [
          eastWestGateway({ name: "a", address: { ip: "10.0.0.1" } }),
          eastWestGateway({ name: "b", address: { ip: "10.0.0.2" } }),
        ],
      },
      { cluster: "c2", gateways: [eastWestGateway({ name: "c", address: { ip: "10.0.0.3" } })] },
    ]);
    expect(sidecar.scaleFactor).toBe(6);
    expect(sidecar.byNetwork.get("network1")).toHaveLength(3);
  });

  it("the same gateway seen twice (same cluster, address and ports) counts once", () => {
    const gw = eastWestGateway();
    const { sidecar } = discover([{ cluster: "c1", gateways: [gw, { ...gw, name: "alias" }] }]);
    expect(sidecar.gateways).toHaveLength(1);
    expect(sidecar.scaleFactor).toBe(1);
  });
});

describe("ambient/networks.go: WDS network gateways", () => {
  const ambientGw = eastWestGateway({
    name: "eastwest",
    kind: "ambient",
    network: "aks-network",
    ports: [15008, 15012],
    exposesServices: false,
    address: { hostname: "eastwest.westeurope.cloudapp.azure.com", resolvesTo: ["20.1.2.3"] },
  });

  it("remote istio-east-west gateway: kept, hostname unresolved, HBONE 15008, identity from its name", () => {
    const { ambient } = discover([{ cluster: "aks", gateways: [ambientGw] }], {
      localCluster: "eks",
      trustDomain: "corp",
    });
    expect(ambient).toEqual([
      {
        network: "aks-network",
        cluster: "aks",
        namespace: "istio-system",
        name: "eastwest",
        address: { hostname: "eastwest.westeurope.cloudapp.azure.com", resolvesTo: ["20.1.2.3"] },
        hbonePort: 15008,
        serviceAccount: "eastwest",
        identity: "spiffe://corp/ns/istio-system/sa/eastwest",
        resourceName: "istio-system/eastwest/eastwest.westeurope.cloudapp.azure.com",
      },
    ]);
  });

  it("gateway.istio.io/service-account names the identity (kube.GatewaySA)", () => {
    const gw = { ...ambientGw, annotations: { "gateway.istio.io/service-account": "ew-sa" } };
    const { ambient } = discover([{ cluster: "aks", gateways: [gw] }], { localCluster: "eks" });
    expect(ambient[0]!.identity).toBe("spiffe://cluster.local/ns/istio-system/sa/ew-sa");
  });

  it("the istiod's own cluster's E/W gateway is not one of its WDS network gateways", () => {
    const result = discover([{ cluster: "aks", gateways: [ambientGw] }], { localCluster: "aks" });
    expect(result.ambient).toEqual([]);
    expect(result.decisions.find((d) => d.view === "ambient")!.reason).toMatch(/istio-remote/);
    expect(result.sidecar.gateways).toHaveLength(1);
  });

  it("classic gateways never appear in the ambient view", () => {
    expect(
      discover([{ cluster: "c2", gateways: [eastWestGateway()] }], { localCluster: "c1" }).ambient,
    ).toEqual([]);
  });
});

describe("ambient/networks.go MergedNetworkGateways: one gateway per resource name", () => {
  it("the same namespace/name/address seen from two remote clusters is kept once (the first)", () => {
    const gw = eastWestGateway({ kind: "ambient", ports: [15008], address: { ip: "20.1.2.3" } });
    const result = discover(
      [
        { cluster: "c3", gateways: [gw] },
        { cluster: "c2", gateways: [gw] },
      ],
      { localCluster: "c1" },
    );
    expect(result.ambient.map((g) => g.cluster)).toEqual(["c3"]);
    expect(result.decisions.filter((d) => d.view === "ambient").map((d) => d.action)).toEqual([
      "kept",
      "dropped",
    ]);
  });
});
