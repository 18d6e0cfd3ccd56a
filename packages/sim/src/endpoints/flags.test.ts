import { describe, expect, it } from "vitest";
import { DEFAULT_MULTI_NETWORK_FLAGS, multiNetworkFlags, withDefaultFlags } from "./flags";

describe("istiod feature flags (pilot/pkg/features, istio-semantics §0)", () => {
  it("defaults: ambient multi-network off, waypoints allowed, ingress not, no HBONE preference, hostnames resolved", () => {
    expect(multiNetworkFlags({}).flags).toEqual({
      ambientMultiNetwork: false,
      ambientMultiNetworkWaypoint: true,
      ambientMultiNetworkIngress: false,
      preferHboneSend: false,
      resolveHostnameGateways: true,
    });
  });

  it("reads the environment with Go's ParseBool spellings", () => {
    const { flags, diagnostics } = multiNetworkFlags({
      AMBIENT_ENABLE_MULTI_NETWORK: "true",
      RESOLVE_HOSTNAME_GATEWAYS: "0",
      PILOT_PREFER_SENDING_HBONE: "T",
    });
    expect(flags).toMatchObject({
      ambientMultiNetwork: true,
      resolveHostnameGateways: false,
      preferHboneSend: true,
    });
    expect(diagnostics).toEqual([]);
  });

  it("a value Go cannot parse keeps the default and warns MW4650", () => {
    const { flags, diagnostics } = multiNetworkFlags({ AMBIENT_ENABLE_MULTI_NETWORK: "yes" }, "eks");
    expect(flags.ambientMultiNetwork).toBe(false);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: "MW4650",
        cluster: "eks",
        found: "yes",
        path: "$.istiod.features.AMBIENT_ENABLE_MULTI_NETWORK",
      }),
    ]);
  });

  it("withDefaultFlags fills what is not set", () => {
    expect(withDefaultFlags({ ambientMultiNetwork: true })).toEqual({
      ...DEFAULT_MULTI_NETWORK_FLAGS,
      ambientMultiNetwork: true,
    });
  });
});
