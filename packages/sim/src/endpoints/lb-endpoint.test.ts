import { describe, expect, it } from "vitest";
import { endpointSupportsTunnel, toEdsEndpoint } from "./lb-endpoint";
import { registryEndpoint } from "./test-support";

const sidecar = { kind: "sidecar" } as const;
const ambientPod = registryEndpoint("10.0.0.7", { tlsMode: "disabled", supportsTunnel: true });
const sidecarPod = registryEndpoint("10.0.0.8");

describe("endpoint_builder.go supportTunnel", () => {
  it("ambient workloads, waypoints and the tunnel label support HBONE", () => {
    expect(endpointSupportsTunnel(ambientPod)).toBe(true);
    expect(
      endpointSupportsTunnel(
        registryEndpoint("1.1.1.1", { labels: { "gateway.istio.io/managed": "istio.io-mesh-controller" } }),
      ),
    ).toBe(true);
    expect(
      endpointSupportsTunnel(
        registryEndpoint("1.1.1.1", { labels: { "networking.istio.io/tunnel": "http" } }),
      ),
    ).toBe(true);
    expect(endpointSupportsTunnel(sidecarPod)).toBe(false);
  });
});

describe("endpoint_builder.go buildEnvoyLbEndpoint", () => {
  it("sidecar-injected endpoint with auto mTLS: direct, marked istio", () => {
    expect(toEdsEndpoint(sidecarPod, { proxy: sidecar, preferHboneSend: false }, true)).toMatchObject({
      transport: "direct",
      tlsMode: "istio",
      weight: 1,
      workloadId: sidecarPod.workloadId,
    });
  });

  it("auto mTLS off for the endpoint: no marker (plaintext)", () => {
    expect(toEdsEndpoint(sidecarPod, { proxy: sidecar, preferHboneSend: false }, false).tlsMode).toBe(
      "disabled",
    );
  });

  it("ambient endpoint (no tlsMode label): HBONE, and the tunnel metadata replaces the mTLS marker", () => {
    expect(toEdsEndpoint(ambientPod, { proxy: sidecar, preferHboneSend: false }, true)).toMatchObject({
      transport: "hbone",
      tlsMode: "disabled",
    });
  });

  it("tunnel-capable and mTLS-capable: legacy mTLS unless PILOT_PREFER_SENDING_HBONE", () => {
    const both = registryEndpoint("10.0.0.9", { supportsTunnel: true });
    expect(toEdsEndpoint(both, { proxy: sidecar, preferHboneSend: false }, true).transport).toBe("direct");
    expect(toEdsEndpoint(both, { proxy: sidecar, preferHboneSend: true }, true).transport).toBe("hbone");
  });

  it("waypoints (inbound-VIP clusters) cannot opt out of HBONE", () => {
    const both = registryEndpoint("10.0.0.9", { supportsTunnel: true });
    expect(toEdsEndpoint(both, { proxy: { kind: "waypoint" }, preferHboneSend: false }, true).transport).toBe(
      "hbone",
    );
  });

  it("weight 0 is sent as 1 (IstioEndpoint.GetLoadBalancingWeight)", () => {
    expect(
      toEdsEndpoint({ ...sidecarPod, weight: 0 }, { proxy: sidecar, preferHboneSend: false }, true).weight,
    ).toBe(1);
  });
});
