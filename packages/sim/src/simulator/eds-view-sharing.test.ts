import { describe, expect, it } from "vitest";
import { deployment, istio, namespace, service, testMesh } from "../matrix/test-support";
import { compile } from "./simulated-mesh";

/**
 * Sidecars of one cluster share their EDS view of a service before locality LB (it reads only
 * their kind, cluster, network, IP families and network view), but never what depends on the rest:
 * the DestinationRule their labels select, and the locality LB of their own zone.
 */
describe("EDS views shared between proxy classes", () => {
  const objects = [
    namespace("shop"),
    deployment("shop", "api", { replicas: 3 }),
    service("shop", "api"),
    deployment("shop", "web"),
    deployment("shop", "batch"),
    // Only `batch` is told to send plaintext: a DestinationRule selecting its pods.
    istio("DestinationRule", "shop", "batch-plain", {
      host: "api.shop.svc.cluster.local",
      workloadSelector: { matchLabels: { app: "batch" } },
      trafficPolicy: { tls: { mode: "DISABLE" } },
    }),
  ];
  const mesh = testMesh([{ name: "east", objects }]);

  it("a DestinationRule selecting one client changes its view only, whichever client asks first", () => {
    for (const order of [
      ["east/shop/web", "east/shop/batch"],
      ["east/shop/batch", "east/shop/web"],
    ]) {
      const sim = compile(mesh);
      const protocols = Object.fromEntries(
        order.map((from) => {
          const trace = sim.request({ from, to: "http://api.shop:8080/" });
          // hops: app → its sidecar, sidecar → the server's sidecar, server sidecar → app.
          return [from, trace.hops[1]?.protocol];
        }),
      );
      expect(protocols).toEqual({ "east/shop/web": "mTLS", "east/shop/batch": "HTTP" });
    }
  });

  it("the same answers as a compile where each client is asked alone", () => {
    const shared = compile(mesh);
    for (const from of ["east/shop/web", "east/shop/batch", "east/shop/api"]) {
      const alone = compile(mesh).distribution(from, "api.shop", 8080);
      expect(shared.distribution(from, "api.shop", 8080)).toEqual(alone);
    }
  });
});

/**
 * Istiods that read the same clusters share the endpoint conversions of a service's registry list
 * when their PeerAuthentications are equal by content (`peerAuthKey`), and only then: auto mTLS
 * reads the client istiod's own cluster's policies (istio-semantics §4.4).
 */
describe("EDS conversions shared between istiods", () => {
  const app = [
    namespace("shop"),
    deployment("shop", "api"),
    service("shop", "api"),
    deployment("shop", "web"),
  ];
  const disable = istio("PeerAuthentication", "shop", "plain", { mtls: { mode: "DISABLE" } });
  const protocolsTo = (mesh: ReturnType<typeof testMesh>) => {
    const sim = compile(mesh);
    return Object.fromEntries(
      ["east", "west"].map((cluster) => {
        const d = sim.distribution(`${cluster}/shop/web`, "api.shop", 8080);
        const trace = sim.request({ from: `${cluster}/shop/web`, to: "http://api.shop:8080/" });
        return [cluster, { protocol: trace.hops[1]?.protocol, clusters: Object.keys(d.byCluster).sort() }];
      }),
    );
  };

  it("a policy in one cluster changes only the views of that cluster's istiod", () => {
    const mesh = testMesh([
      { name: "east", objects: app },
      { name: "west", objects: [...app, disable] },
    ]);
    expect(protocolsTo(mesh)).toEqual({
      east: { protocol: "mTLS", clusters: ["east", "west"] },
      west: { protocol: "HTTP", clusters: ["east", "west"] },
    });
  });

  it("the same policy in both clusters: both istiods send plaintext", () => {
    const mesh = testMesh([
      { name: "east", objects: [...app, disable] },
      { name: "west", objects: [...app, disable] },
    ]);
    expect(protocolsTo(mesh)).toEqual({
      east: { protocol: "HTTP", clusters: ["east", "west"] },
      west: { protocol: "HTTP", clusters: ["east", "west"] },
    });
  });
});
