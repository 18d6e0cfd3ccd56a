/**
 * The per-run assembly of an EDS view (`runGroups`, what `buildEndpointView` returns) against the
 * per-endpoint reference (`endpointViewByEndpoint`, what explanations are made from), over random
 * registry lists, gateways, proxies and contexts; and again for a second and a third proxy (of
 * other clusters and networks, or the same) reusing the first views' cached conversions and, when
 * of the same class, their template (the third through another istiod's index of the same gateways).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ProxyView } from "../model/proxy";
import { buildEndpointView, type EndpointViewContext, endpointViewByEndpoint } from "./endpoint-view";
import { indexNetworkGateways } from "./gateway-index";
import { networkGateway, proxyView, registryEndpoint } from "./test-support";

const CLUSTERS = ["c0", "c1", "c2", "c3"];
const NETWORKS = ["nw0", "nw1", "nw2"];

const endpointArb = fc.record({
  cluster: fc.constantFrom(...CLUSTERS),
  /** Mostly the cluster's own network, sometimes another (a pod-level network label). */
  network: fc.oneof(
    { arbitrary: fc.constant(null), weight: 4 },
    { arbitrary: fc.constantFrom(...NETWORKS, ""), weight: 1 },
  ),
  run: fc.integer({ min: 1, max: 4 }),
  weight: fc.integer({ min: 0, max: 4 }),
  health: fc.constantFrom("healthy", "healthy", "unhealthy", "terminating"),
  istio: fc.boolean(),
  tunnel: fc.boolean(),
  addressless: fc.integer({ min: 0, max: 5 }).map((x) => x === 0),
  region: fc.constantFrom("r0", "r1"),
  zone: fc.constantFrom("z0", "z1", ""),
  node: fc.constantFrom("n0", "n1"),
  version: fc.constantFrom("v1", "v2"),
});

const gatewayArb = fc.record({
  cluster: fc.constantFrom(...CLUSTERS),
  mtls: fc.boolean(),
  hbone: fc.boolean(),
});

const proxyArb = fc.record({
  kind: fc.constantFrom<ProxyView["kind"][]>("sidecar", "sidecar", "waypoint", "ingress-gateway"),
  cluster: fc.constantFrom(...CLUSTERS),
  node: fc.constantFrom("n0", "n1"),
  view: fc.subarray(NETWORKS, { maxLength: 2 }),
});

const contextArb = fc.record({
  clusterLocal: fc.boolean(),
  nodeLocal: fc.boolean(),
  subset: fc.boolean(),
  minHealth: fc.option(fc.constantFrom(0, 50)),
  scope: fc.option(fc.constantFrom<("GLOBAL" | "LOCAL")[]>("GLOBAL", "LOCAL")),
  dr: fc.option(fc.constantFrom<("ISTIO_MUTUAL" | "DISABLE")[]>("ISTIO_MUTUAL", "DISABLE")),
  strictEvery: fc.integer({ min: 2, max: 5 }),
  sniDnat: fc.boolean(),
  ambientMultiNetwork: fc.boolean(),
  preferHbone: fc.boolean(),
  version: fc.constantFrom<("1.30" | "1.31")[]>("1.30", "1.31"),
});

/** The cluster's own network: c0 and c1 share nw0, c2 is nw1, c3 nw2. */
const networkOf = (cluster: string) => (cluster === "c2" ? "nw1" : cluster === "c3" ? "nw2" : "nw0");

