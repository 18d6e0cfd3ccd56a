import { localityString } from "@meshwright/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RegistryEndpoint } from "../model/endpoint";
import { computeDistribution, type DistributionRequest } from "./compute-distribution";
import { sharesByCluster } from "./endpoint-share";
import type { LbTrafficPolicy } from "./setting-types";
import { ep, proxyAt } from "./test-support";

const RUNS = { numRuns: 300 };
const region = fc.constantFrom("r1", "r2", "r3");
const zone = fc.constantFrom("z1", "z2");
const subzone = fc.constantFrom("", "s1");
const cluster = fc.constantFrom("c1", "c2", "c3");
const network = fc.constantFrom("n1", "n2");
const locality = fc.tuple(region, zone, subzone).map(([r, z, s]) => `${r}/${z}/${s}`);

const endpointList = fc
  .array(
    fc.record({
      locality,
      cluster,
      network,
      weight: fc.integer({ min: 1, max: 3 }),
      health: fc.constantFrom("healthy", "healthy", "healthy", "unhealthy" as const),
      node: fc.constantFrom("node-a", "node-b"),
    }),
    { minLength: 0, maxLength: 12 },
  )
  .map((specs) => specs.map((spec, i) => ep(`${spec.cluster}/ns/w${i}`, spec)));

const proxy = fc
  .record({
    kind: fc.constantFrom("sidecar" as const, "sidecar" as const, "waypoint" as const, "ztunnel" as const),
    locality,
    cluster,
    network,
    node: fc.constantFrom("node-a", "node-b"),
  })
  .map((spec) => proxyAt(spec));

const localitySetting = fc.oneof(
  fc.constant(undefined),
  fc.constant({ failover: [{ from: "r1", to: "r2" }] }),
  fc.constant({ failoverPriority: ["topology.istio.io/network", "topology.istio.io/cluster"] }),
  fc.constant({ failoverPriority: ["topology.istio.io/cluster=c2"], failover: [{ from: "r2", to: "r3" }] }),
  fc.constant({ distribute: [{ from: "r1/*", to: { "r1/z1/*": 70, "r2/*": 30 } }] }),
  fc.constant({ distribute: [{ from: "*", to: { "r1/*": 50, "r2/*": 25, "r3/*": 25 } }] }),
  fc.constant({ enabled: false }),
);

const policy = fc
  .record({
    outlierDetection: fc.oneof(
      fc.constant(undefined),
      fc.constant({}),
      fc.constant({ minHealthPercent: 40 }),
    ),
    localityLbSetting: localitySetting,
    zoneAware: fc.boolean(),
    simple: fc.constantFrom(undefined, "ROUND_ROBIN", "RANDOM"),
  })
  .map(({ outlierDetection, localityLbSetting, zoneAware, simple }) => {
    const loadBalancer = {
      ...(simple ? { simple } : {}),
      ...(localityLbSetting ? { localityLbSetting } : {}),
      ...(zoneAware ? { zoneAwareLbSetting: { failover: [{ from: "r1", to: "r2" }] } } : {}),
    };
    return {
      ...(outlierDetection ? { outlierDetection } : {}),
      ...(Object.keys(loadBalancer).length > 0 ? { loadBalancer } : {}),
    } as unknown as LbTrafficPolicy;
  });

