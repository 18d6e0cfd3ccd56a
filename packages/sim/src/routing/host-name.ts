/**
 * Hostname rules shared by every Istio config kind (`pkg/config/host/name.go`,
 * `pilot/pkg/model/config.go`). A host is a DNS name, possibly with a leading `*` wildcard.
 */

/** True for `*` and `*.example.com`. */
export function isWildcardHost(host: string): boolean {
  return host.length > 0 && host.charCodeAt(0) === 42; /* '*' */
}

/**
 * Whether two hosts overlap, in either direction (`host.Name.Matches`): `*.com` matches `foo.com`
 * and vice versa, `*.foo.com` does not match `foo.com`, `*` matches everything.
 */
export function hostsMatch(a: string, b: string): boolean {
  const aWild = isWildcardHost(a);
  const bWild = isWildcardHost(b);
  if (aWild && bWild) {
    return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  }
  if (aWild) return b.endsWith(a.slice(1));
  if (bWild) return a.endsWith(b.slice(1));
  return a === b;
}

/**
 * Whether `host` is covered by `by` (`host.Name.SubsetOf`, one direction only): `foo.com` ⊆ `*.com`,
 * `*.foo.com` ⊆ `*.com`, but `*.com` ⊄ `foo.com`.
 */
export function hostSubsetOf(host: string, by: string): boolean {
  const hWild = isWildcardHost(host);
  const bWild = isWildcardHost(by);
  if (hWild && bWild) return host.length >= by.length && host.slice(1).endsWith(by.slice(1));
  if (hWild) return false;
  if (bWild) return host.endsWith(by.slice(1));
  return host === by;
}

/**
 * Istio's host ordering (`host.MoreSpecific`): non-wildcards before wildcards, then longer before
 * shorter, then alphabetical.
 */
export function moreSpecificHost(a: string, b: string): boolean {
  const aWild = isWildcardHost(a);
  const bWild = isWildcardHost(b);
  if (aWild !== bWild) return !aWild;
  if (a.length === b.length) return a < b;
  return a.length > b.length;
}

/**
 * The most specific key of `specific` / `wildcard` that covers `needle`
 * (`model.MostSpecificHostMatch`): an exact key first, else the most specific wildcard suffix.
 */
export function mostSpecificHostMatch<V>(
  needle: string,
  specific: ReadonlyMap<string, V>,
  wildcard: ReadonlyMap<string, V>,
): { host: string; value: V } | undefined {
  const exact = isWildcardHost(needle) ? wildcard.get(needle) : specific.get(needle);
  if (exact !== undefined) return { host: needle, value: exact };
  const suffixOf = isWildcardHost(needle) ? needle.slice(1) : needle;
  let best: { host: string; value: V } | undefined;
  for (const [host, value] of wildcard) {
    if (!suffixOf.endsWith(host.slice(1))) continue;
    if (best === undefined || moreSpecificHost(host, best.host)) best = { host, value };
  }
  return best;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** True for a literal IPv4 or IPv6 address (no prefix length). */
export function isIpAddress(text: string): boolean {
  if (IPV4.test(text)) return true;
  return text.includes(":") && /^[0-9a-fA-F:.]+$/.test(text) && !text.includes(":::");
}

/**
 * Resolves a short host written in a config object to the name Istio uses
 * (`model.ResolveShortnameToFQDN`): a name without dots gets `.<namespace>.svc.<domain>`; names with
 * a dot, IPs and `*` stay as written — so `reviews.other` is *not* expanded (a classic surprise).
 */
export function resolveShortName(host: string, namespace: string, domain: string): string {
  if (host === "" || host === "*" || isIpAddress(host) || host.includes(".")) return host;
  return `${host}.${namespace}.svc.${domain}`;
}

/** Lower-cases a host the way Envoy compares authorities, and strips a trailing dot. */
export function normalizeHost(host: string): string {
  const lower = host.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}
