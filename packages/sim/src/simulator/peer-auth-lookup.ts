import { getOrCreate, istioObjects, type KubeObject } from "@meshwright/core";
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
 * What a lookup of `resources` answers depends on besides the endpoint, as a short key: equal
 * PeerAuthentications (in order) and root namespace, equal key. Istiods of a mesh whose clusters
 * carry the same policies (GitOps) then share what endpoint views derive from the modes.
 */
export function peerAuthKey(resources: readonly KubeObject[], rootNamespace: string): string {
  const content = getOrCreate(KEYS_BY_RESOURCES, resources, () =>
    JSON.stringify(
      istioObjects(resources, "PeerAuthentication").map((p) => [
        p.metadata?.namespace,
        p.metadata?.name,
        // Creation time breaks ties between policies of one level (`config-order.ts`).
        p.metadata?.creationTimestamp,
        p.spec,
      ]),
    ),
  );
  return getOrCreate(KEY_IDS, `${rootNamespace}\u0000${content}`, () => `pa#${KEY_IDS.size}`);
}

const KEYS_BY_RESOURCES = new WeakMap<readonly KubeObject[], string>();
/** Interned content keys (one per distinct policy set seen by this process: a handful). */
const KEY_IDS = new Map<string, string>();

function buildLookup(
  resources: readonly KubeObject[],
  index: MeshIndex,
  rootNamespace: string,
): (endpoint: RegistryEndpoint) => MtlsMode {
  const policies = istioObjects(resources, "PeerAuthentication");
  if (policies.length === 0) return () => "PERMISSIVE";
  // Only the root namespace's and the workload's own namespace's policies are candidates (§2.8,
  // `ComposePeerAuthentication`); filtering keeps their order, which breaks creation-time ties.
  // What else the mode can depend on is known per namespace: workload labels only when a candidate
  // has a selector, the port only when one has portLevelMtls. Keys hold just that.
  const byNamespace = new Map<string, NamespacePolicies>();
  const scopeOf = (namespace: string): NamespacePolicies =>
    getOrCreate(byNamespace, namespace, () => {
      const relevant = policies.filter((p) => {
        const own: unknown = p.metadata?.namespace;
        return typeof own !== "string" || own === namespace || own === rootNamespace;
      });
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
  readonly relevant: ReturnType<typeof istioObjects<"PeerAuthentication">>;
  /** Whether a candidate has a selector (the mode then depends on the workload's labels). */
  readonly byLabels: boolean;
  /** Whether a candidate has portLevelMtls (the mode then depends on the port). */
  readonly byPort: boolean;
  /** Modes by labels key and port (as far as they matter). */
  readonly modes: Map<string, MtlsMode>;
}
