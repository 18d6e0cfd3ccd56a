/**
 * The per-cluster ambient WDS (`ambientWorkloadsOfClusters`, what the simulator uses) against the
 * per-workload function over the concatenated lists (`ambientWorkloadsForService`), over random
 * clusters, networks, gateways, scopes and readiness.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AmbientNetworkGateway } from "./ambient-gateway";
import {
  type AmbientWorkloadsContext,
  ambientWorkloadsForService,
  ambientWorkloadsOfClusters,
} from "./ambient-workloads";
import { ambientService, ambientWorkload, service } from "./test-support";

const CLUSTERS = ["c0", "c1", "c2", "c3"];
const NETWORKS = ["n0", "n1", "n2"];

const gateway = (network: string, cluster: string, i: number): AmbientNetworkGateway => ({
  network,
  cluster,
  namespace: "istio-system",
  name: `eastwest-${i}`,
  address: { ip: `203.0.113.${i + 1}` },
  hbonePort: 15008,
  serviceAccount: "eastwest",
  identity: "spiffe://cluster.local/ns/istio-system/sa/eastwest",
  resourceName: `istio-system/eastwest-${i}/203.0.113.${i + 1}`,
});

/** null four times out of five. */
const mostlyNull = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: arb, weight: 1 });

const workloadArb = fc.record({
  /** Mostly the list's own cluster and network: lists are a cluster's pods. */
  cluster: mostlyNull(fc.constantFrom(...CLUSTERS)),
  network: mostlyNull(fc.constantFrom(...NETWORKS)),
  namespace: fc.constantFrom("a", "b"),
  sa: fc.constantFrom("echo", "api"),
  ready: fc.boolean(),
  /** Ids in no particular order (split-horizon members are sorted). */
  tag: fc.integer({ min: 0, max: 99 }),
});
const listArb = fc.record({
  cluster: fc.constantFrom(...CLUSTERS),
  network: fc.constantFrom(...NETWORKS),
  workloads: fc.array(workloadArb, { maxLength: 6 }),
});

/** The workloads stably sorted by their cluster's position in `contributing` (others last). */
function inServiceOrder<T extends { cluster: string }>(
  workloads: readonly T[],
  contributing: readonly string[],
): T[] {
  const rank = (w: T) =>
    contributing.includes(w.cluster) ? contributing.indexOf(w.cluster) : contributing.length;
  return workloads
    .map((w, i) => ({ w, i }))
    .sort((a, b) => rank(a.w) - rank(b.w) || a.i - b.i)
    .map(({ w }) => w);
}

describe("per-cluster ambient WDS", () => {
  it("equals the per-workload WDS of the concatenated lists (property)", () => {
    fc.assert(
      fc.property(
        fc.array(listArb, { maxLength: 5 }),
        fc.shuffledSubarray(CLUSTERS),
        fc.constantFrom<("GLOBAL" | "LOCAL")[]>("GLOBAL", "LOCAL"),
        fc.array(
          fc.record({ network: fc.constantFrom(...NETWORKS), cluster: fc.constantFrom(...CLUSTERS) }),
          {
            maxLength: 4,
          },
        ),
        fc.boolean(),
        (lists, contributing, scope, gatewaySpecs, shared) => {
          let n = 0;
          const clusters = lists.map((list) =>
            list.workloads.map((w) =>
              ambientWorkload(
                `${w.cluster ?? list.cluster}/${w.namespace}/p${w.tag}-${n++}`,
                w.network ?? list.network,
                {
                  serviceAccount: w.sa,
                  health: w.ready ? "healthy" : "unhealthy",
                },
              ),
            ),
          );
          const base = service("echo", "a", { cluster: contributing[0] ?? "c0" });
          const memo = new Map();
          // One istiod per network over the same list object: the first call makes the template
          // the others read. Each lists the same clusters in its own order (own cluster first);
          // the second three see one cluster fewer contribute (another template of the same lists).
          for (const [k, localNetwork] of [...NETWORKS, ...NETWORKS].entries()) {
            const turn = k % Math.max(1, contributing.length);
            const rotated = [...contributing.slice(turn), ...contributing.slice(0, turn)];
            const order = k < NETWORKS.length ? rotated : rotated.slice(1);
            const echo = ambientService(base, scope, order);
            const ctx: AmbientWorkloadsContext = {
              localNetwork,
              gateways: gatewaySpecs.map((g, i) => gateway(g.network, g.cluster, i)),
              trustDomain: "cluster.local",
              ...(shared ? { shared: memo } : {}),
            };
            const perCluster = ambientWorkloadsOfClusters(echo, clusters, ctx);
            const perWorkload = ambientWorkloadsForService(echo, inServiceOrder(clusters.flat(), order), ctx);
            expect(perCluster.local).toEqual(perWorkload.local);
            expect(perCluster.splitHorizon).toEqual(perWorkload.splitHorizon);
            expect(perCluster.subjectAltNames).toEqual(perWorkload.subjectAltNames);
            expect(perCluster.diagnostics).toEqual(perWorkload.diagnostics);
            expect(perCluster.decisions).toEqual(perWorkload.decisions);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("shares a split-horizon workload within one memo, never across memos (a successor compile's)", () => {
    const remote = [ambientWorkload("c1/a/p0", "n1"), ambientWorkload("c1/a/p1", "n1")];
    const echo = ambientService(service("echo", "a", { cluster: "c0" }), "GLOBAL", ["c0", "c1"]);
    const ctx = (shared: AmbientWorkloadsContext["shared"]): AmbientWorkloadsContext => ({
      localNetwork: "n0",
      // Each istiod has its own records of the same gateway.
      gateways: [gateway("n1", "c1", 0)],
      trustDomain: "cluster.local",
      ...(shared ? { shared } : {}),
    });
    const memo = new Map();
    const [first] = ambientWorkloadsOfClusters(echo, [remote], ctx(memo)).splitHorizon;
    const [again] = ambientWorkloadsOfClusters(echo, [remote], ctx(memo)).splitHorizon;
    const [successor] = ambientWorkloadsOfClusters(echo, [remote], ctx(new Map())).splitHorizon;
    expect(again).toBe(first);
    expect(successor).toEqual(first);
    expect(successor).not.toBe(first);
  });
});
