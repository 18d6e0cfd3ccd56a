import { describe, expect, it } from "vitest";
import type { RegistryEndpoint } from "../model/endpoint";
import { type EndpointFilterContext, filterEndpoints, sendsUnhealthyEndpoints } from "./endpoint-filter";
import { proxyView, registryEndpoint } from "./test-support";

const baseCtx: EndpointFilterContext = {
  proxy: proxyView("nw1", "c1", { node: "node-a" }),
  service: {
    hostname: "example.ns.svc.cluster.local",
    publishNotReadyAddresses: false,
    internalTrafficPolicy: "Cluster",
    trafficDistribution: "Any",
  },
  istioVersion: "1.31",
  clusterLocal: false,
  multiNetwork: true,
};

function run(endpoints: RegistryEndpoint[], over: Partial<EndpointFilterContext> = {}) {
  const result = filterEndpoints(endpoints, { ...baseCtx, ...over });
  return {
    kept: result.kept.map((e) => e.address),
    dropped: result.dropped.map((d) => [d.address, d.reason]),
  };
}

const local = registryEndpoint("10.0.0.1", { cluster: "c1", network: "nw1", node: "node-a" });
const otherNode = registryEndpoint("10.0.0.2", { cluster: "c1", network: "nw1", node: "node-b" });
const remote = registryEndpoint("10.1.0.1", { cluster: "c2", network: "nw2", node: "node-x" });

describe("endpoint_builder.go filterIstioEndpoint / snapshotShards (istio-semantics §1.2 step 1)", () => {
  it("keeps healthy endpoints of every cluster by default", () => {
    expect(run([local, otherNode, remote]).kept).toEqual(["10.0.0.1", "10.0.0.2", "10.1.0.1"]);
  });

  it("cluster-local service: only the proxy's cluster's endpoints", () => {
    const result = run([local, remote], { clusterLocal: true });
    expect(result.kept).toEqual(["10.0.0.1"]);
    expect(result.dropped[0]![1]).toMatch(/cluster-local/);
  });

  it("internalTrafficPolicy Local: same cluster and same node only", () => {
    const service = { ...baseCtx.service, internalTrafficPolicy: "Local" as const };
    const result = run([local, otherNode, remote], { service });
    expect(result.kept).toEqual(["10.0.0.1"]);
    expect(result.dropped.map(([, r]) => r)).toEqual([
      expect.stringMatching(/node node-b, the proxy on node-a/),
      expect.stringMatching(/proxy's cluster and node/),
    ]);
  });

  it("REQUESTED_NETWORK_VIEW: only listed networks (and endpoints without a network) are visible", () => {
    const proxy = proxyView("nw1", "c1", { requestedNetworkView: ["nw1"] });
    const unset = registryEndpoint("10.9.0.1", { network: "" });
    expect(run([local, remote, unset], { proxy }).kept).toEqual(["10.0.0.1", "10.9.0.1"]);
  });

  it("terminating endpoints are never sent", () => {
    expect(run([{ ...local, health: "terminating" }]).dropped[0]![1]).toMatch(/terminating/);
  });

  it("1.31: unhealthy endpoints are sent (PILOT_AUTO_SEND_UNHEALTHY_ENDPOINTS) and keep their health", () => {
    const result = filterEndpoints([{ ...local, health: "unhealthy" }], baseCtx);
    expect(result.kept.map((e) => e.health)).toEqual(["unhealthy"]);
  });

  it("1.31: unhealthy endpoints are not sent when the DR outlier detection sets minHealthPercent > 0", () => {
    expect(run([{ ...local, health: "unhealthy" }], { outlierMinHealthPercent: 50 }).kept).toEqual([]);
  });

  it("1.30: unhealthy endpoints are dropped unless the service has a traffic distribution", () => {
    expect(run([{ ...local, health: "unhealthy" }], { istioVersion: "1.30" }).kept).toEqual([]);
    const service = { ...baseCtx.service, trafficDistribution: "PreferClose" as const };
    expect(run([{ ...local, health: "unhealthy" }], { istioVersion: "1.30", service }).kept).toEqual([
      "10.0.0.1",
    ]);
  });

  it("publishNotReadyAddresses: Kubernetes reports every endpoint ready, so istiod sees it healthy", () => {
    const service = { ...baseCtx.service, publishNotReadyAddresses: true };
    const result = filterEndpoints(
      [
        { ...local, health: "unhealthy" },
        { ...otherNode, health: "terminating" },
      ],
      { ...baseCtx, istioVersion: "1.30", service },
    );
    expect(result.kept.map((e) => `${e.address} ${e.health}`)).toEqual([
      "10.0.0.1 healthy",
      "10.0.0.2 healthy",
    ]);
  });

  it("address-less endpoints need network gateways (else nothing could stand in for them)", () => {
    const addressless = registryEndpoint("", { cluster: "c2", network: "nw2" });
    expect(run([addressless], { multiNetwork: false }).dropped[0]![1]).toMatch(/no address/);
    expect(run([addressless]).kept).toEqual([""]);
  });

  it("DNS ServiceEntry endpoints (host names) are not EDS endpoints", () => {
    expect(run([registryEndpoint("foo.bar")]).dropped[0]![1]).toMatch(/not an IP/);
  });

  it("DestinationRule subset: endpoints must carry every subset label", () => {
    const v1 = registryEndpoint("10.0.0.5", { labels: { app: "example", version: "v1" } });
    const v2 = registryEndpoint("10.0.0.6", { labels: { app: "example", version: "v2" } });
    expect(run([v1, v2], { subsetLabels: { version: "v1" } }).kept).toEqual(["10.0.0.5"]);
  });

  it("per-cluster routing: a subset on topology.istio.io/cluster keeps one cluster's endpoints (istio-semantics §4.2)", () => {
    const c1 = registryEndpoint("10.0.0.1", {
      cluster: "c1",
      labels: { app: "hw", "topology.istio.io/cluster": "c1" },
    });
    const c2 = registryEndpoint("10.1.0.1", {
      cluster: "c2",
      labels: { app: "hw", "topology.istio.io/cluster": "c2" },
    });
    expect(run([c1, c2], { subsetLabels: { "topology.istio.io/cluster": "c2" } }).kept).toEqual(["10.1.0.1"]);
  });

  it("ambient multi-network, non-GLOBAL service: other clusters' endpoints are filtered", () => {
    expect(run([local, remote], { ambientScope: "LOCAL" }).kept).toEqual(["10.0.0.1"]);
    expect(run([local, remote], { ambientScope: "GLOBAL" }).kept).toEqual(["10.0.0.1", "10.1.0.1"]);
  });
});

describe("supportsUnhealthyEndpoints per version", () => {
  it.each([
    ["1.30", "Any", undefined, false],
    ["1.30", "PreferClose", undefined, true],
    ["1.31", "Any", undefined, true],
    ["1.31", "Any", 0, true],
    ["1.31", "Any", 10, false],
    ["1.31", "PreferSameZone", 10, true],
  ] as const)("%s, trafficDistribution %s, minHealthPercent %s → %s", (version, td, minHealth, expected) => {
    expect(sendsUnhealthyEndpoints({ trafficDistribution: td }, version, minHealth)).toBe(expected);
  });
});
