import { createMesh, type KubeObject, type Mesh } from "@meshwright/core";
import { describe, expect, it } from "vitest";
import { deployment, istio, namespace, service, testMesh } from "../matrix/test-support";
import { compile } from "../simulator/simulated-mesh";
import { diff, diffEveryPair } from "./diff";
import { objectChange, objectDelta } from "./mesh-delta";

const objects: KubeObject[] = [
  namespace("shop"),
  deployment("shop", "web"),
  deployment("shop", "api", { replicas: 2 }),
  service("shop", "web"),
  service("shop", "api"),
];
const base = testMesh([
  { name: "east", network: "n1", objects },
  { name: "west", network: "n1", objects },
]);
const deny = istio("AuthorizationPolicy", "shop", "deny-web", {
  selector: { matchLabels: { app: "api" } },
  action: "DENY",
  rules: [{ from: [{ source: { principals: ["cluster.local/ns/shop/sa/web"] } }] }],
});

/** `mesh` rebuilt with cluster `name`'s objects changed by `edit`. */
function edited(mesh: Mesh, name: string, edit: (objects: readonly KubeObject[]) => KubeObject[]): Mesh {
  return createMesh({
    ...mesh,
    clusters: mesh.clusters.map((c) => (c.name === name ? { ...c, resources: edit(c.resources) } : c)),
  }).mesh;
}

describe("objectDelta", () => {
  it("lists objects added, removed and changed (a changed object is both), per cluster", () => {
    const after = edited(base, "east", (list) =>
      [...list.filter((o) => o.metadata.name !== "web" || o.kind !== "Service"), deny].map((o) =>
        o.kind === "Deployment" && o.metadata.name === "api"
          ? { ...o, spec: { ...(o.spec as object), replicas: 3 } }
          : o,
      ),
    );
    const delta = objectDelta(base, after)!;
    const names = (list: readonly KubeObject[] | undefined) =>
      (list ?? []).map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect([...delta.added.keys()]).toEqual(["east"]);
    expect(names(delta.added.get("east"))).toEqual(["AuthorizationPolicy/deny-web", "Deployment/api"]);
    expect(names(delta.removed.get("east"))).toEqual(["Deployment/api", "Service/web"]);
  });

  it("is undefined when anything but objects differs: settings, clusters, a cluster's declared fields", () => {
    expect(objectDelta(base, createMesh({ ...base, trustDomain: "example.org" }).mesh)).toBeUndefined();
    expect(
      objectDelta(base, createMesh({ ...base, clusters: base.clusters.slice(0, 1) }).mesh),
    ).toBeUndefined();
    const renetworked = createMesh({
      ...base,
      networks: [...base.networks, { name: "n2" }],
      clusters: base.clusters.map((c) => (c.name === "west" ? { ...c, network: "n2" } : c)),
    }).mesh;
    expect(objectDelta(base, renetworked)).toBeUndefined();
  });
});

describe("diff of two simulations of meshes differing in objects", () => {
  const before = compile(base);
  const after = compile(edited(base, "east", (list) => [...list, deny]));

  it("is a what-if of those objects: the same changed pairs as comparing every pair, fewer pairs compared", () => {
    expect(objectChange(before, after)).toBeDefined();
    const fast = diff(before, after);
    const full = diffEveryPair(before, after);
    const pairs = (d: typeof fast) => d.changes.map((c) => `${c.source} → ${c.destination}`).sort();
    expect(pairs(fast)).toEqual(pairs(full));
    expect(pairs(fast).length).toBeGreaterThan(0);
    expect(fast.compared).toBeLessThan(full.compared);
  });

  it("compares every pair when the simulations were compiled differently", () => {
    expect(objectChange(before, compile(after.mesh, { seed: 3 }))).toBeUndefined();
  });
});
