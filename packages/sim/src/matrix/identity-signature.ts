import { type Cluster, istioObjects, type Workload } from "@meshwright/core";
import { policySourceValues } from "./policy-sources";

/**
 * The source values the AuthorizationPolicies at a destination's servers compare with: what a
 * client's identity can change there. Collected from every policy of the server's namespace and of
 * the root namespace in the config cluster of the server's istiod (the only policies that can attach,
 * istio-semantics §2.1; selectors are not narrowed further, which only makes the split finer).
 */
export interface DestinationPolicyValues {
  /** Principals without `spiffe://`, as written. */
  readonly principals: readonly string[];
  readonly namespaces: readonly string[];
  /** True when a policy reads source addresses. */
  readonly readsAddresses: boolean;
}

const SPIFFE = "spiffe://";

/** `<td>/ns/x/sa/y` → `/ns/x/sa/y`: the part trust-domain aliasing leaves alone (istio-semantics §2.7). */
export function withoutTrustDomain(principal: string): string {
  const slash = principal.indexOf("/");
  return slash < 0 ? principal : principal.slice(slash);
}

/**
 * Whether a policy value may match `principal` (`<td>/ns/<ns>/sa/<sa>`). Generous: trust domains are
 * ignored (aliases and the `cluster.local` pointer can map any of them onto the mesh's), and a prefix
 * ending inside the trust domain matches everything. `*` alone never tells principals apart (it
 * matches every authenticated peer), so it is not a reason to split.
 */
export function mayMatchPrincipal(value: string, principal: string): boolean {
  return principalMatcher(value)(principal, withoutTrustDomain(principal));
}

/** Tests a principal (without `spiffe://`) and the same without its trust domain. */
type PrincipalTest = (principal: string, bare: string) => boolean;

const NEVER = () => false;

/**
 * `mayMatchPrincipal` of one policy value, its slices made once: a matrix tests every class
 * against the values of every destination.
 */
function principalMatcher(value: string): PrincipalTest {
  const v = value.startsWith(SPIFFE) ? value.slice(SPIFFE.length) : value;
  if (v === "*") return NEVER;
  if (v.startsWith("*")) {
    const suffix = v.slice(1);
    const bareSuffix = withoutTrustDomain(suffix);
    return (principal, bare) => principal.endsWith(suffix) || bare.endsWith(bareSuffix);
  }
  if (v.endsWith("*")) {
    const prefix = v.slice(0, -1);
    if (!prefix.includes("/")) return () => true;
    const barePrefix = withoutTrustDomain(prefix);
    return (principal, bare) => principal.startsWith(prefix) || bare.startsWith(barePrefix);
  }
  const bareValue = withoutTrustDomain(v);
  return (principal, bare) => v === principal || bareValue === bare;
}

/** Whether a policy `namespaces` value may match `namespace` (`*` alone never tells namespaces apart). */
export function mayMatchNamespace(value: string, namespace: string): boolean {
  return namespaceMatcher(value)(namespace);
}

/** `mayMatchNamespace` of one policy value, its slices made once. */
function namespaceMatcher(value: string): (namespace: string) => boolean {
  if (value === "*") return NEVER;
  if (value.startsWith("*")) {
    const suffix = value.slice(1);
    return (namespace) => namespace.endsWith(suffix);
  }
  if (value.endsWith("*")) {
    const prefix = value.slice(0, -1);
    return (namespace) => namespace.startsWith(prefix);
  }
  return (namespace) => value === namespace;
}

type PolicyValues = { principals: string[]; namespaces: string[]; addresses: boolean };

const noValues = (): PolicyValues => ({ principals: [], namespaces: [], addresses: false });

/** Collects the policy values of a destination's servers, memoised per (config cluster, namespace). */
export class PolicyValueIndex {
  private readonly memo = new Map<string, PolicyValues>();
  /** Per config cluster: the values of its policies by namespace (read once per cluster). */
  private readonly byNamespace = new Map<string, ReadonlyMap<string, PolicyValues>>();

