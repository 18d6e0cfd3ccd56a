import { getOrCreate, istioObjects, type KubeObject, memoizeWeak } from "@meshwright/core";
import { effectivePeerAuthentication, type MtlsMode } from "../authz";
import type { RegistryEndpoint } from "../model/endpoint";
import { labelsKey } from "./labels-key";
import type { MeshIndex } from "./mesh-index";

/** A lookup per (mesh index, config objects): built once, so its memo serves every later query. */
const LOOKUPS = new WeakMap<
  MeshIndex,
  WeakMap<readonly KubeObject[], (endpoint: RegistryEndpoint) => MtlsMode>
>();

/**
 * The PeerAuthentication mode a client's istiod attributes to an endpoint's workload port, from the
 * PeerAuthentications of *its own* cluster (config is read only from the istiod's cluster,
 * istio-semantics §4.4; the auto-mTLS check reads them, `mtls_checker.go`). Modes are memoised per
 * (namespace, labels and port as far as they matter), the lookup itself per (index, resources):
 * the model is immutable.
 */
export function peerAuthModeLookup(
  resources: readonly KubeObject[],
  index: MeshIndex,
  rootNamespace: string,
): (endpoint: RegistryEndpoint) => MtlsMode {
  const byResources = getOrCreate(
    LOOKUPS,
    index,
    () => new WeakMap<readonly KubeObject[], (endpoint: RegistryEndpoint) => MtlsMode>(),
  );
  return getOrCreate(byResources, resources, () => buildLookup(resources, index, rootNamespace));
}

/**
 * What a lookup of `resources` answers for endpoints of `namespaces` depends on besides the
 * endpoint, as a short key: equal PeerAuthentications (in order) that can apply there (those of the
 * root namespace and of `namespaces`, §2.8 `ComposePeerAuthentication`), equal key. Istiods whose
 * clusters carry the same policies for a service's namespace (GitOps), whatever else their
 * clusters hold, then share what endpoint views derive from the modes.
 */
export function peerAuthKey(
  resources: readonly KubeObject[],
  rootNamespace: string,
  namespaces: EndpointNamespaces,
): string {
  const policies = policiesByNamespace(resources);
  return getOrCreate(policies.keys, `${rootNamespace}\u0000${namespaces.key}`, () => {
    const ids = relevantPolicies(policies, rootNamespace, namespaces.names).map((p) => p.id);
    return getOrCreate(KEY_IDS, `${rootNamespace}\u0000${ids.join(",")}`, () => `pa#${KEY_IDS.size}`);
  });
}

type PeerAuthentication = ReturnType<typeof istioObjects<"PeerAuthentication">>[number];

/** A PeerAuthentication of a config list: its position there and a short id of its content. */
interface IndexedPolicy {
  readonly policy: PeerAuthentication;
  readonly order: number;
  readonly id: string;
}

/** A config list's PeerAuthentications by namespace (and those without one), with the keys made from them. */
interface PolicyIndex {
  readonly byNamespace: Map<string, IndexedPolicy[]>;
  readonly unscoped: IndexedPolicy[];
  readonly keys: Map<string, string>;
}

const policiesByNamespace = memoizeWeak((resources: readonly KubeObject[]): PolicyIndex => {
  const index: PolicyIndex = { byNamespace: new Map(), unscoped: [], keys: new Map() };
  istioObjects(resources, "PeerAuthentication").forEach((p, order) => {
    const content = JSON.stringify([
      p.metadata?.namespace,
      p.metadata?.name,
      // Creation time breaks ties between policies of one level (`config-order.ts`).
      p.metadata?.creationTimestamp,
      p.spec,
    ]);
    const policy = { policy: p, order, id: getOrCreate(POLICY_IDS, content, () => `${POLICY_IDS.size}`) };
    const namespace: unknown = p.metadata?.namespace;
    if (typeof namespace === "string") getOrCreate(index.byNamespace, namespace, () => []).push(policy);
    else index.unscoped.push(policy);
  });
  return index;
});

/**
 * The policies that can apply to workloads of `namespaces` (§2.8 `ComposePeerAuthentication`
 * candidates: the root namespace's and their own, and any without a namespace), in config order,
 * which breaks creation-time ties between policies of one level.
 */
