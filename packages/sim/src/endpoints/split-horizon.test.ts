import { describe, expect, it } from "vitest";
import type { EdsEndpoint } from "./eds-types";
import { indexNetworkGateways } from "./gateway-index";
import { toEdsEndpoint } from "./lb-endpoint";
import { groupByLocality } from "./locality-groups";
import { type SplitHorizonContext, scaleWeight, splitHorizon } from "./split-horizon";
import { networkGateway, proxyView, registryEndpoint } from "./test-support";

const SERVICE = { hostname: "helloworld.sample.svc.cluster.local", port: 5000 };
const sidecar = { kind: "sidecar" } as const;

function eds(
  address: string,
  network: string,
  cluster: string,
  over: Parameters<typeof registryEndpoint>[1] = {},
): EdsEndpoint {
  const endpoint = registryEndpoint(address, { network, cluster, ...over });
  return toEdsEndpoint(endpoint, { proxy: sidecar, preferHboneSend: false }, endpoint.tlsMode === "istio");
}

function run(endpoints: EdsEndpoint[], ctx: Partial<SplitHorizonContext> = {}) {
  return splitHorizon(groupByLocality(endpoints), {
    proxy: proxyView("nw1", "c1"),
    gateways: indexNetworkGateways([networkGateway("nw2", "c2", "35.0.0.2", 15443)]),
    service: SERVICE,
    ...ctx,
  });
}

describe("ep_filters.go scaleEndpointLBWeight", () => {
  it("multiplies by the LCM, a zero weight becomes the LCM, products clip at uint32 max", () => {
    expect(scaleWeight(3, 6)).toBe(18);
    expect(scaleWeight(0, 6)).toBe(6);
    expect(scaleWeight(0xffffffff, 2)).toBe(0xffffffff);
  });
});

describe("ep_filters.go EndpointsByNetworkFilter", () => {
  it("without any network gateway: plain endpoints, unscaled, every one direct", () => {
    const result = run([eds("10.1.0.1", "nw1", "c1"), eds("10.2.0.1", "nw2", "c2")], {
      gateways: indexNetworkGateways([]),
    });
    expect(result.groups[0]!.endpoints.map((e) => `${e.address} ${e.weight}`)).toEqual([
      "10.1.0.1 1",
      "10.2.0.1 1",
    ]);
    expect(result.decisions.map((d) => d.action)).toEqual(["direct", "direct"]);
  });

  it("sidecars reach a gateway-less remote network directly (istio-semantics §5 rule 15)", () => {
    const result = run([eds("10.3.0.1", "nw3", "c3")]);
    expect(result.groups[0]!.endpoints.map((e) => e.address)).toEqual(["10.3.0.1"]);
    expect(result.decisions[0]).toMatchObject({ action: "direct" });
  });

  it("with AMBIENT_ENABLE_MULTI_NETWORK even sidecars skip remote endpoints without a reachable gateway", () => {
    const result = run([eds("10.3.0.1", "nw3", "c3")], { flags: { ambientMultiNetwork: true } });
    expect(result.groups[0]!.endpoints).toEqual([]);
    expect(result.decisions[0]!.reason).toMatch(/AMBIENT_ENABLE_MULTI_NETWORK/);
  });

  it("remote endpoint without Istio mTLS is dropped, not sent to the gateway (§5 rule 15)", () => {
    const result = run([eds("10.2.0.9", "nw2", "c2", { tlsMode: "disabled" })]);
    expect(result.groups[0]!.endpoints).toEqual([]);
    expect(result.decisions[0]).toMatchObject({ action: "dropped", code: "MW4620" });
  });

  it("sidecars ignore a network's HBONE-only (ambient) gateway: the network counts as gateway-less", () => {
    const gateways = indexNetworkGateways([networkGateway("nw2", "c2", "35.0.0.2", 0, 15008)]);
    const result = run([eds("10.2.0.1", "nw2", "c2")], { gateways });
    expect(result.groups[0]!.endpoints.map((e) => e.address)).toEqual(["10.2.0.1"]);
  });

  it("gateway pseudo-endpoints stay in the remote endpoint's locality group, with only cluster/network labels", () => {
    const west = { region: "westeurope", zone: "1", subzone: "" };
    const east = { region: "eastus", zone: "2", subzone: "" };
    const result = run([
      eds("10.1.0.1", "nw1", "c1", { locality: east }),
      eds("10.2.0.1", "nw2", "c2", { locality: west }),
      eds("10.2.0.2", "nw2", "c2", { locality: west }),
    ]);
    expect(
      result.groups.map((g) => [
        g.locality.region,
        g.endpoints.map((e) => `${e.kind}:${e.address} ${e.weight}`),
      ]),
    ).toEqual([
      ["eastus", ["workload:10.1.0.1 1"]],
      ["westeurope", ["gateway:35.0.0.2 2"]],
    ]);
    const gw = result.groups[1]!.endpoints[0]!;
    expect(gw).toMatchObject({ port: 15443, tlsMode: "istio", transport: "direct", locality: west });
    expect(gw.labels).toEqual({ "topology.istio.io/cluster": "c2", "topology.istio.io/network": "nw2" });
    expect(result.groups[1]!.weight).toBe(2);
  });

  it("weight is divided among the gateways of the (network, cluster) and summed per gateway (§5 rule 16)", () => {
    const gateways = indexNetworkGateways([
      networkGateway("nw2", "c2", "35.0.0.2", 15443),
      networkGateway("nw2", "c2", "35.0.0.3", 15443),
      networkGateway("nw2", "c3", "35.0.0.4", 15443),
    ]);
    const result = run([eds("10.2.0.1", "nw2", "c2", { weight: 2 }), eds("10.3.0.1", "nw2", "c3")], {
      gateways,
    });
    // LCM(3, 2, 1) = 6: 10.2.0.1 → 12 split 6/6 over c2's two gateways, 10.3.0.1 → 6 on c3's gateway.
    expect(result.groups[0]!.endpoints.map((e) => `${e.address} ${e.weight}`)).toEqual([
      "35.0.0.2 6",
      "35.0.0.3 6",
      "35.0.0.4 6",
    ]);
    expect(result.decisions[0]!.gateways!.map((g) => g.address)).toEqual(["35.0.0.2", "35.0.0.3"]);
  });
});
