import { describe, expect, it } from "vitest";
import { SIDECAR_FORWARDED_FOR, trustedClientAddress } from "./forwarded-for";

describe("remote.ip: Envoy's trusted client address from X-Forwarded-For", () => {
  it("sidecar (use_remote_address=false): the rightmost XFF entry, else the peer", () => {
    expect(trustedClientAddress("1.1.1.1, 2.2.2.2", "9.9.9.9", SIDECAR_FORWARDED_FOR)).toBe("2.2.2.2");
    expect(trustedClientAddress(undefined, "9.9.9.9", SIDECAR_FORWARDED_FOR)).toBe("9.9.9.9");
  });

  it("gateway with numTrustedProxies=0 trusts only the peer", () => {
    expect(trustedClientAddress("1.1.1.1", "9.9.9.9", { useRemoteAddress: true, numTrustedHops: 0 })).toBe(
      "9.9.9.9",
    );
  });

  it("gateway with numTrustedProxies=N: the Nth entry from the right, or the peer when XFF is shorter", () => {
    const gw = { useRemoteAddress: true, numTrustedHops: 2 };
    expect(trustedClientAddress("1.1.1.1, 2.2.2.2, 3.3.3.3", "9.9.9.9", gw)).toBe("2.2.2.2");
    expect(trustedClientAddress("3.3.3.3", "9.9.9.9", gw)).toBe("9.9.9.9");
  });
});
