import { describe, expect, it } from "vitest";
import { addressFamily, isIpAddress, joinHostPort } from "./ip-address";

describe("IP literals as Go's netip / netutil.IsValidIPAddress see them", () => {
  it.each([
    ["10.0.0.1", "IPv4"],
    ["255.255.255.255", "IPv4"],
    ["0.0.0.0", "IPv4"],
    ["2001:db8::1", "IPv6"],
    ["::1", "IPv6"],
    ["::ffff:1.2.3.4", "IPv4"],
    ["::ffff:0102:0304", "IPv4"],
    ["64:ff9b::1.2.3.4", "IPv6"],
  ])("%s is %s", (text, family) => {
    expect(addressFamily(text)).toBe(family);
    expect(isIpAddress(text)).toBe(true);
  });

  it.each([
    "",
    "foo.bar",
    "256.1.1.1",
    "1.2.3",
    "1.2.3.4.5",
    "01.2.3.4",
    "1..2.3",
    "1.2.3.4/32",
    "1.2.3.",
    " 1.2.3.4",
  ])("%j is not an IP", (text) => {
    expect(addressFamily(text)).toBeUndefined();
    expect(isIpAddress(text)).toBe(false);
  });

  it("joins host and port, bracketing IPv6 (net.JoinHostPort)", () => {
    expect(joinHostPort("10.0.0.1", 15443)).toBe("10.0.0.1:15443");
    expect(joinHostPort("2001:db8::1", 15008)).toBe("[2001:db8::1]:15008");
  });
});
