import { describe, expect, it } from "vitest";
import { ipInCidr, parseIp } from "./cidr";

describe("destinationSubnets matching (IP in CIDR)", () => {
  it("IPv4 prefixes and bare addresses", () => {
    expect(ipInCidr("10.1.2.3", "10.0.0.0/8")).toBe(true);
    expect(ipInCidr("11.1.2.3", "10.0.0.0/8")).toBe(false);
    expect(ipInCidr("10.1.2.3", "10.1.2.3")).toBe(true);
    expect(ipInCidr("10.1.2.3", "0.0.0.0/0")).toBe(true);
  });
  it("IPv6 with :: compression and embedded IPv4", () => {
    expect(ipInCidr("fd00:1::5", "fd00:1::/64")).toBe(true);
    expect(ipInCidr("fd00:2::5", "fd00:1::/64")).toBe(false);
    expect(parseIp("::ffff:1.2.3.4")?.value).toBe(0xffff01020304n);
  });
  it("never matches across families or on malformed input", () => {
    expect(ipInCidr("10.0.0.1", "::/0")).toBe(false);
    expect(ipInCidr("10.0.0.256", "10.0.0.0/8")).toBe(false);
    expect(ipInCidr("10.0.0.1", "10.0.0.0/33")).toBe(false);
  });
});
