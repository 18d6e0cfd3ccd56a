/**
 * Envoy-side identity matchers (sidecars, waypoints, gateways): istiod compiles `principals`,
 * `namespaces`, `serviceAccounts` and `trustDomains` into `authenticated.principal_name` matchers on
 * the peer certificate's URI SAN `spiffe://<principal>` (istio-semantics §2.4, `model/generator.go`).
 * The forms below are those matchers rewritten, exactly, onto the principal without `spiffe://`, so a
 * request needs no string building. They test an authenticated peer's principal; a plaintext peer has
 * none, so every positive identity matcher fails and every `not*` form succeeds (applied by the caller).
 */
import {
  ANY_STRING,
  prefixMatcher,
  quoteMeta,
  regexMatcher,
  type StringPredicate,
  suffixMatcher,
  type ValueTest,
} from "./string-matchers";

/**
 * `principals` / `source.principal` (`srcPrincipalGenerator`: StringMatcherWithPrefix(v, "spiffe://")):
 * `*` → regex `.+` on the SAN (any authenticated peer), `*x` → regex `spiffe://.*x` (principal ends
 * with x), `x*` → prefix `spiffe://x`, else exact `spiffe://x`.
 */
export function principalTest(value: string): ValueTest {
  if (value === "*") return ANY_STRING;
  if (value.startsWith("*")) return suffixMatcher(value.slice(1));
  if (value.endsWith("*")) return prefixMatcher(value.slice(0, -1));
  return { exact: value };
}

/**
 * `namespaces` / `source.namespace` (`srcNamespaceGenerator`): regex `.*` `/ns/<ns>/` `.*` on the SAN,
 * each `*` of the value becoming `.*`. On the principal that is: it starts with `ns/<ns>/` (the `/`
 * ending `spiffe://` opens the segment) or contains `/ns/<ns>/`.
 */
export function namespaceTest(value: string): StringPredicate {
  if (!value.includes("*")) {
    // The same test without a regex for the common literal case.
    const segment = `ns/${value}/`;
    const inner = `/${segment}`;
    return (principal) => principal.startsWith(segment) || principal.includes(inner);
  }
  const pattern = value.split("*").map(quoteMeta).join(".*");
  return regexMatcher(`(?:.*/)?ns/${pattern}/.*`);
}

/**
 * `serviceAccounts` / `source.serviceAccount` (`serviceAccountRegex`): `ns/sa`, or `sa` in the policy's
 * namespace, as regex `spiffe://.+/ns/<ns>/(.+/|)sa/<sa>(/.+)?`.
 */
export function serviceAccountTest(policyNamespace: string, value: string): StringPredicate {
  const slash = value.indexOf("/");
  const namespace = slash < 0 ? policyNamespace : value.slice(0, slash);
  const account = slash < 0 ? value : value.slice(slash + 1);
  return regexMatcher(`.+/ns/${quoteMeta(namespace)}/(?:.+/|)sa/${quoteMeta(account)}(?:/.+)?`);
}

/**
 * `trustDomains` / `source.trustDomain` (`srcTrustDomainGenerator`): `*` → prefix `spiffe://` (any
 * authenticated peer); no `*` → prefix `spiffe://<td>/`; one `*` → regex `spiffe://<a>[^/]*<b>/.*`
 * (only the first `*` is a wildcard).
 */
export function trustDomainTest(value: string): StringPredicate {
  if (value === "*") return ANY_STRING;
  const star = value.indexOf("*");
  if (star < 0) return prefixMatcher(`${value}/`);
  return regexMatcher(`${quoteMeta(value.slice(0, star))}[^/]*${quoteMeta(value.slice(star + 1))}/.*`);
}
