import { createMesh, type KubeObject } from "@meshwright/core";
import { arbMeshSpec } from "@meshwright/core/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Fault } from "../faults/fault";
import { reachabilityMatrix } from "../matrix/reachability-matrix";
import { deployment, istio, namespace, service, testMesh } from "../matrix/test-support";
import { compile, type SimulatedMesh } from "../simulator/simulated-mesh";
import { optionsOf } from "./apply-change";
import type { MeshChange } from "./change";
import { diff, diffEveryPair } from "./diff";
import { whatIf } from "./what-if";

const pairs = (changes: readonly { source: string; destination: string }[]) =>
  changes.map((c) => `${c.source} → ${c.destination}`).sort();

/** A change drawn for a mesh: deny-all in one of its namespaces, or a fault on one of its clusters / networks. */
function arbChange(sim: SimulatedMesh): fc.Arbitrary<MeshChange> {
  const clusters = sim.mesh.clusters;
  const namespaces = clusters.flatMap((c) => c.namespaces.map((n) => [c.name, n.name] as const));
  const networks = [...new Set(clusters.map((c) => c.network))];
  const options: fc.Arbitrary<MeshChange>[] = [
    fc.constantFrom(...clusters.map((c) => c.name)).map((cluster) => ({
      kind: "faults" as const,
      faults: [{ kind: "cluster-down", cluster } as Fault],
    })),
    fc.constantFrom(...clusters.map((c) => c.name)).map((cluster) => ({
      kind: "faults" as const,
      faults: [{ kind: "gateway-down", cluster } as Fault],
    })),
  ];
  if (namespaces.length > 0) {
    options.push(
      fc.constantFrom(...namespaces).map(([cluster, ns]) => ({
        kind: "apply" as const,
        cluster,
        objects: [istio("AuthorizationPolicy", ns, "deny-all", {})],
      })),
    );
  }
  if (networks.length > 1) {
    options.push(
      fc.constant({
        kind: "faults" as const,
        faults: [{ kind: "partition", networks: [networks[0]!, networks[1]!] } as Fault],
      }),
    );
  }
  return fc.oneof(...options);
}

const arbSim = arbMeshSpec({ maxClusters: 3, maxNamespaces: 2, maxDeployments: 2 }).map((spec) =>
  compile(createMesh(spec).mesh),
);

describe("diff", () => {
  it("a mesh diffed with itself, or with a fresh compile of it, or a matrix with its JSON copy, is empty (property)", () => {
    fc.assert(
      fc.property(arbSim, (sim) => {
        expect(diff(sim, sim).changes).toEqual([]);
        // Every pair, not the what-if shortcut (which has no object to look at here).
        expect(diffEveryPair(sim, compile(sim.mesh)).changes).toEqual([]);
        const matrix = reachabilityMatrix(sim);
        expect(diff(matrix, JSON.parse(JSON.stringify(matrix))).changes).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });
});

describe("whatIf", () => {
  it("recomputing only the pairs a change can reach finds exactly what a full diff finds (property)", () => {
    fc.assert(
      fc.property(
        arbSim.chain((sim) => fc.tuple(fc.constant(sim), arbChange(sim), fc.boolean())),
        ([sim, change, withBaseline]) => {
          const baseline = withBaseline ? reachabilityMatrix(sim) : undefined;
          const result = whatIf(sim, change, baseline ? { baseline } : {});
          if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
          expect(pairs(result.diff.changes)).toEqual(pairs(diffEveryPair(sim, result.after).changes));
          // The after side is a successor compile planned from the before plan: a fresh compile agrees,
          // and so does `diff`, which takes the same what-if shortcut for meshes differing in objects.
          const fresh = compile(result.after.mesh, optionsOf(result.after));
          expect(pairs(result.diff.changes)).toEqual(pairs(diffEveryPair(sim, fresh).changes));
          expect(pairs(diff(sim, fresh).changes)).toEqual(pairs(result.diff.changes));
        },
      ),
      { numRuns: 30 },
    );
  });

  const objects: KubeObject[] = [
    namespace("shop"),
    deployment("shop", "web", { replicas: 2 }),
    deployment("shop", "api", { replicas: 2 }),
    service("shop", "web"),
    service("shop", "api"),
    istio("AuthorizationPolicy", "shop", "api-only-web", {
      selector: { matchLabels: { app: "api" } },
      rules: [{ from: [{ source: { principals: ["cluster.local/ns/shop/sa/web"] } }] }],
    }),
  ];
  const sim = compile(
    testMesh([
      { name: "east", network: "n1", objects },
      { name: "west", network: "n1", objects: objects.slice(0, 4) },
    ]),
  );

  it("deleting an AuthorizationPolicy lets the callers it denied through (kubectl delete)", () => {
    const result = whatIf(sim, {
      kind: "delete",
      cluster: "east",
      objects: [{ kind: "AuthorizationPolicy", namespace: "shop", name: "api-only-web" }],
    });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.diff.changes.length).toBeGreaterThan(0);
    for (const change of result.diff.changes) {
      expect(change.destination).toBe("api.shop.svc.cluster.local:8080");
      expect(change.before).toMatchObject({ ok: false, name: "AUTHZ_DENIED_HTTP" });
      expect(change.after.ok).toBe(true);
      expect(change.decision).toMatchObject({ kind: "authz", before: "DENY", after: "ALLOW" });
    }
  });

  it("a cluster down changes only requests whose traces passed through it", () => {
    const result = whatIf(sim, { kind: "faults", faults: [{ kind: "cluster-down", cluster: "west" }] });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.diff.changes.length).toBeGreaterThan(0);
    for (const change of result.diff.changes) {
      expect(change.after).toMatchObject({ ok: false, name: "UPSTREAM_CONNECT_FAILURE" });
      expect(change.after.reason).toContain("west/");
    }
    expect(pairs(result.diff.changes)).toEqual(pairs(diffEveryPair(sim, result.after).changes));
  });

  it("another Istio version recompiles the same mesh (no change on a mesh no 1.30/1.31 rule tells apart)", () => {
    const result = whatIf(sim, { kind: "istio-version", version: "1.30" });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.after.ctx.istioVersion).toBe("1.30");
    expect(result.after.mesh).toBe(sim.mesh);
    expect(result.diff.changes).toEqual([]);
  });

  it("reports bad changes as diagnostics, never as exceptions", () => {
    const codes = (change: MeshChange | readonly MeshChange[]) => {
      const result = whatIf(sim, change);
      return result.ok ? [] : result.diagnostics.map((d) => d.code);
    };
    expect(codes([])).toEqual(["MW6617"]);
    expect(codes({ kind: "apply", cluster: "north", objects: [] })).toEqual(["MW6610"]);
    expect(codes({ kind: "apply", cluster: "east", objects: [{ kind: "Service" } as KubeObject] })).toEqual([
      "MW6611",
    ]);
    expect(codes({ kind: "delete", cluster: "east", objects: [{ kind: "Service", name: "nope" }] })).toEqual([
      "MW6612",
    ]);
    expect(codes({ kind: "istio-version", version: "1.29" as "1.30" })).toEqual(["MW6613"]);
    expect(codes({ kind: "faults", faults: [{ kind: "cluster-down", cluster: "north" }] })).toEqual([
      "MW6616",
    ]);
    const invalid = codes({
      kind: "apply",
      cluster: "east",
      objects: [
        {
          apiVersion: "v1",
          kind: "Service",
          metadata: { name: "bad", namespace: "shop", labels: { app: "not a label value!" } },
          spec: { ports: [{ port: 80 }] },
        },
      ],
    });
    expect(invalid[0]).toBe("MW6615");
  });
});
