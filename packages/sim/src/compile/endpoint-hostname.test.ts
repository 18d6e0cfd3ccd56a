import type { EastWestGatewayModel } from "@meshwright/core";
import { describe, expect, it } from "vitest";
import { cluster, istio, mesh, svc } from "../routing/test-fixtures";
import { passthroughCovers } from "../simulator/gateway-at-address";
import { resolveEndpointHostname } from "./endpoint-hostname";

const gateway: EastWestGatewayModel = {
  name: "istio-eastwestgateway",
  namespace: "istio-system",
  kind: "classic",
  network: "eks",
  address: { hostname: "abc.elb.amazonaws.com", resolvesTo: ["203.0.113.41", "203.0.113.42"] },
  serviceType: "LoadBalancer",
  annotations: {},
  ports: [15443],
  exposesServices: true,
  origin: "mesh",
};
const eks = {
  ...cluster("eks", {
    network: "eks",
    services: [svc("eks", "webapp", "backend", { ports: [{ port: 9898 }], clusterIps: ["10.100.0.7"] })],
  }),
  gateways: [gateway],
};
const aks = cluster("aks", { network: "aks" });
const m = mesh([eks, aks]);

describe("STRICT_DNS endpoint hostnames, resolved the way the proxy's resolver does", () => {
  it("a Service of the proxy's cluster: kube-dns answers its ClusterIP", () => {
    expect(resolveEndpointHostname(m, eks, "backend.webapp.svc.cluster.local")).toEqual({
      addresses: ["10.100.0.7"],
      answeredBy: "kube-dns",
    });
  });

  it("kube-dns knows only its own cluster's Services", () => {
    expect(resolveEndpointHostname(m, aks, "backend.webapp.svc.cluster.local").answeredBy).toBe("none");
  });

  it("an east-west gateway's load balancer name (with Admiral's trailing dot): its public addresses", () => {
    expect(resolveEndpointHostname(m, aks, "abc.elb.amazonaws.com.")).toEqual({
      addresses: ["203.0.113.41", "203.0.113.42"],
      answeredBy: "public DNS",
    });
  });
});

describe("AUTO_PASSTHROUGH servers of an east-west gateway's cluster", () => {
  const withGateway = (hosts: string[]) =>
    cluster("eks", {
      resources: [
        istio("Gateway", "istio-system", "cross-network-gateway", {
          selector: { istio: "eastwestgateway" },
          servers: [
            {
              port: { number: 15443, name: "tls", protocol: "TLS" },
              tls: { mode: "AUTO_PASSTHROUGH" },
              hosts,
            },
          ],
        }),
      ],
    });

  it("cover a host by wildcard or name, on the server's port only", () => {
    expect(passthroughCovers(withGateway(["*.local", "*.global"]), 15443, "stage.backend.global")).toBe(true);
    expect(passthroughCovers(withGateway(["istio-system/*.global"]), 15443, "stage.backend.global")).toBe(
      true,
    );
    expect(passthroughCovers(withGateway(["*.local"]), 15443, "stage.backend.global")).toBe(false);
    expect(passthroughCovers(withGateway(["*.global"]), 15444, "stage.backend.global")).toBe(false);
  });
});
