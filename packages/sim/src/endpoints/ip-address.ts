import { isIPv4, isIPv6 } from "node:net";
import type { IpFamily } from "@meshwright/core";
import ipaddr from "ipaddr.js";

/**
 * The family of an IP literal, or undefined when `text` is not one (a hostname, "", a CIDR).
 * IPv4-mapped IPv6 addresses count as IPv4, as Go's `netip.Addr.Unmap` makes them in
 * `ep_filters.go` filterGatewaysByIPFamily. (node:net's validators are the fast path; ipaddr.js
 * only decodes the rare IPv6 literal that may embed an IPv4 address.)
 */
export function addressFamily(text: string): IpFamily | undefined {
  if (isDottedQuad(text) || isIPv4(text)) return "IPv4";
  if (!isIPv6(text)) return undefined;
  if (!/ffff/i.test(text) || !ipaddr.IPv6.isValid(text)) return "IPv6";
  return ipaddr.IPv6.parse(text).isIPv4MappedAddress() ? "IPv4" : "IPv6";
}

/** True when `text` is an IPv4 or IPv6 literal (Go `netutil.IsValidIPAddress`). */
export function isIpAddress(text: string): boolean {
  return isDottedQuad(text) || isIPv4(text) || isIPv6(text);
}

/**
 * A fast exact check for the common case, canonical `a.b.c.d` (0–255, no leading zeros); anything
 * else falls through to node:net, whose validator is a regular expression.
 */
function isDottedQuad(text: string): boolean {
  let octets = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255 || octets === 4) return false;
      octets++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return false;
      value = value * 10 + (c - 48);
      if (++digits > 3) return false;
    } else {
      return false;
    }
  }
  return octets === 4;
}

/** `host:port`, bracketing IPv6 literals as Go's `net.JoinHostPort` does. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