function relevantPolicies(
  policies: PolicyIndex,
  rootNamespace: string,
  namespaces: Iterable<string>,
): IndexedPolicy[] {
  const relevant = [...policies.unscoped, ...(policies.byNamespace.get(rootNamespace) ?? [])];
  for (const name of namespaces) {
    if (name !== rootNamespace) relevant.push(...(policies.byNamespace.get(name) ?? []));
  }
  return relevant.sort((a, b) => a.order - b.order);
}

/** Interned policy contents and policy-set keys (one per distinct one seen by this process). */
const POLICY_IDS = new Map<string, string>();
const KEY_IDS = new Map<string, string>();

/** The namespaces a lookup reads for a list of endpoints (their workloads', "" for none), with a key. */
export interface EndpointNamespaces {
  readonly names: ReadonlySet<string>;
  readonly key: string;
}

/** {@link EndpointNamespaces} of a registry list, made once per (index, list). */
export function endpointNamespaces(
  endpoints: readonly RegistryEndpoint[],
  index: MeshIndex,
): EndpointNamespaces {
  const byList = getOrCreate(NAMESPACES, index, () => new WeakMap());
  return getOrCreate(byList, endpoints, () => {
    const names = new Set(endpoints.map((e) => index.workloads.get(e.workloadId)?.namespace ?? ""));
    return { names, key: [...names].sort().join("\u0000") };
  });
}

const NAMESPACES = new WeakMap<MeshIndex, WeakMap<readonly RegistryEndpoint[], EndpointNamespaces>>();

function buildLookup(
  resources: readonly KubeObject[],
  index: MeshIndex,
  rootNamespace: string,
): (endpoint: RegistryEndpoint) => MtlsMode {
  const policies = policiesByNamespace(resources);
  if (policies.unscoped.length === 0 && policies.byNamespace.size === 0) return () => "PERMISSIVE";
  // What else the mode can depend on is known per namespace: workload labels only when a candidate
  // has a selector, the port only when one has portLevelMtls. Keys hold just that.
  const byNamespace = new Map<string, NamespacePolicies>();
  const scopeOf = (namespace: string): NamespacePolicies =>
    getOrCreate(byNamespace, namespace, () => {
      const relevant = relevantPolicies(policies, rootNamespace, [namespace]).map((p) => p.policy);
      const spec = (p: (typeof relevant)[number]) => (p.spec ?? {}) as Record<string, unknown>;
      return {
        relevant,
        byLabels: relevant.some((p) => spec(p).selector !== undefined),
        byPort: relevant.some((p) => spec(p).portLevelMtls !== undefined),
        modes: new Map(),
      };
    });
  return modeOf;
  function modeOf(endpoint: RegistryEndpoint): MtlsMode {
    const workload = index.workloads.get(endpoint.workloadId);
    const namespace = workload?.namespace ?? "";
    const scope = scopeOf(namespace);
    // No candidate policy: Istio's default, PERMISSIVE (nothing to compose).
    if (scope.relevant.length === 0) return "PERMISSIVE";
    const labels = workload?.labels ?? endpoint.labels;
    const labelPart = scope.byLabels ? labelsKey(labels) : "";
    const key = scope.byPort ? `${labelPart}\u0000${endpoint.port}` : labelPart;
    return getOrCreate(
      scope.modes,
      key,
      () =>
        effectivePeerAuthentication({
          policies: scope.relevant,
          namespace,
          labels,
          port: endpoint.port,
          rootNamespace,
        }).mode,
    );
  }
}

/** The PeerAuthentications that can apply in one namespace, and the modes composed from them. */
interface NamespacePolicies {
  readonly relevant: readonly PeerAuthentication[];
  /** Whether a candidate has a selector (the mode then depends on the workload's labels). */
  readonly byLabels: boolean;
  /** Whether a candidate has portLevelMtls (the mode then depends on the port). */
  readonly byPort: boolean;
  /** Modes by labels key and port (as far as they matter). */
  readonly modes: Map<string, MtlsMode>;
}
