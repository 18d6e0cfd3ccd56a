/**
 * Reproduces istio/istio `pilot/pkg/xds/endpoints/ep_filters_test.go` (TestEndpointsByNetworkFilter
 * and its siblings) through the whole EDS pipeline, as BuildClusterLoadAssignment runs it there.
 */
import { describe, expect, it } from "vitest";
import type { RegistryEndpoint } from "../model/endpoint";
import type { ProxyView } from "../model/proxy";
import type { EndpointPeerAuthMode } from "./auto-mtls";
import { buildEndpointView, type EndpointViewContext } from "./endpoint-view";
import type { MultiNetworkFlags } from "./flags";
import { indexNetworkGateways } from "./gateway-index";
import { networkGateway, proxyView, registryEndpoint } from "./test-support";

/** `environment()`: nw1 1 gateway (no HBONE), nw2 3 gateways over 2 clusters, nw3 1 gateway, nw4 none. */
const ENVIRONMENT_GATEWAYS = [
  networkGateway("network1", "cluster1a", "1.1.1.1", 80),
  networkGateway("network2", "cluster2a", "2.2.2.2", 80, 15008),
  networkGateway("network2", "cluster2b", "2.2.2.20", 80, 15008),
  networkGateway("network2", "cluster2b", "2.2.2.21", 80, 15008),
  networkGateway("network3", "cluster3", "3.3.3.3", 443, 15008),
];

/** `testShards()`, in shard (cluster) order. */
const TEST_SHARDS: RegistryEndpoint[] = [
  registryEndpoint("10.0.0.1", { network: "network1", cluster: "cluster1a" }),
  registryEndpoint("foo.bar", { network: "network1", cluster: "cluster1a" }),
  registryEndpoint("10.0.0.3", {
    network: "network1",
    cluster: "cluster1a",
    labels: { app: "example", "networking.istio.io/tunnel": "http" },
  }),
  registryEndpoint("10.0.0.2", { network: "network1", cluster: "cluster1b" }),
  registryEndpoint("20.0.0.1", { network: "network2", cluster: "cluster2a" }),
  registryEndpoint("20.0.0.2", { network: "network2", cluster: "cluster2b" }),
  registryEndpoint("20.0.0.3", { network: "network2", cluster: "cluster2b" }),
  registryEndpoint("40.0.0.1", { network: "network4", cluster: "cluster4" }),
];

const SERVICE = {
  hostname: "example.ns.svc.cluster.local",
  port: 80,
  publishNotReadyAddresses: false,
  internalTrafficPolicy: "Cluster",
  trafficDistribution: "Any",
} as const;

function view(
  proxy: ProxyView,
  over: Partial<EndpointViewContext> & { flags?: Partial<MultiNetworkFlags> } = {},
  endpoints: readonly RegistryEndpoint[] = TEST_SHARDS,
  gateways = ENVIRONMENT_GATEWAYS,
) {
  return buildEndpointView(endpoints, {
    proxy,
    service: SERVICE,
    istioVersion: "1.31",
    gateways: indexNetworkGateways(gateways),
    clusterLocal: false,
    flags: { preferHboneSend: true, ...over.flags },
    ...over,
  });
}

/** `[address weight]...` of the single locality group, in EDS order, and the group weight. */
function flat(result: ReturnType<typeof view>): { endpoints: string[]; weight: number } {
  expect(result.groups).toHaveLength(1);
  const group = result.groups[0]!;
  return { endpoints: group.endpoints.map((ep) => `${ep.address} ${ep.weight}`), weight: group.weight };
}

const FROM_NETWORK1 = {
  endpoints: [
    "10.0.0.1 6",
    "10.0.0.3 6",
    "10.0.0.2 6",
    "40.0.0.1 6",
    "2.2.2.2 6",
    "2.2.2.20 6",
    "2.2.2.21 6",
  ],
  weight: 42,
};
const FROM_NETWORK2 = {
  endpoints: ["20.0.0.1 6", "20.0.0.2 6", "20.0.0.3 6", "40.0.0.1 6", "1.1.1.1 12"],
  weight: 36,
};
const FROM_NETWORK3 = {
  endpoints: ["40.0.0.1 6", "1.1.1.1 12", "2.2.2.2 6", "2.2.2.20 6", "2.2.2.21 6"],
  weight: 36,
};
const FROM_NETWORK4 = FROM_NETWORK3;

