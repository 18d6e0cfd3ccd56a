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
