import type { Diagnostic, Flavour, NamespaceModel, ServiceModel, ServiceScopeConfig } from "@meshwright/core";
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

interface Candidate {
  readonly cluster: AmbientRegistryCluster;
  readonly service: ServiceModel;
  readonly scope: "GLOBAL" | "LOCAL";
  readonly reason: string;
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
  const byKey = new Map<string, Candidate[]>();
  for (const cluster of clusters) {
    const local = cluster.cluster === options.localCluster;
    const namespaces = new Map(cluster.namespaces.map((ns) => [ns.name, ns]));
    for (const service of cluster.services) {
      const key = `${service.namespace}/${service.hostname}`;
      if (service.type === "ExternalName") {
        excluded.push({
          key,
          cluster: cluster.cluster,
          reason: "ExternalName Services are not part of ambient",
        });
        continue;
      }
      const verdict = options.ambientMultiNetwork
        ? serviceScope(
            service,
            namespaces.get(service.namespace),
            options.serviceScopeConfigs,
            options.flavour,
          )
        : {
            scope: "LOCAL" as const,
            reason: "AMBIENT_ENABLE_MULTI_NETWORK is off: no service scope, LOCAL",
            diagnostics: [],
          };
      for (const d of verdict.diagnostics) {
        // One invalid serviceScopeConfigs entry is reported once, not once per service.
        if (!diagnostics.some((seen) => seen.code === d.code && seen.message === d.message))
          diagnostics.push(d);
      }
      if (!local && options.ambientMultiNetwork && verdict.scope !== "GLOBAL") {
        excluded.push({
          key,
          cluster: cluster.cluster,
          reason: `LOCAL in remote cluster ${cluster.cluster}: ${verdict.reason}`,
        });
        continue;
      }
      const list = byKey.get(key) ?? [];
      list.push({ cluster, service, scope: verdict.scope, reason: verdict.reason });
      byKey.set(key, list);
    }
  }
  const services: AmbientService[] = [];
  for (const [key, candidates] of byKey) {
    const base = candidates.find((c) => c.cluster.cluster === options.localCluster) ?? candidates[0]!;
    const baseIsLocal = base.cluster.cluster === options.localCluster;
    if (base.scope !== "GLOBAL") {
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
      if (baseIsLocal) services.push(toAmbientService(key, base, [base]));
      continue;
    }
    services.push(toAmbientService(key, base, candidates));
  }
  services.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { services, excluded, diagnostics };
}

function toAmbientService(key: string, base: Candidate, members: readonly Candidate[]): AmbientService {
  const vips = new Map<string, NetworkVip>();
  for (const m of members) {
    for (const address of m.service.clusterIps) {
      vips.set(`${m.cluster.network}/${address}`, { network: m.cluster.network, address });
    }
  }
  return {
    key,
    hostname: base.service.hostname,
    namespace: base.service.namespace,
    name: base.service.name,
    scope: base.scope,
    scopeReason: base.reason,
    baseCluster: base.cluster.cluster,
    base: base.service,
    clusters: members.map((m) => m.cluster.cluster),
    vips: [...vips.keys()].sort().map((k) => vips.get(k)!),
  };
}
