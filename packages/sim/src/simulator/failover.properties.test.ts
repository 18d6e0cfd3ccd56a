import { localityString } from "@meshwright/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, type Fault } from "..";
import { arbFaults, arbMesh, REPLICATED_SERVICE, workloadsOf } from "../testing";

/**
 * Locality failover and fault invariants over generated meshes, on the replicated service
 * `web.shared` (pods in several clusters and localities). Seeded and bounded.
 */

const { name, namespace, port } = REPLICATED_SERVICE;
const HOST = `${name}.${namespace}`;
const RUNS = { numRuns: 60, seed: 7_021 } as const;
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Meshes whose DestinationRule turns locality failover on with the default tiers (outlierDetection
 * set; localityLbSetting absent, `enabled`, or `failover` rules), a sidecar client (Envoy), and
 * readiness / ejection / cluster faults.
 */
const arbFailoverCase = arbMesh({
  destinationRule: {
    present: true,
    outlierDetection: ["default", "eject-all"],
    localityLbSetting: ["none", "enabled", "failover"],
  },
}).chain((mesh) => {
  const clients = workloadsOf(mesh).filter((w) => w.dataplane === "sidecar");
  return fc.record({
    mesh: fc.constant(mesh),
    client: clients.length > 0 ? fc.constantFrom(...clients) : fc.constant(undefined),
    faults: arbFaults(mesh, { kinds: ["unhealthy", "ejected", "cluster-down"], maxFaults: 2 }),
  });
});

/** Any mesh, any client, one other cluster taken down by a fault of either kind. */
const arbTakeDown = arbMesh().chain((mesh) =>
  fc.record({
    mesh: fc.constant(mesh),
    client: fc.constantFrom(...workloadsOf(mesh)),
    cluster: fc.constantFrom(...mesh.clusters.map((c) => c.name)),
    how: fc.constantFrom<"cluster-down" | "unhealthy">("cluster-down", "unhealthy"),
  }),
);

describe("locality failover properties (Envoy, istio-semantics §1.4–1.8)", () => {
  it("property: with outlierDetection and ≥ 5/7 of the hosts in the client's own locality healthy, Envoy's priority 0 is that locality and receives 100 % (overprovisioning 1.4: health(P0) = min(100, 140 × healthy/total))", () => {
    let meaningful = 0;
    fc.assert(
      fc.property(arbFailoverCase, ({ mesh, client, faults }) => {
        if (!client) return;
        const sim = compile(mesh, { faults });
        const table = sim.endpoints(client.id, HOST, port);
        const locality = localityString(client.locality);
        const own = table.rows.filter((r) => r.locality === locality);
        const healthy = own.filter((r) => r.status === "HEALTHY").length;
        // The invariant's premise: the client's locality group exists and P0 health reaches 100 %.
        if (own.length === 0 || healthy * 7 < own.length * 5) return;
        meaningful++;
        const why = JSON.stringify({ client: client.id, faults, rows: table.rows });
        expect(
          table.rows.filter((r) => r.priority === 0).every((r) => r.locality === locality),
          why,
        ).toBe(true);
        const d = sim.distribution(client.id, HOST, port);
        expect(sum(d.rows.map((r) => r.share)), why).toBeCloseTo(1, 9);
        for (const row of d.rows) {
          // Nothing leaves the locality at the client's Envoy: every request goes to a P0 host of it.
          expect(row.priority, why).toBe(0);
          // A gateway host of the locality forwards to what *its* Envoy picks in the remote network,
          // which may be another locality there; a direct host is the final workload.
          if (row.via === undefined) expect(row.locality, why).toBe(locality);
        }
      }),
      RUNS,
    );
    expect(meaningful).toBeGreaterThan(10);
  });

  it("property: taking a cluster down (cluster-down: stale endpoints, ejected only with outlierDetection; or unhealthy for all its workloads) never increases the share of requests it receives", () => {
    let reduced = 0;
    fc.assert(
      fc.property(arbTakeDown, ({ mesh, client, cluster, how }) => {
        if (client.cluster === cluster) return;
        const fault: Fault =
          how === "cluster-down"
            ? { kind: "cluster-down", cluster }
            : {
                kind: "unhealthy",
                workloads: mesh.clusters.find((c) => c.name === cluster)!.workloads.map((w) => w.id),
              };
        const before = compile(mesh).distribution(client.id, HOST, port).byCluster[cluster] ?? 0;
        const after =
          compile(mesh, { faults: [fault] }).distribution(client.id, HOST, port).byCluster[cluster] ?? 0;
        expect(after, JSON.stringify({ client: client.id, fault, before, after })).toBeLessThanOrEqual(
          before + 1e-9,
        );
        if (after < before - 1e-9) reduced++;
      }),
      RUNS,
    );
    expect(reduced).toBeGreaterThan(5);
  });

  it("cluster-down without outlierDetection keeps the stale endpoints' share (istiod keeps its informer cache; nothing ejects)", () => {
    let checked = 0;
    fc.assert(
      fc.property(arbMesh({ destinationRule: { present: false } }), fc.nat(), fc.nat(), (mesh, c, k) => {
        const client = workloadsOf(mesh).filter((w) => w.dataplane === "sidecar")[c % 8];
        const cluster = mesh.clusters[k % mesh.clusters.length]!.name;
        if (!client || client.cluster === cluster) return;
        const before = compile(mesh).distribution(client.id, HOST, port);
        const after = compile(mesh, { faults: [{ kind: "cluster-down", cluster }] }).distribution(
          client.id,
          HOST,
          port,
        );
        checked++;
        expect(after.byCluster).toEqual(before.byCluster);
      }),
      { ...RUNS, numRuns: 30 },
    );
    expect(checked).toBeGreaterThan(5);
  });
});
