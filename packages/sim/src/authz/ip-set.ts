/**
 * A set of CIDR ranges compiled once, queried per request with integers only. IPv4 ranges are kept
 * as parallel low/high arrays so the common case is a tight numeric loop.
 */
import { type CidrRange, cidrContains } from "./ip-address";

/** A compiled set of ranges. */
export interface IpSet {
  /**
   * True when the address is in any range. The address comes as the request context holds it: `v4`
   * (or -1 when it is not IPv4) and, for IPv6, its four words; an unparseable address is (-1, null).
   */
  has(v4: number, v6: Uint32Array | null): boolean;
}

/** Compiles ranges into an IpSet. */
export function ipSetOf(ranges: readonly CidrRange[]): IpSet {
  const v4 = ranges.filter((r) => r.family === 4);
  const lows = Float64Array.from(v4, (r) => r.low);
  const highs = Float64Array.from(v4, (r) => r.high);
  const v6 = ranges.filter((r) => r.family === 6);
  return {
    has(ip: number, words: Uint32Array | null): boolean {
      if (ip >= 0) {
        for (let i = 0; i < lows.length; i++) if (ip >= lows[i]! && ip <= highs[i]!) return true;
        return false;
      }
      if (words === null) return false;
      for (const range of v6) if (cidrContains(range, { family: 6, v6: words })) return true;
      return false;
    },
  };
}