describe("ep_filters_test.go TestEndpointsByNetworkFilter (LCM 6)", () => {
  const cases: [string, ProxyView, { endpoints: string[]; weight: number }][] = [
    ["from_network1_cluster1a", proxyView("network1", "cluster1a"), FROM_NETWORK1],
    ["from_network1_cluster1b", proxyView("network1", "cluster1b"), FROM_NETWORK1],
    ["from_network2_cluster2a", proxyView("network2", "cluster2a"), FROM_NETWORK2],
    ["from_network2_cluster2b", proxyView("network2", "cluster2b"), FROM_NETWORK2],
    ["from_network3_cluster3", proxyView("network3", "cluster3"), FROM_NETWORK3],
    ["from_network4_cluster4", proxyView("network4", "cluster4"), FROM_NETWORK4],
  ];
  it.each(cases)("%s", (_name, proxy, want) => {
    expect(flat(view(proxy))).toEqual(want);
  });

  it("worked example: 3 local ×6 + 2.2.2.2 ×6 + 2.2.2.20/21 ×6 + direct network4 ×6 = 42", () => {
    const result = view(proxyView("network1", "cluster1a"));
    const gw20 = result.groups[0]!.endpoints.find((ep) => ep.address === "2.2.2.20")!;
    expect(gw20.represents).toEqual(["cluster2b/ns/20.0.0.2", "cluster2b/ns/20.0.0.3"]);
    expect(gw20.labels).toEqual({
      "topology.istio.io/cluster": "cluster2b",
      "topology.istio.io/network": "network2",
    });
    expect(gw20.tlsMode).toBe("istio");
  });

  it("records why each endpoint went where (foo.bar: not an IP; 10.0.0.3 from network2: HBONE, no mTLS)", () => {
    const result = view(proxyView("network2", "cluster2a"));
    const byAddress = new Map(result.decisions.map((d) => [d.address, d]));
    expect(byAddress.get("foo.bar")).toMatchObject({ action: "dropped" });
    expect(byAddress.get("foo.bar")!.reason).toMatch(/not an IP/);
    expect(byAddress.get("10.0.0.3")).toMatchObject({ action: "dropped", code: "MW4620" });
    expect(byAddress.get("10.0.0.3")!.reason).toMatch(/HBONE/);
    expect(byAddress.get("10.0.0.1")).toMatchObject({ action: "via-gateway" });
    expect(byAddress.get("10.0.0.2")!.gateways!.map((g) => g.address)).toEqual(["1.1.1.1"]);
    expect(byAddress.get("40.0.0.1")).toMatchObject({ action: "direct" });
    expect(byAddress.get("40.0.0.1")!.reason).toMatch(/no E\/W gateway/);
    expect(result.decisions).toHaveLength(TEST_SHARDS.length);
  });
});

describe("ep_filters_test.go TestEndpointsByNetworkFilter_WithConfig (remote endpoints need mTLS)", () => {
  const noCrossNetwork: [ProxyView, string[], number][] = [
    [proxyView("network1", "cluster1a"), ["10.0.0.1 6", "10.0.0.3 6", "10.0.0.2 6", "40.0.0.1 6"], 24],
    [proxyView("network2", "cluster2b"), ["20.0.0.1 6", "20.0.0.2 6", "20.0.0.3 6", "40.0.0.1 6"], 24],
    [proxyView("network3", "cluster3"), ["40.0.0.1 6"], 6],
    [proxyView("network4", "cluster4"), ["40.0.0.1 6"], 6],
  ];
  const disabled: [string, Partial<EndpointViewContext>][] = [
    ["PeerAuthentication mtls-off (DISABLE for the workload port)", { peerAuthModeOf: () => "DISABLE" }],
    ["DestinationRule mtls-off-destination-level (tls DISABLE)", { drTlsMode: "DISABLE" }],
  ];
  it.each(disabled)("%s: no endpoint crosses a network", (_name, over) => {
    for (const [proxy, endpoints, weight] of noCrossNetwork) {
      expect(flat(view(proxy, over))).toEqual({ endpoints, weight });
    }
  });

  it("mtls-on-override-pa: DR ISTIO_MUTUAL wins over PeerAuthentication DISABLE", () => {
    const over = {
      drTlsMode: "ISTIO_MUTUAL",
      peerAuthModeOf: (): EndpointPeerAuthMode => "DISABLE",
    } as const;
    expect(flat(view(proxyView("network1", "cluster1a"), over))).toEqual(FROM_NETWORK1);
  });

  it("mtls-off-port: PeerAuthentication DISABLE only on another port changes nothing", () => {
    const over = {
      peerAuthModeOf: (ep: RegistryEndpoint) => (ep.port === 9090 ? "DISABLE" : "STRICT"),
    } as const;
    expect(flat(view(proxyView("network2", "cluster2a"), over))).toEqual(FROM_NETWORK2);
  });
});

