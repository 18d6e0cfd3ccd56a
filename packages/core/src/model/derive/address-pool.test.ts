import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AddressPool } from "./address-pool";
import { type CidrRange, formatAddress, parseAddress, parseCidr } from "./cidr";
import { hash53 } from "./hash";

function range(cidr: string): CidrRange {
  const parsed = parseCidr(cidr);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.range;
}

function contains(cidr: string, address: string): boolean {
  const r = range(cidr);
  const parsed = parseAddress(address);
  return (
    parsed.ok &&
    parsed.value >= r.network &&
    parsed.value < r.network + (1n << BigInt((r.family === "IPv4" ? 32 : 128) - r.prefix))
  );
}

describe("CIDR parsing (ipaddr.js, Kubernetes' strict forms)", () => {
  it("parses IPv4 and IPv6 CIDRs and masks host bits", () => {
    expect(range("10.1.2.3/16")).toMatchObject({
      family: "IPv4",
      prefix: 16,
      network: 0x0a010000n,
      size: 65534n,
    });
    expect(range("fd00:1::/64")).toMatchObject({ family: "IPv6", prefix: 64, size: (1n << 64n) - 1n });
  });

  it("keeps every address of point-to-point prefixes", () => {
    expect(range("10.0.0.0/31").size).toBe(2n);
    expect(range("10.0.0.7/32").size).toBe(1n);
  });

  it("rejects malformed CIDRs and non-dotted-quad IPv4", () => {
    for (const bad of ["10.0.0.0", "10.0.0.0/33", "10.1/16", "nonsense", "fd00::/129", ""]) {
      expect(parseCidr(bad).ok, bad).toBe(false);
    }
  });

  it("formats addresses canonically (RFC 5952 for IPv6)", () => {
    expect(formatAddress("IPv4", 0x0a000001n)).toBe("10.0.0.1");
    expect(formatAddress("IPv6", (0xfd00n << 112n) | 1n)).toBe("fd00::1");
  });
});

describe("address pool (hash slot + linear probing)", () => {
  it("never hands out the network or broadcast address", () => {
    const pool = new AddressPool("IPv4", [range("10.0.0.0/30")]);
    const got = [pool.allocate(hash53("a")), pool.allocate(hash53("b"))].sort();
    expect(got).toEqual(["10.0.0.1", "10.0.0.2"]);
    expect(pool.allocate(hash53("c"))).toBeUndefined();
  });

  it("spans several CIDRs of one family", () => {
    const pool = new AddressPool("IPv4", [range("10.0.0.0/30"), range("10.9.0.0/30")]);
    const got = ["a", "b", "c", "d"].map((key) => pool.allocate(hash53(key))!).sort();
    expect(got).toEqual(["10.0.0.1", "10.0.0.2", "10.9.0.1", "10.9.0.2"]);
  });

  it("reserves declared addresses: inside, outside, conflicting, invalid", () => {
    const pool = new AddressPool("IPv4", [range("10.0.0.0/29")]);
    expect(pool.reserve("10.0.0.3")).toEqual({ kind: "reserved", address: "10.0.0.3" });
    expect(pool.reserve("10.0.0.3")).toEqual({ kind: "conflict", address: "10.0.0.3" });
    expect(pool.reserve("192.168.1.1").kind).toBe("outside");
    expect(pool.reserve("not-an-ip").kind).toBe("invalid");
    const generated = Array.from({ length: 5 }, (_, i) => pool.allocate(hash53(`k${i}`)));
    expect(generated).not.toContain("10.0.0.3");
    expect(pool.allocate(hash53("full"))).toBeUndefined();
  });

  it("property: addresses are in the CIDR, unique and deterministic", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("10.4.0.0/24", "10.4.0.0/28", "fd00:7::/120", "fd00:7::/64"),
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 40 }),
        (cidr, keys) => {
          const allocate = () => {
            const pool = new AddressPool(range(cidr).family, [range(cidr)]);
            return keys.map((key) => pool.allocate(hash53(key)));
          };
          const first = allocate();
          const got = first.filter((a): a is string => a !== undefined);
          expect(new Set(got).size).toBe(got.length);
          for (const address of got) expect(contains(cidr, address)).toBe(true);
          expect(allocate()).toEqual(first);
        },
      ),
    );
  });

  it("property: adding a key whose home slot is free moves no other key's address (stable under insertion)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 60 }),
        fc.string({ minLength: 1, maxLength: 8 }),
        (keys, extra) => {
          fc.pre(!keys.includes(extra));
          const cidr = range("10.5.0.0/26");
          const sortedAllocate = (all: readonly string[]) => {
            const pool = new AddressPool("IPv4", [cidr]);
            return new Map([...all].sort().map((key) => [key, pool.allocate(hash53(key))]));
          };
          const before = sortedAllocate(keys);
          const alone = new AddressPool("IPv4", [cidr]).allocate(hash53(extra));
          fc.pre(![...before.values()].includes(alone));
          const after = sortedAllocate([...keys, extra]);
          for (const key of keys) expect(after.get(key)).toBe(before.get(key));
          expect(after.get(extra)).toBe(alone);
        },
      ),
    );
  });
});
