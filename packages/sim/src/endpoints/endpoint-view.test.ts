import { describe, expect, it } from "vitest";
import { buildEndpointView, type EastWestGatewayViewContext, eastWestGatewayView } from "./endpoint-view";
import { indexNetworkGateways } from "./gateway-index";
import { networkGateway, proxyView, registryEndpoint } from "./test-support";

const SERVICE = {
  hostname: "helloworld.sample.svc.cluster.local",
  publishNotReadyAddresses: false,
  internalTrafficPolicy: "Cluster",
  trafficDistribution: "Any",
} as const;
const GATEWAYS = indexNetworkGateways([
  networkGateway("nw1", "c1", "34.0.0.1", 15443),
  networkGateway("nw2", "c2", "35.0.0.2", 15443),
]);
const v1 = { app: "helloworld", version: "v1" };
const v2 = { app: "helloworld", version: "v2" };
const ENDPOINTS = [
  registryEndpoint("10.1.0.1", { network: "nw1", cluster: "c1", labels: v1 }),
  registryEndpoint("10.2.0.1", { network: "nw2", cluster: "c2", labels: v1 }),
  registryEndpoint("10.2.0.2", { network: "nw2", cluster: "c2", labels: v2 }),
  registryEndpoint("10.2.0.3", { network: "nw2", cluster: "c2", labels: v1, tlsMode: "disabled" }),
  registryEndpoint("10.2.0.4", {
    network: "nw2",
    cluster: "c2",
    labels: v1,
    tlsMode: "disabled",
    supportsTunnel: true,
  }),
];

const gatewayCtx = (sni: string): EastWestGatewayViewContext => ({
  gateway: proxyView("nw2", "c2", {
    kind: "eastwest-gateway",
    workloadId: "c2/istio-system/istio-eastwestgateway",
  }),
  sni,
  service: SERVICE,
  istioVersion: "1.31",
  gateways: GATEWAYS,
  clusterLocal: false,
  subsets: [
    { name: "v1", labels: { version: "v1" } },
    { name: "v2", labels: { version: "v2" } },
  ],
});

describe("E/W gateway AUTO_PASSTHROUGH view (istio-semantics §3.4)", () => {
  it("own network only (REQUESTED_NETWORK_VIEW), mTLS endpoints only, subset v1 from the SNI", () => {
    const view = eastWestGatewayView(
      ENDPOINTS,
      gatewayCtx("outbound_.5000_.v1_.helloworld.sample.svc.cluster.local"),
    );
    expect(view.sni).toEqual({ port: 5000, subset: "v1", host: "helloworld.sample.svc.cluster.local" });
    expect(view.groups.flatMap((g) => g.endpoints.map((e) => e.address))).toEqual(["10.2.0.1"]);
    expect(view.decisions.map((d) => `${d.address} ${d.action}`)).toEqual([
      "10.1.0.1 dropped",
      "10.2.0.1 direct",
      "10.2.0.2 dropped",
      "10.2.0.3 dropped",
      "10.2.0.4 dropped",
    ]);
    expect(view.decisions[0]!.reason).toMatch(/REQUESTED_NETWORK_VIEW/);
    expect(view.decisions[3]!.reason).toMatch(/AUTO_PASSTHROUGH/);
    expect(view.decisions[4]!.reason).toMatch(/HBONE/);
  });

  it("no subset in the SNI: every mTLS endpoint of the gateway's network", () => {
    const view = eastWestGatewayView(
      ENDPOINTS,
      gatewayCtx("outbound_.5000_._.helloworld.sample.svc.cluster.local"),
    );
    expect(view.groups.flatMap((g) => g.endpoints.map((e) => e.address))).toEqual(["10.2.0.1", "10.2.0.2"]);
  });

  it("an SNI that is not Istio's: MW4622 and no endpoints", () => {
    const view = eastWestGatewayView(ENDPOINTS, gatewayCtx("helloworld.sample.svc.cluster.local"));
    expect(view.groups).toEqual([]);
    expect(view.diagnostics.map((d) => d.code)).toEqual(["MW4622"]);
  });
});

describe("buildEndpointView", () => {
  it("ztunnel consumes WDS, not EDS: MW4621", () => {
    const view = buildEndpointView(ENDPOINTS, {
      proxy: proxyView("nw1", "c1", { kind: "ztunnel" }),
      service: { ...SERVICE, port: 5000 },
      istioVersion: "1.31",
      gateways: GATEWAYS,
      clusterLocal: false,
    });
    expect(view.diagnostics.map((d) => d.code)).toEqual(["MW4621"]);
  });

  it("one decision per input endpoint, in input order, from the last step that touched it", () => {
    const view = buildEndpointView(ENDPOINTS, {
      proxy: proxyView("nw1", "c1"),
      service: { ...SERVICE, port: 5000 },
      istioVersion: "1.31",
      gateways: GATEWAYS,
      clusterLocal: false,
    });
    expect(view.decisions.map((d) => `${d.address} ${d.action}`)).toEqual([
      "10.1.0.1 direct",
      "10.2.0.1 via-gateway",
      "10.2.0.2 via-gateway",
      "10.2.0.3 dropped",
      "10.2.0.4 dropped",
    ]);
    expect(view.groups[0]!.endpoints.map((e) => `${e.address} ${e.weight}`)).toEqual([
      "10.1.0.1 1",
      "35.0.0.2 2",
    ]);
  });
});
