/** Invariants of the sidecar split-horizon EDS (istio-semantics §3.3) over generated meshes. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NetworkGateway, RegistryEndpoint } from "../model/endpoint";
import type { ProxyView } from "../model/proxy";
import { buildEndpointView } from "./endpoint-view";
import { filterGatewaysByIpFamily, indexNetworkGateways, selectNetworkGateways } from "./gateway-index";
import { networkGateway, proxyView, registryEndpoint } from "./test-support";

const NETWORKS = ["nw0", "nw1", "nw2", "nw3"];
const clusterOf = (network: string, k: number) => `${network}-c${k}`;

const ipv4 = (i: number) => `10.${(i >> 8) & 255}.${i & 255}.${1 + (i % 200)}`;
const ipv6 = (i: number) => `2001:db8::${(i + 1).toString(16)}`;

interface Scenario {
  readonly gateways: NetworkGateway[];
  readonly endpoints: RegistryEndpoint[];
  readonly proxy: ProxyView;
}

/** Meshes of up to 4 networks × 2 clusters with gateways of random ports/families and random endpoints. */
function scenario(opts: { allMtlsGateways: boolean; anyFamily: boolean }): fc.Arbitrary<Scenario> {
  const gateway = fc.record({
    network: fc.constantFrom(...NETWORKS),
    k: fc.integer({ min: 0, max: 1 }),
    mtls: opts.allMtlsGateways ? fc.constant(true) : fc.boolean(),
    hbone: fc.boolean(),
    v6: opts.anyFamily ? fc.boolean() : fc.constant(false),
  });
  const endpoint = fc.record({
    network: fc.constantFrom(...NETWORKS),
    k: fc.integer({ min: 0, max: 1 }),
    weight: fc.integer({ min: 1, max: 5 }),
    istio: fc.boolean(),
    tunnel: fc.boolean(),
    region: fc.constantFrom("r0", "r1", "r2"),
  });
  return fc
    .record({
      gateways: fc.array(gateway, { maxLength: 8 }),
      endpoints: fc.array(endpoint, { minLength: 1, maxLength: 16 }),
      proxyNetwork: fc.constantFrom("", ...NETWORKS),
      families: opts.anyFamily
        ? fc.constantFrom<ProxyView["ipFamilies"]>([], ["IPv4"], ["IPv6"], ["IPv4", "IPv6"])
        : fc.constant<ProxyView["ipFamilies"]>([]),
    })
    .map(({ gateways, endpoints, proxyNetwork, families }) => ({
      gateways: gateways.map((g, i) =>
        networkGateway(
          g.network,
          clusterOf(g.network, g.k),
          g.v6 ? ipv6(i) : `35.0.0.${i + 1}`,
          g.mtls ? 15443 : 0,
          g.hbone ? 15008 : 0,
        ),
      ),
      endpoints: endpoints.map((e, i) =>
        registryEndpoint(ipv4(i), {
          network: e.network,
          cluster: clusterOf(e.network, e.k),
          weight: e.weight,
          tlsMode: e.istio ? "istio" : "disabled",
          supportsTunnel: e.tunnel,
          locality: { region: e.region, zone: "", subzone: "" },
        }),
      ),
      proxy: proxyView(proxyNetwork, clusterOf(proxyNetwork || "nw0", 0), { ipFamilies: families }),
    }));
}

function view(s: Scenario, gateways: readonly NetworkGateway[] = s.gateways) {
  const index = indexNetworkGateways(gateways);
  return {
    index,
    result: buildEndpointView(s.endpoints, {
      proxy: s.proxy,
      service: {
        hostname: "svc.ns.svc.cluster.local",
        port: 80,
        publishNotReadyAddresses: false,
        internalTrafficPolicy: "Cluster",
        trafficDistribution: "Any",
      },
      istioVersion: "1.31",
      gateways: index,
      clusterLocal: false,
    }),
  };
}

const total = (r: ReturnType<typeof view>["result"]) => r.groups.reduce((sum, g) => sum + g.weight, 0);
const weightOf = (s: Scenario) => new Map(s.endpoints.map((e) => [e.workloadId, e.weight]));

describe("split horizon invariants (fast-check)", () => {
  it("weight conservation: with mTLS gateways and no IP-family filter, Σ group weights = LCM × Σ weights of reached endpoints", () => {
    fc.assert(
      fc.property(scenario({ allMtlsGateways: true, anyFamily: false }), (s) => {
        const { index, result } = view(s);
        if (index.gateways.length === 0) return;
        const weights = weightOf(s);
        const reached = result.decisions.filter((d) => d.action !== "dropped");
        const expected = reached.reduce((sum, d) => sum + weights.get(d.endpoint)! * index.scaleFactor, 0);
        expect(total(result)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("weight bound: LCM × Σw − Σ(gateways − 1) over via-gateway endpoints ≤ total ≤ LCM × Σw, whatever ports and families", () => {
    fc.assert(
      fc.property(scenario({ allMtlsGateways: false, anyFamily: true }), (s) => {
        const { index, result } = view(s);
        if (index.gateways.length === 0) return;
        const weights = weightOf(s);
        const reached = result.decisions.filter((d) => d.action !== "dropped");
        const upper = reached.reduce((sum, d) => sum + weights.get(d.endpoint)! * index.scaleFactor, 0);
        const slack = reached.reduce((sum, d) => sum + (d.gateways ? d.gateways.length - 1 : 0), 0);
        expect(total(result)).toBeLessThanOrEqual(upper);
        expect(total(result)).toBeGreaterThanOrEqual(upper - slack);
      }),
      { numRuns: 300 },
    );
  });

  it("a sidecar never keeps a pod IP of another network (or any network, when its own is unset) that has a reachable gateway", () => {
    fc.assert(
      fc.property(scenario({ allMtlsGateways: false, anyFamily: true }), (s) => {
        const { index, result } = view(s);
        for (const ep of result.groups.flatMap((g) => g.endpoints)) {
          // A proxy without a network still goes through the gateway of a network that has one (1.30+).
          if (ep.kind !== "workload" || ep.network === s.proxy.network) continue;
          const reachable = filterGatewaysByIpFamily(
            selectNetworkGateways(index, ep.network, ep.cluster, "mtls"),
            s.proxy.ipFamilies,
          );
          expect(reachable).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("every endpoint gets exactly one decision, and gateway endpoints carry only cluster and network labels", () => {
    fc.assert(
      fc.property(scenario({ allMtlsGateways: false, anyFamily: true }), (s) => {
        const { result } = view(s);
        expect(result.decisions.map((d) => d.endpoint)).toEqual(s.endpoints.map((e) => e.workloadId));
        for (const ep of result.groups.flatMap((g) => g.endpoints)) {
          if (ep.kind === "gateway") {
            expect(Object.keys(ep.labels).sort()).toEqual([
              "topology.istio.io/cluster",
              "topology.istio.io/network",
            ]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("deterministic: same input, same view; the order gateways are discovered in does not matter", () => {
    fc.assert(
      fc.property(scenario({ allMtlsGateways: false, anyFamily: true }), (s) => {
        const first = view(s).result;
        expect(view(s).result).toEqual(first);
        expect(view(s, [...s.gateways].reverse()).result).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });
});
