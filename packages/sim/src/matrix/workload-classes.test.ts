import { describe, expect, it } from "vitest";
import { deployment, istio, namespace, service, testMesh } from "./test-support";
import { classingRules, workloadClasses } from "./workload-classes";

const base = [namespace("shop"), deployment("shop", "web", { replicas: 6 }), service("shop", "web")];

describe("workload classes", () => {
  it("replicas of one Deployment on one zone are one class (nothing a rule reads differs)", () => {
    const mesh = testMesh([{ name: "c1", objects: base }]);
    const classes = workloadClasses(mesh);
    const pods = mesh.clusters[0]!.workloads.filter((w) => w.owner.name === "web");
    expect(pods.length).toBe(6);
    // Six replicas over three zones: one class per zone, every replica in exactly one.
    const web = classes.filter((c) => c.members.some((m) => pods.some((p) => p.id === m)));
    expect(web.length).toBe(new Set(pods.map((p) => p.locality.zone)).size);
    expect(web.flatMap((c) => c.members).sort()).toEqual(pods.map((p) => p.id).sort());
    for (const c of web) {
      expect(c.identity).toBe("spiffe://cluster.local/ns/shop/sa/web");
      expect(c.members).toContain(c.representative);
    }
  });

  it("workloads share a class only with the same service account (the SPIFFE identity a peer sees)", () => {
    const mesh = testMesh([
      {
        name: "c1",
        objects: [
          ...base,
          deployment("shop", "cart", { replicas: 3, sa: "web" }),
          deployment("shop", "admin", { replicas: 3, sa: "admin" }),
        ],
      },
    ]);
    const classes = workloadClasses(mesh);
    const ownerOf = new Map(mesh.clusters[0]!.workloads.map((w) => [w.id, w.owner.name]));
    const owners = (c: (typeof classes)[number]) => new Set(c.members.map((m) => ownerOf.get(m)));
    // No rule reads `app`: cart (running as `web`) joins web's classes; admin never does.
    for (const c of classes) {
      const o = owners(c);
      if (o.has("admin")) expect([...o]).toEqual(["admin"]);
      else expect(c.serviceAccount).toBe("web");
    }
    expect(classes.some((c) => owners(c).has("cart") && owners(c).has("web"))).toBe(true);
  });

  it("a label an AuthorizationPolicy selector reads splits classes (ShouldAttachPolicy reads workload labels)", () => {
    const objects = [
      ...base,
      deployment("shop", "web-canary", { replicas: 3, sa: "web", labels: { track: "canary" } }),
    ];
    const without = workloadClasses(testMesh([{ name: "c1", objects }]));
    const withPolicy = workloadClasses(
      testMesh([
        {
          name: "c1",
          objects: [
            ...objects,
            istio("AuthorizationPolicy", "shop", "p", { selector: { matchLabels: { track: "canary" } } }),
          ],
        },
      ]),
    );
    expect(withPolicy.length).toBeGreaterThan(without.length);
    expect(withPolicy.some((c) => c.labels.track === "canary")).toBe(true);
  });

  it("failoverPriority labels are read from the client proxy (istio-semantics §1.6)", () => {
    const mesh = testMesh([
      {
        name: "c1",
        objects: [
          ...base,
          istio("DestinationRule", "shop", "dr", {
            host: "web.shop.svc.cluster.local",
            trafficPolicy: {
              loadBalancer: {
                localityLbSetting: { failoverPriority: ["tier=gold", "topology.istio.io/network"] },
              },
            },
          }),
        ],
      },
    ]);
    const rules = classingRules(mesh);
    expect(rules.clientLabelKeys).toEqual(["tier", "topology.istio.io/network"]);
    expect(workloadClasses(mesh, rules)[0]!.labels["topology.istio.io/network"]).toBe("network1");
  });

  it("the node matters only when a service is node-local (internalTrafficPolicy Local)", () => {
    expect(classingRules(testMesh([{ name: "c1", objects: base }])).nodeMatters).toBe(false);
    const local = service("shop", "web");
    const nodeLocal = { ...local, spec: { ...(local.spec as object), internalTrafficPolicy: "Local" } };
    const mesh = testMesh([{ name: "c1", objects: [...base.slice(0, 2), nodeLocal] }]);
    expect(classingRules(mesh).nodeMatters).toBe(true);
    expect(workloadClasses(mesh).every((c) => c.node !== undefined)).toBe(true);
  });

  it("source ipBlocks split classes by which ranges hold their address", () => {
    const mesh = testMesh([
      {
        name: "c1",
        objects: [
          ...base,
          istio("AuthorizationPolicy", "shop", "deny-range", {
            action: "DENY",
            rules: [{ from: [{ source: { ipBlocks: ["10.0.0.0/8"] } }] }],
          }),
        ],
      },
    ]);
    const classes = workloadClasses(mesh);
    expect(classes.every((c) => /\|ip=[01]$/.test(c.id))).toBe(true);
  });

  it("is deterministic: classes in id order, members sorted", () => {
    const mesh = testMesh([{ name: "c1", objects: base }]);
    const a = workloadClasses(mesh);
    expect(workloadClasses(mesh)).toEqual(a);
    expect(a.map((c) => c.id)).toEqual([...a.map((c) => c.id)].sort());
    for (const c of a) expect(c.members).toEqual([...c.members].sort());
  });
});
