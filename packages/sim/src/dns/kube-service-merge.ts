import { type Cluster, getOrCreate, memoizeWeak, type ServiceModel } from "@meshwright/core";
import { meshOrderOfReads } from "../compile/registry-order";
import type { DnsService, DnsServiceInstance } from "./dns-registry";

/** A hostname's Services of one namespace merged across clusters, with the Service each instance came from. */
export interface MergedKubeService {
  readonly service: DnsService;
  /** `models[i]` is the Service of `service.instances[i]`. */
  readonly models: readonly ServiceModel[];
}

/** How a merge makes its records (a registry's: its `isGlobal`, exportTo default and addresses). */
export interface KubeMergeRecords {
  /** One cluster's record of a Service. */
  instance(model: ServiceModel): DnsServiceInstance;
  /** The merged service of a namespace, from its first Service and the (growing) instance list. */
  service(first: ServiceModel, instances: DnsServiceInstance[]): DnsService;
}

/**
 * Kubernetes / ECS Services of one hostname merged per namespace (namespace sameness, §4.1): each
 * list is one cluster's Services of the hostname, in the registry's cluster order; a namespace's
 * service takes its attributes from its first Service and lists every cluster's instance in order.
 */
export function mergeKubeServices(
  lists: readonly (readonly ServiceModel[])[],
  records: KubeMergeRecords,
): MergedKubeService[] {
  const merged = new Map<
    string,
    { service: DnsService; instances: DnsServiceInstance[]; models: ServiceModel[] }
  >();
  for (const models of lists) {
    for (const model of models) {
      // Same hostname throughout: the namespace alone tells the services apart.
      const instance = records.instance(model);
      const existing = merged.get(model.namespace);
      if (existing) {
        existing.instances.push(instance);
        existing.models.push(model);
        continue;
      }
      const instances = [instance];
      merged.set(model.namespace, { service: records.service(model, instances), instances, models: [model] });
    }
  }
  return [...merged.values()];
}

/** A cluster's Services by hostname (grouped once per cluster; every istiod reading it shares them). */
const servicesByHostname = memoizeWeak((cluster: Cluster): ReadonlyMap<string, readonly ServiceModel[]> => {
  const grouped = new Map<string, ServiceModel[]>();
  for (const s of cluster.services) getOrCreate(grouped, s.hostname, () => []).push(s);
  return grouped;
});

/** A hostname merged in mesh order, and where each cluster's only instance sits in its one namespace. */
interface MeshOrderHost {
  readonly merged: readonly MergedKubeService[];
  /** For a hostname of one namespace: cluster → index of its instance (-1: the cluster has several). */
  readonly position?: ReadonlyMap<string, number>;
}

/**
 * Which of `clusters` declare each hostname, in their order: each entry is one cluster's Services
 * of the hostname (the cluster's own grouping, shared). Resolvers ask for many names (search-list
 * expansions, wildcards) that no cluster has, and those must cost one lookup.
 */
export function declaringIndex(clusters: readonly Cluster[]): Map<string, (readonly ServiceModel[])[]> {
  const declaring = new Map<string, (readonly ServiceModel[])[]>();
  for (const cluster of clusters) {
    for (const [hostname, models] of servicesByHostname(cluster)) {
      getOrCreate(declaring, hostname, () => []).push(models);
    }
  }
  return declaring;
}

/** What a registry reads of the shared merges. */
export interface RegistryMerges {
  /** Whether a cluster the registry reads declares `hostname` (the same set in any order). */
  declares(hostname: string): boolean;
  /**
   * The merged services of `hostname` in the registry's order, or undefined where the mesh-order
   * merge cannot stand for its own (the hostname has services in several namespaces, whose order
   * would follow the own cluster's).
   */
  merged(hostname: string): readonly DnsService[] | undefined;
}

/** The merges over one set of clusters, in mesh order. */
interface MeshOrderMerges {
  readonly declaring: ReadonlyMap<string, (readonly ServiceModel[])[]>;
  readonly hosts: Map<string, MeshOrderHost>;
}

/**
 * Merges kept in the mesh's cluster order and shared by the DNS registries that read the same
 * clusters with the same records. Every istiod lists its own cluster first, so 50 istiods reading
 * 50 clusters would merge each hostname 50 times; a registry whose order is its own cluster and
 * then the others in mesh order takes the mesh-order merge and moves its own cluster's instance to
 * the front instead. One object per (`isGlobal`, exportTo default), as `compileDns` makes it.
 */
export class SharedKubeMerges {
  private readonly bySet = new Map<string, MeshOrderMerges>();

  /** @param meshOrder the mesh's cluster names, in order. */
  constructor(private readonly meshOrder: readonly string[]) {}

  /**
   * For a registry reading `clusters` (own cluster first) with `records`, its reading of the
   * shared merges; undefined when its other clusters are not in mesh order.
   */
  forRegistry(clusters: readonly Cluster[], records: KubeMergeRecords): RegistryMerges | undefined {
    const merges = this.mergesOf(clusters);
    if (merges === undefined) return undefined;
    const own = clusters[0]!.name;
    return {
      declares: (hostname) => merges.declaring.has(hostname),
      merged: (hostname) => {
        const host = getOrCreate(merges.hosts, hostname, () =>
          meshOrderHost(merges.declaring.get(hostname), records),
        );
        if (host.merged.length === 0) return [];
        if (host.position === undefined) return undefined;
        const only = host.merged[0]!;
        const at = host.position.get(own);
        // Not declared by the own cluster, or already first: the registry's order is the mesh's.
        if (at === undefined || at === 0) return [only.service];
        if (at < 0) return undefined;
        const { instances } = only.service;
        const reordered = [instances[at]!, ...instances.slice(0, at), ...instances.slice(at + 1)];
        return [records.service(only.models[at]!, reordered)];
      },
    };
  }

  /** The mesh-order merges of the registry's clusters, when its order is its own cluster then mesh order. */
  private mergesOf(clusters: readonly Cluster[]): MeshOrderMerges | undefined {
    const order = meshOrderOfReads(
      clusters.map((c) => c.name),
      this.meshOrder,
    );
    if (order === undefined) return undefined;
    return getOrCreate(this.bySet, order.join("\u0000"), () => {
      const byName = new Map(clusters.map((c) => [c.name, c]));
      return { declaring: declaringIndex(order.map((name) => byName.get(name)!)), hosts: new Map() };
    });
  }
}

function meshOrderHost(
  lists: readonly (readonly ServiceModel[])[] | undefined,
  records: KubeMergeRecords,
): MeshOrderHost {
  const merged = mergeKubeServices(lists ?? [], records);
  if (merged.length !== 1) return { merged };
  const position = new Map<string, number>();
  merged[0]!.models.forEach((model, i) => {
    position.set(model.cluster, position.has(model.cluster) ? -1 : i);
  });
  return { merged, position };
}
