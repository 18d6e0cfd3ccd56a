import { createMesh, type Mesh, MeshwrightError } from "@meshwright/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../simulator";
import {
  arbFaults,
  arbMesh,
  arbRequestFor,
  arbWorkloadOf,
  REPLICATED_SERVICE,
  TESTING_CODES,
  workloadsOf,
} from ".";

const SAMPLE = { numRuns: 60, seed: 11 } as const;
const meshes = fc.sample(arbMesh(), SAMPLE);

/** The kubectl-style objects of a kind across a mesh. */
const objectsOf = (mesh: Mesh, kind: string) =>
  mesh.clusters.flatMap((c) => c.resources.filter((o) => o.kind === kind));

describe("arbMesh", () => {
  it("property: every generated mesh is valid (createMesh on it reports no error)", () => {
    fc.assert(
      fc.property(arbMesh(), (mesh) => {
        expect(createMesh(mesh).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      }),
      { numRuns: 40, seed: 3 },
    );
  });

  it("is deterministic for a fast-check seed", () => {
    expect(fc.sample(arbMesh(), { numRuns: 5, seed: 99 })).toEqual(
      fc.sample(arbMesh(), { numRuns: 5, seed: 99 }),
    );
  });

  it("covers multi-network topologies, both gateway kinds, every dataplane and a service spread over clusters", () => {
    const networks = meshes.map((m) => new Set(m.clusters.map((c) => c.network)).size);
    expect(networks.some((n) => n >= 2)).toBe(true);
    expect(networks.some((n) => n === 1)).toBe(true);
    const gateways = meshes.flatMap((m) => m.clusters.flatMap((c) => c.gateways));
    expect(new Set(gateways.map((g) => g.kind))).toEqual(new Set(["classic", "ambient"]));
    expect(gateways.some((g) => g.address === undefined)).toBe(true);
    const workloads = meshes.flatMap(workloadsOf);
    expect(new Set(workloads.map((w) => w.dataplane))).toEqual(new Set(["sidecar", "ambient", "none"]));
    const spread = meshes.filter((m) => {
      const clusters = workloadsOf(m)
        .filter(
          (w) => w.namespace === REPLICATED_SERVICE.namespace && w.owner.name === REPLICATED_SERVICE.name,
        )
        .map((w) => w.cluster);
      return new Set(clusters).size >= 2;
    });
    expect(spread.length).toBeGreaterThan(SAMPLE.numRuns / 3);
    expect(
      meshes.some((m) => m.clusters.some((c) => c.istiodFeatures.AMBIENT_ENABLE_MULTI_NETWORK === "true")),
    ).toBe(true);
  });

  it("draws DestinationRules with outlierDetection and each localityLbSetting variant", () => {
    const policies = meshes.flatMap((m) =>
      objectsOf(m, "DestinationRule").map(
        (o) => (o.spec as { trafficPolicy: Record<string, unknown> }).trafficPolicy,
      ),
    );
    expect(policies.some((p) => p.outlierDetection !== undefined)).toBe(true);
    const settings = policies.map(
      (p) =>
        (p.loadBalancer as { localityLbSetting?: Record<string, unknown> } | undefined)?.localityLbSetting,
    );
    for (const key of ["failover", "failoverPriority", "distribute"]) {
      expect(
        settings.some((s) => s?.[key] !== undefined),
        key,
      ).toBe(true);
    }
    expect(settings.some((s) => s?.enabled === false)).toBe(true);
  });

  it("honours the rule options (always a rule, only the listed variants)", () => {
    const only = fc.sample(
      arbMesh({
        destinationRule: { present: true, outlierDetection: ["eject-all"], localityLbSetting: ["enabled"] },
      }),
      { numRuns: 10, seed: 5 },
    );
    for (const mesh of only) {
      const rules = objectsOf(mesh, "DestinationRule").filter((o) => o.metadata.namespace === "shared");
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) {
        expect(rule.spec).toMatchObject({
          trafficPolicy: {
            outlierDetection: { maxEjectionPercent: 100 },
            loadBalancer: { localityLbSetting: { enabled: true } },
          },
        });
      }
    }
  });

  it("yields requests that exercise direct, classic-gateway and double-HBONE paths", () => {
    const protocols = new Set<string>();
    for (const mesh of meshes) {
      const sim = compile(mesh);
      for (const request of fc.sample(arbRequestFor(mesh), { numRuns: 8, seed: 3 })) {
        const trace = sim.request(request);
        if (!trace.outcome.ok) continue;
        for (const hop of trace.hops)
          protocols.add(`${hop.protocol}${hop.to.role === "eastwest-gateway" ? "@gw" : ""}`);
      }
    }
    expect([...protocols]).toEqual(
      expect.arrayContaining(["mTLS", "HBONE", "mTLS@gw", "double HBONE@gw", "TCP"]),
    );
  });
});

