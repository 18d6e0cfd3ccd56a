/**
 * Istio's host-name matching helpers (`pkg/config/host/name.go`, `names.go`,
 * `pilot/pkg/model/config.go` MostSpecificHostMatch), shared by the cluster-local rule.
 */

/** True when `host` is a `*`-prefixed wildcard (`host.Name.IsWildCarded`). */
export function isWildcardHost(host: string): boolean {
  return host.startsWith("*");
}

/**
 * Istio's host ordering (`host.MoreSpecific`): non-wildcards before wildcards, then longer before
 * shorter, then alphabetical. True when `a` is more specific than `b`.
 */
export function moreSpecificHost(a: string, b: string): boolean {
  const aWild = isWildcardHost(a);
  const bWild = isWildcardHost(b);
  if (aWild !== bWild) return !aWild;
  if (a.length === b.length) return a < b;
  return a.length > b.length;
}

/** The entry of a host table that decided a lookup. */
export interface HostMatch<V> {
  readonly host: string;
  readonly value: V;
}

/**
 * The most specific entry for `needle` (`MostSpecificHostMatch`): an exact entry first, otherwise
 * the most specific wildcard whose suffix (everything after `*`) ends the needle. A wildcard
 * needle only matches wildcard entries.
 */
export function mostSpecificHostMatch<V>(
  needle: string,
  specific: ReadonlyMap<string, V>,
  wildcard: ReadonlyMap<string, V>,
): HostMatch<V> | undefined {
  const exact = isWildcardHost(needle) ? wildcard.get(needle) : specific.get(needle);
  if (exact !== undefined) return { host: needle, value: exact };
  const tail = isWildcardHost(needle) ? needle.slice(1) : needle;
  let best: HostMatch<V> | undefined;
  for (const [host, value] of wildcard) {
    if (!tail.endsWith(host.slice(1))) continue;
    if (best === undefined || moreSpecificHost(host, best.host)) best = { host, value };
  }
  return best;
}
