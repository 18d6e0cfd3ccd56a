/**
 * IP addresses and CIDR ranges as integers, so `ipBlocks`, `remoteIpBlocks`, `source.ip` and
 * `destination.ip` checks are integer comparisons built once at compile time. Parsing is as strict as
 * Go's `net/netip`, which istiod uses (`util.AddrStrToCidrRange`, ambient `stringToIP`): IPv4 is
 * dotted-quad decimal without leading zeros; a bare address is a /32 (/128) range.
 */
import ipaddr from "ipaddr.js";

/** An address: IPv4 as one unsigned 32-bit number, IPv6 as four unsigned 32-bit words. */
export type IpValue =
  | { readonly family: 4; readonly v4: number }
  | { readonly family: 6; readonly v6: Uint32Array };

/** An inclusive address range with its prefix length (for reporting). */
export type CidrRange =
  | { readonly family: 4; readonly low: number; readonly high: number; readonly prefix: number }
  | { readonly family: 6; readonly base: Uint32Array; readonly mask: Uint32Array; readonly prefix: number };

const DOT = 46;
const ZERO = 48;
const NINE = 57;

/**
 * Parses dotted-quad IPv4 without allocating (it runs once per request); -1 when `text` is not
 * strict IPv4 (leading zeros, missing parts, values over 255 are rejected as `netip.ParseAddr` does).
 */
export function parseIpv4(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  let leadingZero = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? DOT : text.charCodeAt(i);
    if (c === DOT) {
      if (digits === 0 || parts === 4) return -1;
      value = value * 256 + part;
      parts++;
      part = 0;
      digits = 0;
      leadingZero = false;
      continue;
    }
    if (c < ZERO || c > NINE || leadingZero) return -1;
    if (digits === 0 && c === ZERO) leadingZero = true;
    part = part * 10 + (c - ZERO);
    digits++;
    if (part > 255) return -1;
  }
  return parts === 4 ? value : -1;
}

function wordsOf(bytes: readonly number[]): Uint32Array {
  const words = new Uint32Array(4);
  for (let w = 0; w < 4; w++) {
    words[w] =
      ((bytes[w * 4]! << 24) | (bytes[w * 4 + 1]! << 16) | (bytes[w * 4 + 2]! << 8) | bytes[w * 4 + 3]!) >>>
      0;
  }
  return words;
}

function parseIpv6(text: string): Uint32Array | null {
  if (text.includes("%") || !text.includes(":") || !ipaddr.IPv6.isValid(text)) return null;
  return wordsOf(ipaddr.IPv6.parse(text).toByteArray());
}

/** Parses an IPv4 or IPv6 address; null when it is neither. */
export function parseIp(text: string): IpValue | null {
  const v4 = parseIpv4(text);
  if (v4 >= 0) return { family: 4, v4 };
  const v6 = parseIpv6(text);
  return v6 === null ? null : { family: 6, v6 };
}

function parsePrefixLength(text: string, max: number): number {
  if (!/^(0|[1-9][0-9]{0,2})$/.test(text)) return -1;
  const n = Number(text);
  return n <= max ? n : -1;
}

function ipv6Range(address: Uint32Array, prefix: number): CidrRange {
  const mask = new Uint32Array(4);
  for (let w = 0; w < 4; w++) {
    const bits = Math.max(0, Math.min(32, prefix - w * 32));
    mask[w] = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  }
  const base = new Uint32Array(4);
  for (let w = 0; w < 4; w++) base[w] = (address[w]! & mask[w]!) >>> 0;
  return { family: 6, base, mask, prefix };
}

/** Parses `a.b.c.d[/n]` or `x::y[/n]` into a range; null when invalid. Host bits are ignored, as Envoy does. */
export function parseCidr(text: string): CidrRange | null {
  const slash = text.indexOf("/");
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const address = parseIp(addressText);
  if (address === null) return null;
  const max = address.family === 4 ? 32 : 128;
  const prefix = slash < 0 ? max : parsePrefixLength(text.slice(slash + 1), max);
  if (prefix < 0) return null;
  if (address.family === 6) return ipv6Range(address.v6, prefix);
  const size = 2 ** (32 - prefix);
  const low = Math.floor(address.v4 / size) * size;
  return { family: 4, low, high: low + size - 1, prefix };
}

/** True when `ip` lies in `range` (families must agree: a v4 range never holds a v6 address). */
export function cidrContains(range: CidrRange, ip: IpValue): boolean {
  if (range.family === 4) return ip.family === 4 && ip.v4 >= range.low && ip.v4 <= range.high;
  if (ip.family !== 6) return false;
  for (let w = 0; w < 4; w++) {
    if ((ip.v6[w]! & range.mask[w]!) >>> 0 !== range.base[w]) return false;
  }
  return true;
}
