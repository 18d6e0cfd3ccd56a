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
  it("the host's own namespace and the root namespace always count; other namespaces only through config", () => {
    const { r, web } = relevance([]);
    expect([...r.namespaces("c1", web)].sort()).toEqual(["istio-system", "shop"]);
  });

  it("a DestinationRule in the client's namespace takes precedence (sidecar.go destinationRule lookup): that namespace counts", () => {
    const { r, web, api } = relevance([
      istio("DestinationRule", "ops", "web-dr", { host: "web.shop.svc.cluster.local" }),
    ]);
    expect(r.namespaces("c1", web).has("ops")).toBe(true);
    expect(r.namespaces("c1", api).has("ops")).toBe(false);
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
