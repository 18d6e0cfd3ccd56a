import { createMesh, type KubeObject } from "@meshwright/core";
import { arbMeshSpec } from "@meshwright/core/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reachabilityMatrix } from "../matrix/reachability-matrix";
import { deployment, istio, namespace, service, testMesh } from "../matrix/test-support";
import { applyChanges } from "../whatif/apply-change";
import type { MeshChange } from "../whatif/change";
import { carryOver } from "./carry-over";
import { compile, type SimulatedMesh } from "./simulated-mesh";

/** A manifest change drawn for a mesh: a policy, routing or workload edit, or a deletion, in one cluster. */
function arbManifestChange(sim: SimulatedMesh): fc.Arbitrary<MeshChange> {
  const clusters = sim.mesh.clusters;
  const namespaces = clusters.flatMap((c) => c.namespaces.map((n) => [c.name, n.name] as const));
  const services = clusters.flatMap((c) => c.services.map((s) => [c.name, s] as const));
  const options: fc.Arbitrary<MeshChange>[] = [];
  const apply = (cluster: string, object: KubeObject): MeshChange => ({
    kind: "apply",
    cluster,
    objects: [object],
  });
  if (namespaces.length > 0) {
    options.push(
      fc
        .constantFrom(...namespaces)
        .map(([cluster, ns]) => apply(cluster, istio("AuthorizationPolicy", ns, "deny", {}))),
      fc
        .constantFrom(...namespaces)
        .map(([cluster, ns]) =>
          apply(cluster, istio("PeerAuthentication", ns, "strict", { mtls: { mode: "STRICT" } })),
        ),
      fc
        .constantFrom(...namespaces)
        .map(([cluster, ns]) => apply(cluster, deployment(ns, "extra", { replicas: 2 }))),
      // Relabel a namespace (its Services keep their objects): ambient, and global in either flavour.
      fc.constantFrom(...namespaces).map(([cluster, ns]) =>
        apply(cluster, {
          apiVersion: "v1",
          kind: "Namespace",
          metadata: {
            name: ns,
            labels: {
              "istio.io/dataplane-mode": "ambient",
              "istio.io/global": "true",
              "solo.io/service-scope": "global",
            },
          },
        }),
      ),
    );
  }
  if (services.length > 0) {
    options.push(
      fc.constantFrom(...services).map(([cluster, s]) =>
        apply(
          cluster,
          istio("DestinationRule", s.namespace, "plain", {
            host: s.hostname,
            trafficPolicy: { tls: { mode: "DISABLE" } },
          }),
        ),
      ),
      fc.constantFrom(...services).map(([cluster, s]) =>
        apply(
          cluster,
          istio("VirtualService", s.namespace, "elsewhere", {
            hosts: [s.hostname],
            http: [{ route: [{ destination: { host: `nowhere.${s.namespace}.svc.cluster.local` } }] }],
          }),
        ),
      ),
    );
  }
  const withObjects = clusters.filter((c) => c.resources.length > 0);
  if (withObjects.length > 0) {
    options.push(
      fc
        .constantFrom(...withObjects)
        .chain((c) => fc.constantFrom(...c.resources).map((o) => ({ cluster: c.name, object: o })))
        .map(({ cluster, object }) => ({
          kind: "delete" as const,
          cluster,
          objects: [
            {
              kind: object.kind,
              name: object.metadata.name,
              ...(typeof object.metadata.namespace === "string"
                ? { namespace: object.metadata.namespace }
                : {}),
            },
          ],
        })),
    );
  }
  return fc.oneof(...options);
}

const arbSim = arbMeshSpec({ maxClusters: 3, maxNamespaces: 2, maxDeployments: 2 }).map((spec) =>
  compile(createMesh(spec).mesh),
);