  constructor(
    private readonly rootNamespace: string,
    private readonly configClusterOf: (cluster: string) => Cluster | undefined,
  ) {}

  private namespacesOf(config: Cluster): ReadonlyMap<string, PolicyValues> {
    let found = this.byNamespace.get(config.name);
    if (!found) {
      const values = new Map<string, PolicyValues>();
      for (const policy of istioObjects(config.resources, "AuthorizationPolicy")) {
        const ns = policy.metadata.namespace ?? "default";
        const into = values.get(ns) ?? noValues();
        const read = policySourceValues(policy);
        into.principals.push(...read.principals);
        into.namespaces.push(...read.namespaces);
        if (read.addresses.length > 0) into.addresses = true;
        values.set(ns, into);
      }
      found = values;
      this.byNamespace.set(config.name, found);
    }
    return found;
  }

  private valuesIn(config: Cluster, namespace: string): PolicyValues {
    const key = `${config.name}\u0000${namespace}`;
    let found = this.memo.get(key);
    if (!found) {
      const byNamespace = this.namespacesOf(config);
      found = noValues();
      for (const ns of new Set([namespace, this.rootNamespace])) {
        const values = byNamespace.get(ns);
        if (!values) continue;
        found.principals.push(...values.principals);
        found.namespaces.push(...values.namespaces);
        found.addresses ||= values.addresses;
      }
      this.memo.set(key, found);
    }
    return found;
  }

  /** The values at these servers. */
  valuesFor(servers: Iterable<Workload>): DestinationPolicyValues {
    const principals = new Set<string>();
    const namespaces = new Set<string>();
    let readsAddresses = false;
    const seen = new Set<string>();
    for (const server of servers) {
      if (server.dataplane === "none") continue;
      const config = this.configClusterOf(server.cluster);
      if (!config) continue;
      const key = `${config.name}\u0000${server.namespace}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const values = this.valuesIn(config, server.namespace);
      for (const p of values.principals) principals.add(p);
      for (const n of values.namespaces) namespaces.add(n);
      readsAddresses ||= values.addresses;
    }
    return { principals: [...principals], namespaces: [...namespaces], readsAddresses };
  }
}

/**
 * A compiled test "may this identity be told apart by the policies": exact values are looked up in
 * sets, wildcard values tested one by one.
 */
export class IdentitySignature {
  private readonly exactPrincipals = new Set<string>();
  private readonly patternPrincipals: PrincipalTest[] = [];
  private readonly exactNamespaces = new Set<string>();
  private readonly patternNamespaces: ((namespace: string) => boolean)[] = [];

  constructor(readonly values: DestinationPolicyValues) {
    for (const p of values.principals) {
      const v = p.startsWith(SPIFFE) ? p.slice(SPIFFE.length) : p;
      if (v === "*") continue;
      if (v.includes("*")) this.patternPrincipals.push(principalMatcher(v));
      else this.exactPrincipals.add(withoutTrustDomain(v));
    }
    for (const n of values.namespaces) {
      if (n === "*") continue;
      if (n.includes("*")) this.patternNamespaces.push(namespaceMatcher(n));
      else this.exactNamespaces.add(n);
    }
  }

  /** True when nothing at the destination reads the source identity. */
  get empty(): boolean {
    return (
      this.exactPrincipals.size === 0 &&
      this.patternPrincipals.length === 0 &&
      this.exactNamespaces.size === 0 &&
      this.patternNamespaces.length === 0
    );
  }

  /**
   * Whether some value may match a class with this principal (without `spiffe://`) and namespace;
   * `bare` is the principal without its trust domain (callers testing many destinations pass it once).
   */
  mentions(principal: string, namespace: string, bare = withoutTrustDomain(principal)): boolean {
    if (this.exactPrincipals.has(bare)) return true;
    if (this.exactNamespaces.has(namespace)) return true;
    for (const test of this.patternPrincipals) if (test(principal, bare)) return true;
    for (const test of this.patternNamespaces) if (test(namespace)) return true;
    return false;
  }
}
