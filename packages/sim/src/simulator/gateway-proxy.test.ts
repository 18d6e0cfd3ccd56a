import { describe, expect, it } from "vitest";
import { namespace, testMesh } from "../matrix/test-support";
import { gatewayProxy } from "./gateway-proxy";

describe("east-west gateway proxies", () => {
  const mesh = testMesh([
    { name: "east", objects: [namespace("shop")] },
    { name: "west", objects: [namespace("shop")] },
  ]);
  const [east, west] = mesh.clusters;

  it("is one object per (cluster, network, gateway): what istiod derives per proxy is kept with it", () => {
    const gateway = gatewayProxy(east!, "net-east", "istio-system", "eastwestgateway");
    expect(gatewayProxy(east!, "net-east", "istio-system", "eastwestgateway")).toBe(gateway);
    expect(Object.isFrozen(gateway)).toBe(true);
    expect(gateway).toMatchObject({
      kind: "eastwest-gateway",
      workloadId: "east/istio-system/eastwestgateway",
      requestedNetworkView: ["net-east"],
    });
    for (const other of [
      gatewayProxy(east!, "net-other", "istio-system", "eastwestgateway"),
      gatewayProxy(east!, "net-east", "istio-system", "other-gateway"),
      gatewayProxy(west!, "net-east", "istio-system", "eastwestgateway"),
    ])
      expect(other).not.toBe(gateway);
  });
});
