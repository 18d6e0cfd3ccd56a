import {
  type Diagnostic,
  type Flavour,
  lazyProperty,
  memoizeWeak,
  type NamespaceModel,
  type ServiceModel,
  type ServiceScopeConfig,
} from "@meshwright/core";
import { namespacesByName } from "../compile/namespaces-by-name";
import { serviceScope } from "./service-scope";

/** One cluster an istiod reads, as the ambient index sees it. */
export interface AmbientRegistryCluster {
  readonly cluster: string;
  /** The cluster's network (label on its system namespace): the network its Service VIPs live on. */
  readonly network: string;
  readonly services: readonly ServiceModel[];
  readonly namespaces: readonly NamespaceModel[];
}

/** The istiod whose ambient index is computed. */
export interface AmbientRegistryOptions {
  readonly localCluster: string;
  /** The local istiod's `serviceScopeConfigs` (only the local cluster's config counts, [D] ambient/install/multicluster). */
  readonly serviceScopeConfigs: readonly ServiceScopeConfig[];
  readonly flavour: Flavour;
  /** `AMBIENT_ENABLE_MULTI_NETWORK`: without it no scope is computed and every service is LOCAL. */
  readonly ambientMultiNetwork: boolean;
}

/** A Service VIP on one network (`NetworkAddress`). */
export interface NetworkVip {
  readonly network: string;
  readonly address: string;
}

/** A service as one istiod's ambient index holds it (merged across clusters when GLOBAL). */
export interface AmbientService {
  /** `<namespace>/<hostname>`: the ambient index key. */
  readonly key: string;
  readonly hostname: string;
  readonly namespace: string;
  readonly name: string;
  readonly scope: "GLOBAL" | "LOCAL";
  readonly scopeReason: string;
  /** The cluster whose Service supplies ports and attributes (the local one when it has it). */
  readonly baseCluster: string;
  readonly base: ServiceModel;
  /** Clusters whose Service (and so whose workloads) take part, in registry order. */
  readonly clusters: readonly string[];
  /** VIPs of every contributing cluster, tagged with that cluster's network, sorted `network/ip`. */
  readonly vips: readonly NetworkVip[];
}

/** A cluster's Service that does not reach the local istiod's ambient view, and why. */
export interface AmbientServiceExclusion {
  readonly key: string;
  readonly cluster: string;
  readonly reason: string;
}