describe("ep_filters_test.go TestEndpointsByNetworkFilter_SkipLBWithHostname", () => {
  it("a hostname gateway (never resolved into the index) is never used", () => {
    // istiod drops hostname gateways from the resolved index, so it has the same gateways as before.
    expect(flat(view(proxyView("network1", "cluster1a")))).toEqual(FROM_NETWORK1);
  });
});

describe("ep_filters_test.go TestEndpointsByNetworkFilter_ProxyWithEmptyNetwork (1.30+ forced gateway)", () => {
  const endpoints = [
    registryEndpoint("3.3.3.3", { network: "network-without-gateway", cluster: "Kubernetes" }),
    registryEndpoint("10.10.10.10", { network: "network-1", cluster: "Kubernetes" }),
    registryEndpoint("", { network: "network-2", cluster: "Kubernetes", workloadId: "Kubernetes/ns/case3" }),
    registryEndpoint("", {
      network: "network-without-gateway",
      cluster: "Kubernetes",
      workloadId: "Kubernetes/ns/case4",
    }),
  ];
  const gateways = [
    networkGateway("network-1", "", "1.1.1.1", 15443),
    networkGateway("network-2", "", "2.2.2.2", 15443),
  ];
  it("proxy without network: gateway-less network direct, gateway networks forced through the gateway, address-less direct dropped", () => {
    const result = view(proxyView("", "Kubernetes"), {}, endpoints, gateways);
    expect(flat(result)).toEqual({ endpoints: ["3.3.3.3 1", "1.1.1.1 1", "2.2.2.2 1"], weight: 3 });
    expect(result.decisions.find((d) => d.endpoint === "Kubernetes/ns/case4")!.reason).toMatch(/no address/);
  });
});

describe("ep_filters_test.go TestEndpointsByNetworkFilter_AmbientMuiltiNetwork (§3.6)", () => {
  const flags = {
    ambientMultiNetwork: true,
    ambientMultiNetworkWaypoint: true,
    ambientMultiNetworkIngress: true,
  };
  const waypoint = (network: string, cluster: string) => proxyView(network, cluster, { kind: "waypoint" });
  const local = ["10.0.0.1 6", "10.0.0.3 6", "10.0.0.2 6"];
  it.each([
    ["from_network1_cluster1a", waypoint("network1", "cluster1a")],
    ["from_network1_cluster1b", waypoint("network1", "cluster1b")],
    ["ingress_in_cluster1", proxyView("network1", "cluster1", { kind: "ingress-gateway" })],
  ])(
    "%s: HBONE gateways of network2 as double-HBONE endpoints; network4 (no gateway) skipped",
    (_n, proxy) => {
      const result = view(proxy, { flags });
      expect(flat(result)).toEqual({
        endpoints: [...local, "2.2.2.2 6", "2.2.2.20 6", "2.2.2.21 6"],
        weight: 36,
      });
      const gw = result.groups[0]!.endpoints.find((ep) => ep.kind === "gateway")!;
      expect(gw).toMatchObject({
        port: 15008,
        transport: "double-hbone",
        tlsMode: "disabled",
        doubleHboneAuthority: "example.ns.svc.cluster.local:80",
      });
    },
  );

  it("from_network2_cluster2a: network1's gateway has no HBONE port, so network1 is unreachable", () => {
    const result = view(waypoint("network2", "cluster2a"), { flags });
    expect(flat(result)).toEqual({ endpoints: ["20.0.0.1 6", "20.0.0.2 6", "20.0.0.3 6"], weight: 18 });
  });

  it("AMBIENT_ENABLE_MULTI_NETWORK_INGRESS off (the default): ingress skips every remote endpoint", () => {
    const proxy = proxyView("network1", "cluster1", { kind: "ingress-gateway" });
    const result = view(proxy, { flags: { ambientMultiNetwork: true } });
    expect(flat(result)).toEqual({ endpoints: local, weight: 18 });
    expect(result.decisions.find((d) => d.address === "20.0.0.1")!.reason).toMatch(/INGRESS is off/);
  });

  it("AMBIENT_ENABLE_MULTI_NETWORK_WAYPOINT off: waypoints skip every remote endpoint", () => {
    const result = view(waypoint("network1", "cluster1a"), {
      flags: { ...flags, ambientMultiNetworkWaypoint: false },
    });
    expect(flat(result)).toEqual({ endpoints: local, weight: 18 });
  });
});