describe("arbWorkloadOf / arbRequestFor / arbFaults", () => {
  const mesh = meshes.find(
    (m) => m.clusters.length >= 2 && new Set(m.clusters.map((c) => c.network)).size >= 2,
  )!;

  it("property: arbWorkloadOf draws a workload of the mesh with a wanted dataplane", () => {
    const ids = new Set(workloadsOf(mesh).map((w) => w.id));
    fc.assert(
      fc.property(arbWorkloadOf(mesh, { dataplanes: ["sidecar", "ambient"] }), (w) => {
        expect(ids.has(w.id)).toBe(true);
        expect(w.dataplane).not.toBe("none");
      }),
      { numRuns: 30, seed: 1 },
    );
  });

  it("property: arbRequestFor names a port of a Service the caller's own cluster declares", () => {
    fc.assert(
      fc.property(arbRequestFor(mesh), (request) => {
        const caller = workloadsOf(mesh).find((w) => w.id === request.from)!;
        const service = mesh.clusters
          .find((c) => c.name === caller.cluster)!
          .services.find((s) => s.hostname === request.hostname)!;
        expect(service.ports.map((p) => p.port)).toContain(request.port);
        expect(request.to).toMatch(new RegExp(`^(http|tcp)://${request.host}:${request.port}`));
        expect(request.requestKey).toMatch(/^\d+$/);
      }),
      { numRuns: 40, seed: 2 },
    );
  });

  it("property: arbFaults names only what the mesh has, within the bounds asked", () => {
    const clusters = new Set(mesh.clusters.map((c) => c.name));
    const networks = new Set(mesh.clusters.map((c) => c.network));
    const workloads = new Set(workloadsOf(mesh).map((w) => w.id));
    fc.assert(
      fc.property(arbFaults(mesh, { maxFaults: 3 }), (faults) => {
        expect(faults.length).toBeLessThanOrEqual(3);
        for (const fault of faults) {
          if ("cluster" in fault) expect(clusters.has(fault.cluster)).toBe(true);
          if ("workloads" in fault) expect(fault.workloads.every((w) => workloads.has(w))).toBe(true);
          if (fault.kind === "partition") {
            expect(fault.networks[0]).not.toBe(fault.networks[1]);
            expect(fault.networks.every((n) => networks.has(n))).toBe(true);
          }
          if (fault.kind === "remote-api-unreachable") {
            expect(clusters.has(fault.istiod) && clusters.has(fault.remote)).toBe(true);
          }
        }
      }),
      { numRuns: 60, seed: 4 },
    );
    const kinds = new Set(
      fc
        .sample(arbFaults(mesh), { numRuns: 200, seed: 6 })
        .flat()
        .map((f) => f.kind),
    );
    expect(kinds.size).toBeGreaterThanOrEqual(6);
    expect(
      fc
        .sample(arbFaults(mesh, { kinds: ["partition"] }), { numRuns: 20, seed: 1 })
        .flat()
        .every((f) => f.kind === "partition"),
    ).toBe(true);
  });

  it("a mesh without workloads is a MeshwrightError MW5150, not a crash inside fast-check", () => {
    const empty: Mesh = { ...mesh, clusters: mesh.clusters.map((c) => ({ ...c, workloads: [] })) };
    for (const build of [() => arbWorkloadOf(empty), () => arbRequestFor(empty)]) {
      expect(build).toThrow(MeshwrightError);
      try {
        build();
      } catch (error) {
        expect((error as MeshwrightError).code).toBe(TESTING_CODES.noWorkload);
        expect((error as MeshwrightError).diagnostics[0]?.fix).toBeTruthy();
      }
    }
    const noServices: Mesh = { ...mesh, clusters: mesh.clusters.map((c) => ({ ...c, services: [] })) };
    expect(() => arbRequestFor(noServices)).toThrow(/no workload's cluster declares a Service/);
  });
});
