/**
 * Whether a host written in an Istio config object (VirtualService / ServiceEntry `hosts`,
 * DestinationRule `host`) may name `fqdn`. Deliberately generous, never stricter than Istio: `*`
 * and `*.suffix` wildcards, and short names (`reviews`, `reviews.bookinfo`) which Istio completes
 * with the object's namespace and the cluster domain (`pilot/pkg/model/config.go` ResolveShortnameToFQDN)
 * all count as matching when `fqdn` starts with them. Used to decide which objects can matter for a
 * destination; a false "may" only costs a finer split, a false "may not" would be wrong.
 */
export function mayNameHost(pattern: string, fqdn: string): boolean {
  const host = pattern.toLowerCase();
  if (host === "*" || host === "") return true;
  if (host.startsWith("*")) return fqdn.endsWith(host.slice(1));
  return fqdn === host || fqdn.startsWith(`${host}.`);
}

/** The number of DNS labels of a host name. */
export function labelCount(host: string): number {
  return host.split(".").length;
}
