/**
 * DNS name rules shared by name-constraint checks and peer-name matching (RFC 5280 §4.2.1.10,
 * RFC 6125 / RFC 9525 wildcards as Go and webpki apply them).
 */

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/** A presented DNS identifier: LDH labels, optionally a single leading `*` label (wildcard). */
export function isValidDnsName(name: string, allowWildcard: boolean): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split(".");
  return labels.every(
    (label, position) => (allowWildcard && position === 0 && label === "*") || LABEL.test(label),
  );
}

/**
 * A DNS name constraint: empty (matches all) or a host name, no wildcard. A leading period is
 * URI/email syntax, not dNSName syntax (RFC 5280 §4.2.1.10; webpki rejects it, OpenSSL and Go accept it).
 */
export function isValidDnsConstraint(constraint: string): boolean {
  return constraint === "" || isValidDnsName(constraint, false);
}

/**
 * Does `name` fall inside the DNS subtree `constraint`? `example.com` covers itself and every
 * subdomain, `.example.com` only subdomains (Go `matchDomainConstraint`). Case-insensitive.
 */
export function dnsWithinConstraint(name: string, constraint: string): boolean {
  if (constraint === "") return true;
  const n = name.toLowerCase();
  const c = constraint.toLowerCase();
  if (c.startsWith(".")) return n.endsWith(c);
  return n === c || n.endsWith(`.${c}`);
}

/**
 * For an excluded subtree: could a wildcard name match a host inside `constraint`? `*.example.com`
 * can stand for `bar.example.com`, so excluding `bar.example.com` must reject it (CVE-2025-61727).
 */
export function wildcardMayReach(name: string, constraint: string): boolean {
  if (!name.startsWith("*.")) return false;
  const base = name.slice(2).toLowerCase();
  const c = (constraint.startsWith(".") ? constraint.slice(1) : constraint).toLowerCase();
  const dot = c.indexOf(".");
  return dot > 0 && c.slice(dot + 1) === base;
}

/** Matches a reference DNS name against a presented SAN (RFC 6125 §6.4.3: `*` is a whole leftmost label). */
export function dnsNameMatches(presented: string, reference: string): boolean {
  const p = presented.toLowerCase();
  const r = reference.toLowerCase().replace(/\.$/, "");
  if (!p.startsWith("*.")) return p === r;
  const dot = r.indexOf(".");
  return dot > 0 && r.slice(dot + 1) === p.slice(2) && p.split(".").length > 2;
}

/** The host of a URI (`scheme://host[:port]/...`), or undefined when it has none. */
export function uriHost(uri: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(uri);
  const host = match?.[1];
  return host ? host : undefined;
}
