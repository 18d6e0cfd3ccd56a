import ipaddr from "ipaddr.js";
import type { IpFamily } from "../cluster";

/**
 * A parsed CIDR as a range of usable addresses. Addresses are bigints so IPv4 and IPv6 share one
 * arithmetic; `first` skips the network address (and, for IPv4, `size` excludes the broadcast),
 * the way Kubernetes IPAM never hands them to pods.
 */
export interface CidrRange {
  readonly cidr: string;
  readonly family: IpFamily;
  readonly prefix: number;
  /** Numeric network address. */
  readonly network: bigint;
  /** Offset of the first usable address from `network`. */
  readonly first: bigint;
  /** Number of usable addresses. */
  readonly size: bigint;
}

/** A CIDR, or why it does not parse. */
export type ParsedCidr =
  | { readonly ok: true; readonly range: CidrRange }
  | { readonly ok: false; readonly problem: string };

/** An address, or why it does not parse. */
export type ParsedAddress =
  | { readonly ok: true; readonly family: IpFamily; readonly value: bigint; readonly text: string }
  | { readonly ok: false; readonly problem: string };

function bytesToBigint(bytes: readonly number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** True for text ipaddr.js accepts but Kubernetes would not (IPv4 must be four decimal parts). */
function isLooseIpv4(text: string): boolean {
  return ipaddr.IPv4.isIPv4(text) && !ipaddr.IPv4.isValidFourPartDecimal(text);
}

/** Parses an IPv4 or IPv6 address (strict dotted-quad for IPv4, no zone id). */
export function parseAddress(text: string): ParsedAddress {
  if (isLooseIpv4(text) || !ipaddr.isValid(text) || text.includes("%")) {
    return { ok: false, problem: `"${text}" is not an IPv4 or IPv6 address` };
  }
  const address = ipaddr.parse(text);
  const family: IpFamily = address.kind() === "ipv4" ? "IPv4" : "IPv6";
  return { ok: true, family, value: bytesToBigint(address.toByteArray()), text: address.toString() };
}

/** Parses `address/prefix`; host bits are masked off (Kubernetes itself rejects them; we only read). */
export function parseCidr(text: string): ParsedCidr {
  const slash = text.indexOf("/");
  if (slash < 0 || !ipaddr.isValidCIDR(text) || isLooseIpv4(text.slice(0, slash))) {
    return { ok: false, problem: `"${text}" is not a CIDR (address/prefix)` };
  }
  const [address, prefix] = ipaddr.parseCIDR(text);
  const family: IpFamily = address.kind() === "ipv4" ? "IPv4" : "IPv6";
  const bits = family === "IPv4" ? 32 : 128;
  const hostBits = BigInt(bits - prefix);
  const network = (bytesToBigint(address.toByteArray()) >> hostBits) << hostBits;
  const total = 1n << hostBits;
  // IPv4 loses the network and broadcast addresses, IPv6 the subnet-router anycast address;
  // point-to-point prefixes (/31, /32, /127, /128) keep every address.
  const first = total > 2n ? 1n : 0n;
  const last = family === "IPv4" && total > 2n ? 1n : 0n;
  return { ok: true, range: { cidr: text, family, prefix, network, first, size: total - first - last } };
}

/** Renders an IPv4 address held as a number below 2^32. */
export function formatIpv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Renders a numeric address of `family` in canonical text (RFC 5952 for IPv6). */
export function formatAddress(family: IpFamily, value: bigint): string {
  if (family === "IPv4") return formatIpv4(Number(value));
  const bytes: number[] = [];
  for (let shift = 120n; shift >= 0n; shift -= 8n) bytes.push(Number((value >> shift) & 255n));
  return ipaddr.fromByteArray(bytes).toString();
}

/** Offset of `value` among the usable addresses of `range`, or `undefined` when outside it. */
export function offsetInRange(range: CidrRange, value: bigint): bigint | undefined {
  const offset = value - range.network - range.first;
  return offset >= 0n && offset < range.size ? offset : undefined;
}