const scenario = fc.record({
  proxy,
  endpoints: endpointList,
  destinationRulePolicy: fc.option(policy, { nil: undefined }),
  trafficDistribution: fc.constantFrom("Any" as const, "PreferClose" as const, "PreferSameNode" as const),
  istioVersion: fc.constantFrom("1.30" as const, "1.31" as const),
  ejectedIndexes: fc.array(fc.nat(11), { maxLength: 3 }),
  localCluster: fc.boolean(),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function toRequest(
  s: Scenario,
  endpoints: readonly RegistryEndpoint[] = s.endpoints,
): DistributionRequest<RegistryEndpoint> {
  return {
    proxy: s.proxy,
    endpoints,
    service: { trafficDistribution: s.trafficDistribution },
    destinationRulePolicy: s.destinationRulePolicy,
    meshConfig: {},
    istioVersion: s.istioVersion,
    ejected: new Set(s.ejectedIndexes.flatMap((i) => s.endpoints[i]?.workloadId ?? [])),
    networksWithGateway: new Set(["n2"]),
    ...(s.localCluster ? { localCluster: { hostsPerLocality: { "r1/z1/": 2, "r1/z2/": 1 } } } : {}),
    explain: false,
  };
}

const total = (shares: readonly { share: number }[]) => shares.reduce((sum, s) => sum + s.share, 0);

describe("locality LB invariants (fast-check)", () => {
  it("shares are non-negative and sum to 1, or are empty when nothing can be reached", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const d = computeDistribution(toRequest(s));
        for (const share of d.shares) expect(share.share).toBeGreaterThanOrEqual(0);
        if (d.outcome === "ok" || d.outcome === "panic") expect(total(d.shares)).toBeCloseTo(1, 9);
        else expect(d.shares).toEqual([]);
        if (d.outcome === "ok")
          for (const share of d.shares) if (share.share > 0) expect(share.healthy).toBe(true);
      }),
      RUNS,
    );
  });

  it("Envoy priorities are compacted: the groups use exactly 0..N-1", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const d = computeDistribution(toRequest(s));
        const used = [...new Set(d.groups.map((g) => g.priority))].sort((a, b) => a - b);
        expect(used).toEqual(used.map((_, i) => i));
      }),
      RUNS,
    );
  });

  it("default failover tiers (outlierDetection, no failoverPriority/distribute): the client's locality keeps min(100, ⌊140·h/t⌋)% — all of it when ≥ 5/7 of its endpoints are healthy", () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), (s, withRule) => {
        const setting = withRule ? { failover: [{ from: "r1", to: "r2" }] } : undefined;
        const request = {
          ...toRequest(s),
          proxy: { ...s.proxy, kind: "sidecar" as const },
          service: { trafficDistribution: "Any" as const },
          destinationRulePolicy: {
            outlierDetection: {},
            ...(setting ? { loadBalancer: { localityLbSetting: setting } } : {}),
          } as LbTrafficPolicy,
        };
        const own = localityString(s.proxy.locality);
        const mine = request.endpoints.filter((e) => localityString(e.locality) === own);
        const healthy = mine.filter(
          (e) => e.health === "healthy" && !request.ejected!.has(e.workloadId),
        ).length;
        if (healthy === 0) return;
        const d = computeDistribution(request);
        const kept = d.shares.filter((x) => x.localityKey === own).reduce((sum, x) => sum + x.share, 0);
        const floor = Math.min(100, Math.floor((140 * healthy) / mine.length)) / 100;
        expect(kept).toBeGreaterThanOrEqual(floor - 1e-9);
        if (7 * healthy >= 5 * mine.length) expect(kept).toBeCloseTo(1, 12);
      }),
      RUNS,
    );
  });

  it("ztunnel PreferClose: with a healthy endpoint on the client's network, region and zone, no connection leaves them", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const client = { ...s.proxy, kind: "ztunnel" as const };
        const near = (e: RegistryEndpoint) =>
          e.network === client.network &&
          e.locality.region === client.locality.region &&
          e.locality.zone === client.locality.zone;
        if (!s.endpoints.some((e) => near(e) && e.health === "healthy")) return;
        const d = computeDistribution({
          ...toRequest(s),
          proxy: client,
          service: { trafficDistribution: "PreferClose" },
        });
        for (const share of d.shares) if (!near(share.endpoint)) expect(share.share).toBe(0);
      }),
      RUNS,
    );
  });

  it("taking a cluster down (its endpoints gone) never leaves it a share; the others take all requests or nothing is reachable", () => {
    fc.assert(
      fc.property(scenario, cluster, (s, down) => {
        const after = computeDistribution(
          toRequest(
            s,
            s.endpoints.filter((e) => e.cluster !== down),
          ),
        );
        expect(sharesByCluster(after.shares)[down] ?? 0).toBe(0);
        if (after.shares.length > 0) expect(total(after.shares)).toBeCloseTo(1, 9);
      }),
      RUNS,
    );
  });

  it("with the failover gate closed (all priority 0, no locality weights, panic disabled), taking a cluster down never lowers another cluster's share", () => {
    fc.assert(
      fc.property(scenario, cluster, (s, down) => {
        const request = {
          ...toRequest(s),
          proxy: { ...s.proxy, kind: "sidecar" as const },
          service: { trafficDistribution: "Any" as const },
          destinationRulePolicy: undefined,
          istioVersion: "1.31" as const,
        };
        const was = sharesByCluster(computeDistribution(request).shares);
        const after = computeDistribution({
          ...request,
          endpoints: s.endpoints.filter((e) => e.cluster !== down),
        });
        const now = sharesByCluster(after.shares);
        for (const [other, share] of Object.entries(was)) {
          if (other !== down) expect(now[other] ?? 0).toBeGreaterThanOrEqual(share - 1e-12);
        }
      }),
      RUNS,
    );
  });

  it("deterministic, and independent of the order endpoints arrive in", () => {
    fc.assert(
      fc.property(scenario, fc.integer(), (s, seed) => {
        const a = computeDistribution(toRequest(s));
        expect(computeDistribution(toRequest(s))).toEqual(a);
        const shuffled = [...s.endpoints].sort(
          (x, y) => ((hash(x.workloadId) ^ seed) >>> 0) - ((hash(y.workloadId) ^ seed) >>> 0),
        );
        const b = computeDistribution(toRequest(s, shuffled));
        const byId = new Map(b.shares.map((x) => [x.endpoint.workloadId, x.share]));
        expect(b.outcome).toBe(a.outcome);
        for (const x of a.shares) expect(byId.get(x.endpoint.workloadId)).toBeCloseTo(x.share, 12);
      }),
      RUNS,
    );
  });
});

/** A small string hash, so shuffles are reproducible from the fast-check seed. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h;
}
