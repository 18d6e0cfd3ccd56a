import { describe, expect, it } from "vitest";
import {
  filterGatewaysByIpFamily,
  indexNetworkGateways,
  isMultiNetworkEnabled,
  lcmOf,
  selectNetworkGateways,
} from "./gateway-index";
import { networkGateway } from "./test-support";

const index = indexNetworkGateways([
  networkGateway("nw2", "c2b", "2.2.2.21", 15443, 15008),
  networkGateway("nw2", "c2a", "2.2.2.2", 15443),
  networkGateway("nw2", "c2b", "2.2.2.20", 0, 15008),
  networkGateway("nw1", "c1", "1.1.1.1", 15443),
]);

describe("ep_filters.go selectNetworkGateways", () => {
  it("prefers the gateways of the endpoint's (network, cluster)", () => {
    expect(selectNetworkGateways(index, "nw2", "c2b", "any").map((g) => g.address)).toEqual([
      "2.2.2.20",
      "2.2.2.21",
    ]);
  });
  it("falls back to every gateway of the network when its cluster has none", () => {
    expect(selectNetworkGateways(index, "nw2", "c9", "any").map((g) => g.address)).toEqual([
      "2.2.2.2",
      "2.2.2.20",
      "2.2.2.21",
    ]);
  });
  it("sidecars keep only gateways with an mTLS port, ambient Envoys only HBONE ones", () => {
    expect(selectNetworkGateways(index, "nw2", "c2b", "mtls").map((g) => g.address)).toEqual(["2.2.2.21"]);
    expect(selectNetworkGateways(index, "nw2", "c2a", "hbone")).toEqual([]);
  });
  it("a network without gateways yields none", () => {
    expect(selectNetworkGateways(index, "nw4", "c4", "any")).toEqual([]);
  });
});

describe("ep_filters.go filterGatewaysByIPFamily", () => {
  const gws = [
    networkGateway("nw", "c", "1.1.1.1", 15443),
    networkGateway("nw", "c", "2001:db8::1", 15443),
    networkGateway("nw", "c", "::ffff:5.6.7.8", 15443),
    networkGateway("nw", "c", "gw.example.com", 15443),
  ];
  it("an IPv4-only proxy keeps IPv4 and IPv4-mapped addresses (netip Unmap), never hostnames", () => {
    expect(filterGatewaysByIpFamily(gws, ["IPv4"]).map((g) => g.address)).toEqual([
      "1.1.1.1",
      "::ffff:5.6.7.8",
    ]);
  });
  it("an IPv6-only proxy keeps IPv6 addresses", () => {
    expect(filterGatewaysByIpFamily(gws, ["IPv6"]).map((g) => g.address)).toEqual(["2001:db8::1"]);
  });
  it("dual-stack or unknown family: no filtering", () => {
    expect(filterGatewaysByIpFamily(gws, ["IPv4", "IPv6"])).toBe(gws);
    expect(filterGatewaysByIpFamily(gws, [])).toBe(gws);
  });
});

describe("model/network.go NetworkGateways", () => {
  it("sorts by address then port (SortGateways) and indexes by network", () => {
    expect(index.gateways.map((g) => g.address)).toEqual(["1.1.1.1", "2.2.2.2", "2.2.2.20", "2.2.2.21"]);
    expect(index.byNetwork.get("nw1")!.map((g) => g.address)).toEqual(["1.1.1.1"]);
  });
  it("LCM over network sizes (1, 3) and (network, cluster) sizes (1, 1, 2) = 6", () => {
    expect(index.scaleFactor).toBe(6);
    expect(lcmOf([4, 6, 10])).toBe(60);
    expect(lcmOf([])).toBe(1);
  });
  it("multi-network is enabled only when a gateway exists (IsMultiNetworkEnabled)", () => {
    expect(isMultiNetworkEnabled(index)).toBe(true);
    expect(isMultiNetworkEnabled(indexNetworkGateways([]))).toBe(false);
    expect(indexNetworkGateways([]).scaleFactor).toBe(1);
  });
});
