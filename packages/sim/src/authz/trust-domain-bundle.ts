/**
 * Trust-domain aliases (istio-semantics §2.7, `pilot/pkg/security/trustdomain/bundle.go`): before a
 * sidecar / waypoint / gateway policy is generated, every `principals` / `notPrincipals` /
 * `source.principal` value naming a trust domain of the bundle (or the pointer `cluster.local`) is
 * expanded to one principal per bundle entry, and `trustDomains` values in the bundle expand to
 * the whole bundle. ztunnel gets no such rewrite (`ambient/authorization.go` handleRule has none).
 */

/** The local trust domain first, then its aliases (`trustdomain.NewBundle`). */
export interface TrustDomainBundle {
  readonly trustDomains: readonly string[];
}

/** `cluster.local` in a principal means "the local trust domain" (`constants.DefaultClusterLocalDomain`). */
export const CLUSTER_LOCAL_TRUST_DOMAIN = "cluster.local";

/** Builds the bundle: `[trustDomain, ...aliases]`. */
export function trustDomainBundle(trustDomain: string, aliases: readonly string[] = []): TrustDomainBundle {
  return { trustDomains: [trustDomain, ...aliases] };
}

function prefixPatternMatch(text: string, pattern: string): boolean {
  return pattern.endsWith("*") && text.startsWith(pattern.slice(0, -1));
}

function suffixPatternMatch(text: string, pattern: string): boolean {
  return pattern.startsWith("*") && text.endsWith(pattern.slice(1));
}

/** `trustdomain/util.go` stringMatch: the pattern may be on either side. */
function matchesAnyTrustDomain(trustDomain: string, list: readonly string[]): boolean {
  return list.some(
    (entry) =>
      trustDomain === entry ||
      entry === "*" ||
      prefixPatternMatch(trustDomain, entry) ||
      prefixPatternMatch(entry, trustDomain) ||
      suffixPatternMatch(trustDomain, entry) ||
      suffixPatternMatch(entry, trustDomain),
  );
}

function pushUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

/** Rewrites principals with the bundle (`Bundle.ReplaceTrustDomainAliases`). */
export function replaceTrustDomainAliases(
  bundle: TrustDomainBundle,
  principals: readonly string[],
): string[] {
  const out: string[] = [];
  for (const principal of principals) {
    const parts = principal.split("/");
    // Only `<td>/ns/<ns>/sa/<sa>` with a td other than `*` names a trust domain (isTrustDomainBeingEnforced).
    if (parts.length !== 5 || parts[0] === "*") {
      out.push(principal);
      continue;
    }
    const trustDomain = parts[0]!;
    if (
      !matchesAnyTrustDomain(trustDomain, bundle.trustDomains) &&
      trustDomain !== CLUSTER_LOCAL_TRUST_DOMAIN
    ) {
      out.push(principal);
      continue;
    }
    const expanded: string[] = [];
    for (const td of bundle.trustDomains) {
      // A `*`-prefixed trust domain that already covers this bundle entry stays as written.
      pushUnique(
        expanded,
        suffixPatternMatch(td, trustDomain) ? principal : [td, ...parts.slice(1)].join("/"),
      );
    }
    out.push(...expanded);
  }
  return out;
}

/** Expands `trustDomains` values that are in the bundle to the whole bundle (`ExpandTrustDomainAliases`). */
export function expandTrustDomainAliases(bundle: TrustDomainBundle, values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (bundle.trustDomains.includes(value)) for (const td of bundle.trustDomains) pushUnique(out, td);
    else pushUnique(out, value);
  }
  return out;
}
