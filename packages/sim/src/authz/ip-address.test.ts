import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cidrContains, parseCidr, parseIp, parseIpv4 } from "./ip-address";
import { ipSetOf } from "./ip-set";

describe("IP parsing as strict as Go net/netip (util.AddrStrToCidrRange)", () => {
  it("parses dotted-quad IPv4 into one unsigned number", () => {
    expect(parseIpv4("10.1.2.3")).toBe(0x0a010203);
    expect(parseIpv4("255.255.255.255")).toBe(0xffffffff);
    expect(parseIpv4("0.0.0.0")).toBe(0);
  });

  it("rejects leading zeros, missing parts, values over 255 and junk", () => {
    for (const bad of [
      "010.1.2.3",
      "10.1.2",
      "10.1.2.3.4",
      "256.1.1.1",
      "1..2.3",
      "",
      "a.b.c.d",
      "1.2.3.4 ",
    ]) {
      expect(parseIpv4(bad)).toBe(-1);
    }
  });

  it("parses IPv6 into four words and refuses zones", () => {
    const ip = parseIp("fd00::1");
    expect(ip?.family).toBe(6);
    expect(parseIp("fe80::1%eth0")).toBeNull();
    expect(parseIp("not-an-ip")).toBeNull();
  });

  it("round-trips every IPv4 address (property)", () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)), (parts) => {
        expect(parseIpv4(parts.join("."))).toBe(
          ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0,
        );
      }),
    );
  });
});

describe("CIDR ranges (ipBlocks: a single IP is /32 or /128)", () => {
  it("a bare address is a /32", () => {
    const range = parseCidr("1.2.3.4")!;
    expect(range.prefix).toBe(32);
    expect(cidrContains(range, parseIp("1.2.3.4")!)).toBe(true);
    expect(cidrContains(range, parseIp("1.2.3.5")!)).toBe(false);
  });

  it("host bits are ignored, as Envoy masks them", () => {
    const range = parseCidr("10.1.2.3/8")!;
    expect(cidrContains(range, parseIp("10.200.0.1")!)).toBe(true);
    expect(cidrContains(range, parseIp("11.0.0.1")!)).toBe(false);
  });

  it("IPv6 prefixes match by words; families never mix", () => {
    const range = parseCidr("fd00:1::/32")!;
    expect(cidrContains(range, parseIp("fd00:1:ffff::9")!)).toBe(true);
    expect(cidrContains(range, parseIp("fd00:2::9")!)).toBe(false);
    expect(cidrContains(parseCidr("0.0.0.0/0")!, parseIp("::1")!)).toBe(false);
  });

  it("rejects invalid prefixes", () => {
    for (const bad of ["1.2.3.4/33", "1.2.3.4/", "1.2.3.4/08", "::1/129", "x/8"])
      expect(parseCidr(bad)).toBeNull();
  });

  it("an IpSet holds exactly the union of its ranges (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(0xffffffff), fc.integer({ min: 0, max: 32 })), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.nat(0xffffffff),
        (ranges, ip) => {
          const cidrs = ranges.map(
            ([base, prefix]) =>
              parseCidr(`${[24, 16, 8, 0].map((s) => (base >>> s) & 255).join(".")}/${prefix}`)!,
          );
          const set = ipSetOf(cidrs);
          const expected = cidrs.some((c) => cidrContains(c, { family: 4, v4: ip }));
          expect(set.has(ip, null)).toBe(expected);
        },
      ),
    );
  });
});