/** One istiod's ambient service registry. */
export interface AmbientRegistry {
  /** Sorted by key. */
  readonly services: readonly AmbientService[];
  readonly excluded: readonly AmbientServiceExclusion[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A declaration that can take part in a key's merge, with its scope. */
export interface AmbientCandidate {
  readonly cluster: AmbientRegistryCluster;
  readonly service: ServiceModel;
  readonly scope: "GLOBAL" | "LOCAL";
  readonly reason: string;
}

/** One cluster's Service for an ambient index key, in the istiod's registry order. */
export interface AmbientDeclaration {
  readonly cluster: AmbientRegistryCluster;
  readonly service: ServiceModel;
}

/** What one key of the index comes to: the service the istiod holds (if any), and what it leaves out. */
export interface AmbientMerge {
  readonly service?: AmbientService;
  readonly excluded: readonly AmbientServiceExclusion[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * istio-semantics §3.5 — which clusters contribute which services to a client cluster's istiod
 * (`ambient/services.go` serviceServiceBuilder + `multicluster.go` mergeServiceInfosWithCluster):
 * remote clusters contribute only GLOBAL services; the local cluster's Service (else the first
 * remote one) is the base; a LOCAL base keeps only the local Service (a LOCAL service that exists
 * only remotely is invisible); a GLOBAL base merges every contributing cluster's VIPs, each on its
 * cluster's network. ExternalName Services are not part of ambient.
 */
export function ambientServiceRegistry(
  clusters: readonly AmbientRegistryCluster[],
  options: AmbientRegistryOptions,
): AmbientRegistry {
  const diagnostics: Diagnostic[] = [];
  const excluded: AmbientServiceExclusion[] = [];
  const byKey = new Map<string, AmbientDeclaration[]>();
  for (const cluster of clusters) {
    for (const service of cluster.services) {
      const key = ambientKey(service);
      const list = byKey.get(key);
      if (list) list.push({ cluster, service });
      else byKey.set(key, [{ cluster, service }]);
    }
  }
  const services: AmbientService[] = [];
  for (const [key, declarations] of byKey) {
    const merged = mergeAmbientService(key, declarations, options);
    if (merged.service) services.push(merged.service);
    excluded.push(...merged.excluded);
    for (const d of merged.diagnostics) {
      // One invalid serviceScopeConfigs entry is reported once, not once per service.
      if (!diagnostics.some((seen) => seen.code === d.code && seen.message === d.message))
        diagnostics.push(d);
    }
  }
  services.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { services, excluded, diagnostics };
}

/** The ambient index key of a Service: `<namespace>/<hostname>`. */
export function ambientKey(service: Pick<ServiceModel, "namespace" | "hostname">): string {
  return `${service.namespace}/${service.hostname}`;
}

/**
 * One key of the ambient index (what `ambientServiceRegistry` does per service): every cluster's
 * Service for the key, in registry order, merged as the local istiod merges them. An istiod that
 * needs a few services merges just those.
 */
export function mergeAmbientService(
  key: string,
  declarations: readonly AmbientDeclaration[],
  options: AmbientRegistryOptions,
): AmbientMerge {
  const { base, members, excluded, diagnostics } = ambientBase(key, declarations, options);
  return base
    ? { service: toAmbientService(key, base, members), excluded, diagnostics }
    : { excluded, diagnostics };
}

/**
 * A key as an istiod whose own cluster declares none of it holds it: what every istiod of the
 * clusters that do not declare it holds, and what one that declares it starts from (`heldWith`).
 * `options.localCluster` is ignored.
 */
export interface RemoteMerge {
  readonly key: string;
  /** The service such an istiod holds (undefined: it holds none). */
  readonly service?: AmbientService;
  /** The declarations remote clusters contribute when the base is GLOBAL, in declaration order. */
  readonly members: readonly AmbientCandidate[];
  /** The declaration of each cluster, by cluster name. */
  readonly byCluster: ReadonlyMap<string, AmbientDeclaration>;
}

/** The merge of `declarations` (in registry order but for the local cluster) for an istiod declaring none of them. */
export function remoteMerge(
  key: string,
  declarations: readonly AmbientDeclaration[],
  options: AmbientRegistryOptions,
): RemoteMerge {
  const { base, members } = ambientBase(key, declarations, options, NO_LOCAL_CLUSTER);
  return {
    key,
    ...(base ? { service: toAmbientService(key, base, members) } : {}),
    members,
    byCluster: new Map(declarations.map((d) => [d.cluster.cluster, d])),
  };
}

/**
 * What the istiod of `options.localCluster` holds for a key, from the key's `remoteMerge` over the
 * same declarations: `mergeAmbientService` over them with the local cluster's moved to the front
 * (the registry order), computed without going over every declaration again. The local
 * declaration is the base whenever it can be one; a GLOBAL one is merged with every remote
 * contributor, a LOCAL one stands alone (istio-semantics §3.5).
 */
export function heldWith(remote: RemoteMerge, options: AmbientRegistryOptions): AmbientService | undefined {
  const own = remote.byCluster.get(options.localCluster);
  if (!own || own.service.type === "ExternalName") return remote.service;
  const verdict = scopeVerdict(own.service, own.cluster, options);
  const base: AmbientCandidate = { ...own, scope: verdict.scope, reason: verdict.reason };
  if (base.scope !== "GLOBAL") return toAmbientService(remote.key, base, [base]);
  const others = remote.members.filter((m) => m.cluster.cluster !== options.localCluster);
  return toAmbientService(remote.key, base, [base, ...others]);
}

/**
 * The scope the local istiod gives a key, without building the merged service (its VIPs): GLOBAL
 * or LOCAL, undefined when the istiod does not hold the service.
 */
export function ambientScopeOf(
  key: string,
  declarations: readonly AmbientDeclaration[],
  options: AmbientRegistryOptions,
): "GLOBAL" | "LOCAL" | undefined {
  return ambientBase(key, declarations, options).base?.scope;
}

/**
 * The scope the local istiod gives a key that its own cluster declares with `service`: that
 * declaration is always the base (`ambientBase`), so its verdict alone decides — no merge over the
 * other clusters' declarations. (An ExternalName Service is no base: ask `ambientScopeOf`.)
 */
export function localDeclarationScope(
  service: ServiceModel,
  cluster: AmbientRegistryCluster,
  options: AmbientRegistryOptions,
): "GLOBAL" | "LOCAL" {
  return scopeVerdict(service, cluster, options).scope;
}

/** No cluster is named so: an istiod of none of the declaring clusters (`remoteMerge`). */
const NO_LOCAL_CLUSTER = "";

/**
 * The base Service of a key and the members merged into it (none: the istiod does not hold it),
 * for the istiod of `localCluster`.
 */
function ambientBase(
  key: string,
  declarations: readonly AmbientDeclaration[],
  options: AmbientRegistryOptions,
  localCluster = options.localCluster,
): {
  base?: AmbientCandidate;
  members: readonly AmbientCandidate[];
  excluded: AmbientServiceExclusion[];
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const excluded: AmbientServiceExclusion[] = [];
  const candidates: AmbientCandidate[] = [];
  const optionsKey = verdictKey(options);
  for (const { cluster, service } of declarations) {
    if (service.type === "ExternalName") {
      excluded.push({
        key,
        cluster: cluster.cluster,
        reason: "ExternalName Services are not part of ambient",
      });
      continue;
    }
    const verdict = scopeVerdict(service, cluster, options, optionsKey);
    diagnostics.push(...verdict.diagnostics);
    if (cluster.cluster !== localCluster && options.ambientMultiNetwork && verdict.scope !== "GLOBAL") {
      excluded.push({
        key,
        cluster: cluster.cluster,
        reason: `LOCAL in remote cluster ${cluster.cluster}: ${verdict.reason}`,
      });
      continue;
    }
    candidates.push({ cluster, service, scope: verdict.scope, reason: verdict.reason });
  }
  if (candidates.length === 0) return { members: [], excluded, diagnostics };
  const base = candidates.find((c) => c.cluster.cluster === localCluster) ?? candidates[0]!;
  const baseIsLocal = base.cluster.cluster === localCluster;
  if (base.scope === "GLOBAL") return { base, members: candidates, excluded, diagnostics };
  for (const c of candidates) {
    if (c === base && baseIsLocal) continue;
    excluded.push({
      key,
      cluster: c.cluster.cluster,
      reason: baseIsLocal
        ? `the local cluster's Service is LOCAL (${base.reason}): no cross-cluster merge`
        : `LOCAL service that exists only in remote clusters is invisible (${base.reason})`,
    });
  }
  return baseIsLocal
    ? { base, members: [base], excluded, diagnostics }
    : { members: [], excluded, diagnostics };
}

type Verdict = ReturnType<typeof serviceScope>;

/**
 * The scope of one Service under one istiod's options. Every istiod of a mesh reads the Services of
 * every cluster, mostly with the same `serviceScopeConfigs`, so the last verdict is kept per Service
 * with what it was computed from (istiods with other options recompute it).
 */
function scopeVerdict(
  service: ServiceModel,
  cluster: AmbientRegistryCluster,
  options: AmbientRegistryOptions,
  key = verdictKey(options),
): Verdict {
  if (!options.ambientMultiNetwork) return MULTI_NETWORK_OFF;
  // The cluster's namespaces are part of the key: a rebuilt mesh may keep the Service object while
  // its namespace's labels changed (createMesh's `previous` then gives the cluster a new list).
  const last = VERDICTS.get(service);
  if (last && last.namespaces === cluster.namespaces && last.key === key) return last.verdict;
  const namespace = namespacesByName(cluster.namespaces).get(service.namespace);
  const verdict = serviceScope(service, namespace, options.serviceScopeConfigs, options.flavour);
  VERDICTS.set(service, { namespaces: cluster.namespaces, key, verdict });
  return verdict;
}

/** What a verdict depends on besides the Service, as one string per options object (hashed once). */
const verdictKey = memoizeWeak(
  (options: AmbientRegistryOptions) => `${options.flavour}|${JSON.stringify(options.serviceScopeConfigs)}`,
);

/**
 * Everything a `remoteMerge` reads of an istiod's options (all but its local cluster), as one
 * string per options object: istiods with equal keys share their remote merges.
 */
export const remoteMergeKey = memoizeWeak(
  (options: AmbientRegistryOptions) => `${options.ambientMultiNetwork}|${verdictKey(options)}`,
);

const MULTI_NETWORK_OFF: Verdict = {
  scope: "LOCAL",
  reason: "AMBIENT_ENABLE_MULTI_NETWORK is off: no service scope, LOCAL",
  diagnostics: [],
};
const VERDICTS = new WeakMap<
  ServiceModel,
  { readonly namespaces: readonly NamespaceModel[]; readonly key: string; readonly verdict: Verdict }
>();

function toAmbientService(
  key: string,
  base: AmbientCandidate,
  members: readonly AmbientCandidate[],
): AmbientService {
  // The VIPs are merged when first read (the VIP index reads them; a request by name does not).
  return lazyProperty(
    {
      key,
      hostname: base.service.hostname,
      namespace: base.service.namespace,
      name: base.service.name,
      scope: base.scope,
      scopeReason: base.reason,
      baseCluster: base.cluster.cluster,
      base: base.service,
      clusters: members.map((m) => m.cluster.cluster),
    },
    "vips",
    () => mergedVips(members),
  );
}

function mergedVips(members: readonly AmbientCandidate[]): NetworkVip[] {
  const vips = new Map<string, NetworkVip>();
  for (const m of members) {
    for (const address of m.service.clusterIps) {
      vips.set(`${m.cluster.network}/${address}`, { network: m.cluster.network, address });
    }
  }
  return [...vips.keys()].sort().map((k) => vips.get(k)!);
}