describe("per-run EDS views", () => {
  it("equal the per-endpoint reference, for three proxies sharing their conversions (property)", () => {
    fc.assert(
      fc.property(
        fc.array(endpointArb, { minLength: 1, maxLength: 14 }),
        fc.array(gatewayArb, { maxLength: 5 }),
        proxyArb,
        proxyArb,
        proxyArb,
        contextArb,
        (specs, gatewaySpecs, first, second, third, c) => {
          let n = 0;
          const endpoints = specs.flatMap((e) =>
            Array.from({ length: e.run }, () => {
              n++;
              const address = e.addressless ? "" : `10.0.${n >> 8}.${n & 255}`;
              return registryEndpoint(address, {
                workloadId: `${e.cluster}/ns/pod-${n}`,
                cluster: e.cluster,
                network: e.network ?? networkOf(e.cluster),
                weight: e.weight,
                health: e.health as "healthy",
                tlsMode: e.istio ? "istio" : "disabled",
                supportsTunnel: e.tunnel,
                locality: { region: e.region, zone: e.zone, subzone: "" },
                node: e.node,
                labels: { app: "example", version: e.version },
              });
            }),
          );
          const gatewayList = () =>
            gatewaySpecs.map((g, i) =>
              networkGateway(
                networkOf(g.cluster),
                g.cluster,
                `35.0.0.${i + 1}`,
                g.mtls ? 15443 : 0,
                g.hbone ? 15008 : 0,
              ),
            );
          const gateways = indexNetworkGateways(gatewayList());
          // Another istiod's index of the same gateways (other objects): views share templates by content.
          const sameGateways = indexNetworkGateways(gatewayList());
          // One lookup per property run, shared by both proxies (as one istiod's is).
          const peerAuthModeOf = (ep: { address: string; weight: number }) =>
            ep.weight % c.strictEvery === 0 ? ("DISABLE" as const) : ("PERMISSIVE" as const);
          const ctxFor = (p: typeof first, index = gateways): EndpointViewContext => ({
            proxy: proxyView(networkOf(p.cluster), p.cluster, {
              kind: p.kind,
              node: p.node,
              requestedNetworkView: p.view,
            }),
            service: {
              hostname: "example.ns.svc.cluster.local",
              port: 80,
              publishNotReadyAddresses: false,
              internalTrafficPolicy: c.nodeLocal ? "Local" : "Cluster",
              trafficDistribution: "Any",
            },
            istioVersion: c.version,
            gateways: index,
            clusterLocal: c.clusterLocal,
            flags: { ambientMultiNetwork: c.ambientMultiNetwork, preferHboneSend: c.preferHbone },
            peerAuthModeOf,
            ...(c.subset ? { subsetLabels: { version: "v1" } } : {}),
            ...(c.minHealth !== null ? { outlierMinHealthPercent: c.minHealth } : {}),
            ...(c.scope !== null ? { ambientScope: c.scope } : {}),
            ...(c.dr !== null ? { drTlsMode: c.dr } : {}),
            sniDnat: c.sniDnat,
          });
          for (const [p, index] of [
            [first, gateways],
            [second, gateways],
            [third, sameGateways],
          ] as const) {
            const ctx = ctxFor(p, index);
            expect(buildEndpointView(endpoints, ctx).groups).toEqual(
              endpointViewByEndpoint(endpoints, ctx).groups,
            );
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("a view made from its class's template", () => {
  const service = {
    hostname: "example.ns.svc.cluster.local",
    port: 80,
    publishNotReadyAddresses: false,
    internalTrafficPolicy: "Cluster" as const,
    trafficDistribution: "Any" as const,
  };
  // nw0's gateway has no mTLS port, so sidecars of other networks reach nw0 directly too: the
  // template keeps both runs, and the proxy on nw0 puts its own run back before the later one.
  const endpoints = [
    registryEndpoint("10.0.0.1", { cluster: "c0", network: "nw0" }),
    registryEndpoint("10.0.0.2", { cluster: "c1", network: "" }),
    registryEndpoint("10.0.0.3", { cluster: "c2", network: "nw1" }),
  ];
  const gateways = indexNetworkGateways([
    networkGateway("nw0", "c0", "35.0.0.1", 0, 15008),
    networkGateway("nw1", "c2", "35.0.0.2", 15443, 0),
  ]);
  const viewOf = (network: string, cluster: string) =>
    buildEndpointView(endpoints, {
      proxy: proxyView(network, cluster),
      service,
      istioVersion: "1.31",
      gateways,
      clusterLocal: false,
    }).groups[0]!.endpoints.map((ep) => `${ep.address}:${ep.port}`);

  it("keeps a proxy's own runs in input order among the template's direct ones", () => {
    expect(viewOf("nw1", "c2")).toEqual(["10.0.0.1:8080", "10.0.0.2:8080", "10.0.0.3:8080"]);
    expect(viewOf("nw0", "c0")).toEqual(["10.0.0.1:8080", "10.0.0.2:8080", "35.0.0.2:15443"]);
  });
});
