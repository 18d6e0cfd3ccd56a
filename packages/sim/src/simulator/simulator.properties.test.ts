import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, type Fault, type SimulatedMesh, type Trace } from "..";
import { arbFaults, arbMesh, arbRequestFor, type GeneratedRequest } from "../testing";

/**
 * Invariants of the simulator over generated meshes, requests and faults (`@meshwright/sim/testing`).
 * Seeded and bounded: every run draws the same cases.
 */

const RUNS = { numRuns: 40, seed: 20_261_122 } as const;

/** A mesh, a request one of its workloads could make, and faults (possibly none). */
const arbCase = arbMesh().chain((mesh) =>
  fc.record({ mesh: fc.constant(mesh), request: arbRequestFor(mesh), faults: arbFaults(mesh) }),
);

/** Several requests of one mesh under one fault set: compiling once per mesh keeps the suite fast. */
const arbCases = arbMesh().chain((mesh) =>
  fc.record({
    mesh: fc.constant(mesh),
    requests: fc.array(arbRequestFor(mesh), { minLength: 1, maxLength: 6 }),
    faults: arbFaults(mesh),
  }),
);

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** The ids of the workloads that serve `hostname`: selected by a declaration of it in some cluster. */
function servingWorkloads(sim: SimulatedMesh, hostname: string): Set<string> {
  const ids = new Set<string>();
  for (const service of sim.mesh.clusters.flatMap((c) => c.services)) {
    if (service.hostname !== hostname) continue;
    for (const w of sim.ctx.index.selectedWorkloads(service)) ids.add(w.id);
  }
  return ids;
}

function describeCase(request: GeneratedRequest, faults: readonly Fault[], trace?: Trace): string {
  return JSON.stringify({ request, faults, outcome: trace?.outcome });
}

describe("simulator properties", () => {
  it("property: distribution() shares over endpoints sum to 1, or the distribution is empty (nothing reachable)", () => {
    fc.assert(
      fc.property(arbCases, ({ mesh, requests, faults }) => {
        const sim = compile(mesh, { faults });
        for (const request of requests) {
          const d = sim.distribution(request.from, request.host, request.port);
          const total = sum(d.rows.map((r) => r.share));
          if (d.rows.length > 0) expect(total, describeCase(request, faults)).toBeCloseTo(1, 9);
          expect(d.rows.every((r) => r.share > 0)).toBe(true);
          expect(sum(Object.values(d.byCluster))).toBeCloseTo(total, 9);
          expect(sum(Object.values(d.byLocality))).toBeCloseTo(total, 9);
          const perRequest = sim.request(request).distribution;
          if (perRequest && perRequest.rows.length > 0) {
            expect(sum(perRequest.rows.map((r) => r.share))).toBeCloseTo(1, 9);
          }
        }
      }),
      RUNS,
    );
  });

  it("property: byCluster summed per gateway (read before the rows) equals the rows summed per cluster, in the same order", () => {
    let throughGateways = 0;
    fc.assert(
      fc.property(arbCases, ({ mesh, requests, faults }) => {
        // Two compiles: a summary's sums are kept per balancer, so each side starts cold.
        const sumsFirst = compile(mesh, { faults });
        const rowsFirst = compile(mesh, { faults });
        for (const request of requests) {
          const why = describeCase(request, faults);
          const summaries = [
            [
              sumsFirst.distribution(request.from, request.host, request.port),
              rowsFirst.distribution(request.from, request.host, request.port),
            ],
            [sumsFirst.request(request).distribution, rowsFirst.request(request).distribution],
          ] as const;
          for (const [summed, listed] of summaries) {
            const byCluster = summed?.byCluster ?? {};
            const rows = listed?.rows ?? [];
            if (rows.some((r) => r.via !== undefined)) throughGateways++;
            const fromRows = new Map<string, number>();
            for (const row of rows) fromRows.set(row.cluster, (fromRows.get(row.cluster) ?? 0) + row.share);
            expect(Object.keys(byCluster), why).toEqual([...fromRows.keys()]);
            for (const [cluster, share] of fromRows) expect(byCluster[cluster], why).toBeCloseTo(share, 12);
          }
        }
      }),
      { ...RUNS, numRuns: 80 },
    );
    // The generated meshes reach other networks through east-west gateways in some of the cases.
    expect(throughGateways).toBeGreaterThan(10);
  });

  it("property: a successful trace's hops form one connected path (hop n starts where hop n-1 ended) ending at a workload of the requested service", () => {
    let successes = 0;
    fc.assert(
      fc.property(arbCases, ({ mesh, requests, faults }) => {
        const sim = compile(mesh, { faults });
        for (const request of requests) {
          const trace = sim.request(request);
          if (!trace.outcome.ok || trace.hops.length === 0 || !trace.endpoint) continue;
          successes++;
          const why = describeCase(request, faults, trace);
          const hops = trace.hops;
          expect(hops[0]!.from, why).toMatchObject({ role: "app", id: trace.source.workload });
          for (let i = 1; i < hops.length; i++) {
            expect(hops[i]!.from.id, `${why} hop ${i}`).toBe(hops[i - 1]!.to.id);
            expect(hops[i]!.index).toBe(i);
          }
          const last = hops.at(-1)!;
          expect(last.to, why).toMatchObject({ role: "app", id: trace.endpoint.workload });
          expect(servingWorkloads(sim, request.hostname).has(trace.endpoint.workload), why).toBe(true);
        }
      }),
      RUNS,
    );
    expect(successes).toBeGreaterThan(20);
  });

  it("property: the same seed gives the same trace (deep equal), whatever the faults", () => {
    fc.assert(
      fc.property(arbCase, fc.nat(), ({ mesh, request, faults }, seed) => {
        const first = compile(mesh, { seed, faults }).request(request);
        const again = compile(mesh, { seed, faults }).request(request);
        expect(again).toEqual(first);
        // A compiled mesh answers the same question the same way, however often it is asked.
        const sim = compile(mesh, { seed, faults });
        expect(sim.request(request)).toEqual(sim.request(request));
      }),
      { ...RUNS, numRuns: 30 },
    );
  });

  it("property: distribution() agrees with request(): the workload that served a request has a positive share", () => {
    let checked = 0;
    fc.assert(
      fc.property(arbCases, ({ mesh, requests, faults }) => {
        const sim = compile(mesh, { faults });
        for (const request of requests) {
          const trace = sim.request(request);
          if (!trace.outcome.ok || !trace.endpoint) continue;
          checked++;
          const d = sim.distribution(request.from, request.host, request.port);
          const served = d.rows.filter((r) => r.workload === trace.endpoint!.workload);
          expect(sum(served.map((r) => r.share)), describeCase(request, faults, trace)).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
    expect(checked).toBeGreaterThan(20);
  });
});
