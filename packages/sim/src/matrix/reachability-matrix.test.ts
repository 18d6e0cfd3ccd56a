import { createMesh } from "@meshwright/core";
import { arbMeshSpec } from "@meshwright/core/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../simulator/simulated-mesh";
import { cellOutcome, sameOutcome } from "./cell-outcome";
import { reachabilityMatrix } from "./reachability-matrix";
import { deployment, istio, namespace, service, testMesh } from "./test-support";

const arbSim = arbMeshSpec({ maxClusters: 3, maxNamespaces: 2, maxDeployments: 2 }).map((spec) =>
  compile(createMesh(spec).mesh),
);

describe("reachabilityMatrix", () => {
  it("every cell is the outcome of request() from its sample workload (property)", () => {
    fc.assert(
      fc.property(arbSim, fc.nat(), (sim, pick) => {
        const matrix = reachabilityMatrix(sim);
        // The totals are counted from the columns before any cell exists; the cells must agree.
        const { totals } = matrix;
        expect(matrix.cells.length).toBe(matrix.classes.length * matrix.destinations.length);
        expect(totals).toEqual({
          cells: matrix.cells.length,
          ok: matrix.cells.filter((c) => c.ok).length,
          failed: matrix.cells.filter((c) => !c.ok).length,
        });
        if (matrix.cells.length === 0) return;
        for (let k = 0; k < 5; k++) {
          const cell = matrix.cells[(pick + k * 7919) % matrix.cells.length]!;
          const destination = matrix.destinations.find((d) => d.id === cell.destination)!;
          const trace = sim.request({ from: cell.sample, to: destination.url });
          expect(cellOutcome(trace)).toEqual({
            ok: cell.ok,
            ...(cell.code
              ? { code: cell.code, name: cell.name, symptom: cell.symptom, reason: cell.reason }
              : {}),
            servedBy: cell.servedBy,
          });
        }
      }),
      { numRuns: 25 },
    );
  });

  it("grouping classes never changes an outcome no seeded pick decides: single-server destinations (property)", () => {
    fc.assert(
      fc.property(arbSim, (sim) => {
        const matrix = reachabilityMatrix(sim);
        const index = sim.ctx.index;
        const single = new Set(
          matrix.destinations
            .filter(
              (d) => index.servicesNamed(d.host).flatMap((s) => index.selectedWorkloads(s)).length === 1,
            )
            .map((d) => d.id),
        );
        const byId = new Map(matrix.classes.map((c) => [c.id, c]));
        for (const cell of matrix.cells) {
          if (!single.has(cell.destination)) continue;
          const destination = matrix.destinations.find((d) => d.id === cell.destination)!;
          const own = sim.request({ from: byId.get(cell.source)!.representative, to: destination.url });
          expect(sameOutcome(cellOutcome(own), cell), `${cell.source} → ${cell.destination}`).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  });

  it("grouping classes never changes an outcome when routing config reads the client's namespace: exportTo, DestinationRule lookup order, workloadSelector (property)", () => {
    const host = "web.shop.svc.cluster.local";
    // A VirtualService sending every request to subset v1: a client that sees no DestinationRule
    // defining v1 gets no cluster for it (istiod builds none), so who sees which rule shows.
    const exportTo = fc.constantFrom<string[] | undefined>(undefined, ["*"], ["."], ["team"]);
    const arbConfig = fc.record({
      vs: fc.option(fc.record({ namespace: fc.constantFrom("shop", "ops"), exportTo })),
      dr: fc.option(
        fc.record({
          namespace: fc.constantFrom("shop", "ops", "istio-system"),
          exportTo,
          selector: fc.boolean(),
        }),
      ),
      service: exportTo,
    });
    fc.assert(
      fc.property(arbConfig, ({ vs, dr, service: serviceExport }) => {
        const web = service("shop", "web");
        const objects = [
          namespace("shop"),
          namespace("ops"),
          namespace("team"),
          deployment("shop", "web", { labels: { version: "v1" } }),
          serviceExport
            ? {
                ...web,
                metadata: {
                  ...web.metadata,
                  annotations: { "networking.istio.io/exportTo": serviceExport.join(",") },
                },
              }
            : web,
          ...["shop", "ops", "team"].map((ns) => deployment(ns, "client")),
          ...(vs
            ? [
                istio("VirtualService", vs.namespace, "web-v1", {
                  hosts: [host],
                  ...(vs.exportTo ? { exportTo: vs.exportTo } : {}),
                  http: [{ route: [{ destination: { host, subset: "v1" } }] }],
                }),
              ]
            : []),
          ...(dr
            ? [
                istio("DestinationRule", dr.namespace, "web-subsets", {
                  host,
                  ...(dr.exportTo ? { exportTo: dr.exportTo } : {}),
                  ...(dr.selector ? { workloadSelector: { matchLabels: { app: "client" } } } : {}),
                  subsets: [{ name: "v1", labels: { version: "v1" } }],
                }),
              ]
            : []),
        ];
        const sim = compile(testMesh([{ name: "c1", objects }]));
        const matrix = reachabilityMatrix(sim, { destinations: [`${host}:*`] });
        const byId = new Map(matrix.classes.map((c) => [c.id, c]));
        for (const cell of matrix.cells) {
          const own = sim.request({
            from: byId.get(cell.source)!.representative,
            to: `http://${host}:8080/`,
          });
          expect(sameOutcome(cellOutcome(own), cell), `${cell.source}: ${JSON.stringify({ vs, dr })}`).toBe(
            true,
          );
        }
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  const mesh = testMesh([
    {
      name: "c1",
      objects: [
        namespace("shop"),
        namespace("ops", "none"),
        deployment("shop", "web", { replicas: 3 }),
        deployment("shop", "api", { replicas: 3 }),
        deployment("ops", "curl"),
        service("shop", "web"),
        service("shop", "api", 9090, "tcp-api"),
        istio("AuthorizationPolicy", "shop", "api-from-web", {
          selector: { matchLabels: { app: "api" } },
          rules: [{ from: [{ source: { principals: ["cluster.local/ns/shop/sa/web"] } }] }],
        }),
      ],
    },
  ]);
  const sim = compile(mesh);

  it("fills every (class × service port) cell, one request per group of indistinguishable classes", () => {
    const matrix = reachabilityMatrix(sim);
    expect(matrix.destinations.map((d) => [d.id, d.protocol, d.url])).toEqual([
      ["api.shop.svc.cluster.local:9090", "tcp", "tcp://api.shop.svc.cluster.local:9090"],
      ["web.shop.svc.cluster.local:8080", "http", "http://web.shop.svc.cluster.local:8080/"],
    ]);
    expect(matrix.cells.length).toBe(matrix.classes.length * 2);
    expect(matrix.requests).toBeLessThan(matrix.cells.length);
    const cell = (owner: string, destination: string) =>
      matrix.cells.find((c) => c.source.includes(`sa=${owner}|`) && c.destination.startsWith(destination))!;
    // AuthorizationPolicy api-from-web: only web's identity is allowed into api (istio-semantics §2.3).
    expect(cell("web", "api").ok).toBe(true);
    expect(cell("api", "api")).toMatchObject({ ok: false, name: "AUTHZ_DENIED_TCP" });
    expect(cell("curl", "web").ok).toBe(true);
  });

  it("holds one destination host's views at a time: after a matrix, only the last host's", () => {
    const all = compile(mesh);
    reachabilityMatrix(all);
    const lastOnly = compile(mesh);
    reachabilityMatrix(lastOnly, { destinations: ["web.shop*"] });
    const held = (s: typeof sim) => {
      const m = s.ctx.memos;
      return [m.clientViews.size, m.edsViews.size, m.gatewayViews.size, m.wds.size, m.balances.size];
    };
    expect(held(lastOnly).some((n) => n > 0)).toBe(true);
    expect(held(all)).toEqual(held(lastOnly));
  });

  it("keeps only the classes and destinations the globs name, and samples destinations deterministically", () => {
    const filtered = reachabilityMatrix(sim, { sources: ["c1/ops/*"], destinations: ["web.shop*"] });
    expect(filtered.classes.map((c) => c.label)).toEqual(["c1/ops/curl"]);
    expect(filtered.destinations.map((d) => d.service)).toEqual(["shop/web"]);
    const sampled = reachabilityMatrix(sim, { sampleDestinations: 1 });
    expect(sampled.destinations.length).toBe(1);
    expect(reachabilityMatrix(sim, { sampleDestinations: 1 }).destinations).toEqual(sampled.destinations);
  });

  it("reports bad filters as diagnostics instead of throwing", () => {
    expect(reachabilityMatrix(sim, { sources: [""] }).diagnostics[0]).toMatchObject({ code: "MW6601" });
    expect(reachabilityMatrix(sim, { sources: ["nowhere/*"] }).diagnostics[0]).toMatchObject({
      code: "MW6602",
    });
    expect(reachabilityMatrix(sim, { destinations: ["nothing:1"] }).diagnostics[0]).toMatchObject({
      code: "MW6603",
    });
    const bad = reachabilityMatrix(sim, { sampleDestinations: 0 });
    expect(bad.diagnostics[0]).toMatchObject({ code: "MW6604" });
    expect(bad.cells).toEqual([]);
  });

  it("serialises as plain JSON and back", () => {
    const matrix = reachabilityMatrix(sim);
    expect(JSON.parse(JSON.stringify(matrix))).toEqual(matrix);
  });
});