describe("compile with a previous compile", () => {
  it("answers every pair exactly as a fresh compile of the changed mesh (property)", () => {
    fc.assert(
      fc.property(
        arbSim.chain((sim) => fc.tuple(fc.constant(sim), arbManifestChange(sim))),
        ([sim, change]) => {
          reachabilityMatrix(sim); // the predecessor has derived everything it will hand over
          const applied = applyChanges(sim, [change]);
          if (!applied.ok) return; // an edit the model rejects (a deleted Namespace still in use, ...)
          const successor = applied.applied.after;
          const fresh = compile(successor.mesh);
          const [carried, recompiled] = [reachabilityMatrix(successor), reachabilityMatrix(fresh)];
          expect(carried.cells).toEqual(recompiled.cells);
          for (const cell of carried.cells.slice(0, 6)) {
            const destination = carried.destinations.find((d) => d.id === cell.destination)!;
            const request = { from: cell.sample, to: destination.url };
            expect(JSON.stringify(successor.request(request))).toBe(JSON.stringify(fresh.request(request)));
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  const objects: KubeObject[] = [
    namespace("shop"),
    deployment("shop", "web"),
    deployment("shop", "api"),
    service("shop", "web"),
    service("shop", "api"),
  ];
  const before = compile(
    testMesh([
      { name: "east", network: "n1", objects },
      { name: "west", network: "n2", objects },
    ]),
  );
  reachabilityMatrix(before);
  const inputs = (sim: SimulatedMesh) => ({
    mesh: sim.mesh,
    planes: sim.ctx.planes,
    faults: sim.ctx.faults.faults,
    istioVersion: sim.ctx.istioVersion,
    seed: sim.ctx.seed,
  });
  const carryAfter = (change: MeshChange) => {
    const applied = applyChanges(before, [change]);
    if (!applied.ok) throw new Error(JSON.stringify(applied.diagnostics));
    return carryOver(inputs(before), inputs(applied.applied.after));
  };

  it("keeps the clusters a change does not edit whole: their objects, resources and workloads", () => {
    const applied = applyChanges(before, [
      { kind: "apply", cluster: "east", objects: [istio("AuthorizationPolicy", "shop", "deny", {})] },
    ]);
    if (!applied.ok) throw new Error(JSON.stringify(applied.diagnostics));
    const [east, west] = applied.applied.after.mesh.clusters;
    expect(west).toBe(before.mesh.clusters[1]);
    expect(east).not.toBe(before.mesh.clusters[0]);
    expect(east!.resources).toHaveLength(before.mesh.clusters[0]!.resources.length + 1);
  });

  it("carries every istiod over an AuthorizationPolicy, which only the server reads", () => {
    const carry = carryAfter({
      kind: "apply",
      cluster: "east",
      objects: [istio("AuthorizationPolicy", "shop", "deny", {})],
    });
    expect([...carry.planes].sort()).toEqual(["east", "west"]);
    expect(carry.everything).toBe(true);
  });

  it("derives again the istiod whose routing config changed, and the DNS of clients reading its scope", () => {
    const carry = carryAfter({
      kind: "apply",
      cluster: "east",
      objects: [istio("DestinationRule", "shop", "dr", { host: "api.shop.svc.cluster.local" })],
    });
    expect([...carry.planes]).toEqual(["west"]);
    expect(carry.dns("west")).toBe(false);
    expect(carry.everything).toBe(false);
  });

  it("carries nothing over other faults, seed or Istio version", () => {
    for (const change of [
      { kind: "faults", faults: [{ kind: "cluster-down", cluster: "west" }] },
      { kind: "istio-version", version: "1.30" },
    ] as MeshChange[]) {
      expect(carryAfter(change).planes.size).toBe(0);
    }
    const reseeded = compile(before.mesh, { seed: 7, previous: before });
    expect(carryOver(inputs(before), inputs(reseeded)).planes.size).toBe(0);
  });

  it("carries everything over other certificates: sessions are checked per hop, not in views", () => {
    const pki = { clusters: new Map(), at: new Date("2026-01-01T00:00:00Z") };
    const recertified = compile(before.mesh, { pki, previous: before });
    expect(carryOver(inputs(before), inputs(recertified)).everything).toBe(true);
    expect(recertified.ctx.memos).toBe(before.ctx.memos);
  });
});
