import { describe, expect, it } from "vitest";
import { ClientRelevance } from "./client-relevance";
import { matrixDestinations } from "./destinations";
import { deployment, istio, namespace, service, testMesh } from "./test-support";

const objects = [
  namespace("shop"),
  namespace("ops"),
  namespace("team"),
  deployment("shop", "web"),
  service("shop", "web"),
  deployment("shop", "api"),
  service("shop", "api"),
];

function relevance(extra: ReturnType<typeof istio>[]) {
  const mesh = testMesh([{ name: "c1", objects: [...objects, ...extra] }]);
  const r = new ClientRelevance(mesh, () => mesh.clusters[0]);
  const [api, web] = matrixDestinations(mesh);
  return { r, api: api!, web: web! };
}

describe("which client attributes can change the client side of a request", () => {
  it("the root namespace always counts; other namespaces, the host's own included, only through config", () => {
    const { r, web } = relevance([]);
    expect([...r.namespaces("c1", web)].sort()).toEqual(["istio-system"]);
  });

  it("the host's own namespace counts when the Service is exported to fewer than all namespaces, or a Sidecar's `./*` import resolves per client namespace", () => {
    const exported = (value: string) => {
      const mesh = testMesh([
        {
          name: "c1",
          objects: [
            ...objects.filter((o) => !(o.kind === "Service" && o.metadata.name === "web")),
            {
              ...service("shop", "web"),
              metadata: {
                name: "web",
                namespace: "shop",
                annotations: { "networking.istio.io/exportTo": value },
              },
            },
          ],
        },
      ]);
      const r = new ClientRelevance(mesh, () => mesh.clusters[0]);
      const [api, web] = matrixDestinations(mesh);
      return { web: r.namespaces("c1", web!).has("shop"), api: r.namespaces("c1", api!).has("shop") };
    };
    expect(exported(".")).toEqual({ web: true, api: false });
    expect(exported("team")).toEqual({ web: true, api: false });
    expect(exported("*")).toEqual({ web: false, api: false });
    const sidecar = relevance([
      istio("Sidecar", "istio-system", "default", { egress: [{ hosts: ["./*", "istio-system/*"] }] }),
    ]);
    expect(sidecar.r.namespaces("c1", sidecar.web).has("shop")).toBe(true);
  });

  it("a DestinationRule in the client's namespace takes precedence (sidecar.go destinationRule lookup): that namespace counts", () => {
    const { r, web, api } = relevance([
      istio("DestinationRule", "ops", "web-dr", { host: "web.shop.svc.cluster.local" }),
    ]);
    expect(r.namespaces("c1", web).has("ops")).toBe(true);
    expect(r.namespaces("c1", api).has("ops")).toBe(false);
  });

  it("a public DestinationRule without selector in the host's namespace is found alike from every namespace; a private or selecting one makes that namespace count", () => {
    const host = "web.shop.svc.cluster.local";
    const counts = (spec: Record<string, unknown>) => {
      const { r, web } = relevance([istio("DestinationRule", "shop", "web-dr", { host, ...spec })]);
      return r.namespaces("c1", web).has("shop");
    };
    expect(counts({})).toBe(false);
    expect(counts({ exportTo: ["*"] })).toBe(false);
    expect(counts({ exportTo: ["."] })).toBe(true);
    expect(counts({ workloadSelector: { matchLabels: { app: "web" } } })).toBe(true);
  });

  it("a public VirtualService is listed alike for every namespace; a private one makes its namespace count", () => {
    const counts = (spec: Record<string, unknown>) => {
      const { r, web } = relevance([
        istio("VirtualService", "ops", "web-vs", {
          hosts: ["web.shop.svc.cluster.local"],
          http: [{ route: [{ destination: { host: "web.shop.svc.cluster.local" } }] }],
          ...spec,
        }),
      ]);
      return r.namespaces("c1", web).has("ops");
    };
    expect(counts({})).toBe(false);
    expect(counts({ exportTo: ["."] })).toBe(true);
  });

  it("exportTo and VirtualService sourceNamespace name namespaces; a Sidecar makes its namespace count for every host", () => {
    const { r, web, api } = relevance([
      istio("VirtualService", "shop", "web-vs", {
        hosts: ["web"],
        exportTo: [".", "team"],
        http: [{ match: [{ sourceNamespace: "ops" }], route: [{ destination: { host: "web" } }] }],
      }),
      istio("Sidecar", "team", "default", { egress: [{ hosts: ["./*"] }] }),
    ]);
    expect(r.namespaces("c1", web).has("team")).toBe(true);
    expect(r.namespaces("c1", web).has("ops")).toBe(true);
    expect(r.namespaces("c1", api).has("team")).toBe(true);
    expect(r.namespaces("c1", api).has("ops")).toBe(false);
  });

  it("the locality matters only when a load-balancing rule reads it (istio-semantics §1.3–1.4)", () => {
    const none = relevance([]);
    expect(none.r.topology("c1", none.web)).toBe(false);
    const dr = relevance([
      istio("DestinationRule", "shop", "web-dr", {
        host: "web.shop.svc.cluster.local",
        trafficPolicy: { outlierDetection: { consecutive5xxErrors: 1 } },
      }),
    ]);
    expect(dr.r.topology("c1", dr.web)).toBe(true);
    expect(dr.r.topology("c1", dr.api)).toBe(false);
  });
});