describe("ep_filters_test.go TestEndpointsByNetworkFilter_GatewayIPFamily (1.30+)", () => {
  const remote = [registryEndpoint("20.0.0.1", { network: "network2", cluster: "cluster2" })];
  const dualstack = [
    networkGateway("network1", "cluster1", "1.1.1.1", 80),
    networkGateway("network2", "cluster2", "2.2.2.2", 80),
    networkGateway("network2", "cluster2", "2001:db8:2::1", 80),
  ];
  const run = (ipFamilies: ProxyView["ipFamilies"], gateways = dualstack) =>
    flat(view(proxyView("network1", "cluster1", { ipFamilies }), {}, remote, gateways));
  it("ipv4_proxy_gets_only_ipv4_gateway", () => {
    expect(run(["IPv4"])).toEqual({ endpoints: ["2.2.2.2 2"], weight: 2 });
  });
  it("ipv6_proxy_gets_only_ipv6_gateway", () => {
    expect(run(["IPv6"])).toEqual({ endpoints: ["2001:db8:2::1 2"], weight: 2 });
  });
  it("dualstack_proxy_gets_both_gateways", () => {
    expect(run(["IPv4", "IPv6"])).toEqual({ endpoints: ["2.2.2.2 1", "2001:db8:2::1 1"], weight: 2 });
  });
  it("ipv4_proxy_all_incompatible_gateways_drops_endpoint", () => {
    const gateways = [networkGateway("network1", "cluster1", "1.1.1.1", 80), dualstack[2]!];
    expect(run(["IPv4"], gateways)).toEqual({ endpoints: [], weight: 0 });
  });
  it("unknown_ip_mode_preserves_all_gateways", () => {
    expect(run([])).toEqual({ endpoints: ["2.2.2.2 1", "2001:db8:2::1 1"], weight: 2 });
  });
  it("GatewayIPFamily_Ambient: an IPv4 waypoint gets only the IPv4 HBONE gateway", () => {
    const hbone = dualstack.map((gw) => ({ ...gw, hbonePort: 15008 }));
    const waypoint = proxyView("network1", "cluster1", { kind: "waypoint" });
    const result = view(waypoint, { flags: { ambientMultiNetwork: true } }, remote, hbone);
    expect(result.groups[0]!.endpoints.map((ep) => `${ep.address}:${ep.port}`)).toEqual(["2.2.2.2:15008"]);
  });
});

describe("ep_filters_test.go TestEndpointsWithMTLSFilter (SNI-DNAT clusters)", () => {
  it("keeps every mTLS endpoint of the split-horizon view, never the HBONE one (10.0.0.3)", () => {
    const result = view(proxyView("network1", "cluster1a"), { sniDnat: true });
    expect(flat(result)).toEqual({
      endpoints: FROM_NETWORK1.endpoints.filter((e) => !e.startsWith("10.0.0.3 ")),
      weight: 36,
    });
  });
  it("mTLS disabled by PeerAuthentication: nothing is left", () => {
    const result = view(proxyView("network1", "cluster1a"), {
      sniDnat: true,
      peerAuthModeOf: () => "DISABLE",
    });
    expect(flat(result)).toEqual({ endpoints: [], weight: 0 });
  });
});
