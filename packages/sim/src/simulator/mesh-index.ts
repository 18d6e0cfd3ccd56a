import {
  type Cluster,
  flavourTraits,
  getOrCreate,
  type Mesh,
  type ServiceModel,
  type Workload,
  WorkloadSelectorIndex,
} from "@meshwright/core";

/**
 * Lookups over the whole mesh, built once by `compile()`: clusters by name, workloads by id and
 * by selector, services by cluster and by hostname. Every later query is a map lookup.
 */
export class MeshIndex {
  readonly clusters: ReadonlyMap<string, Cluster>;
  readonly workloads: ReadonlyMap<string, Workload>;
  /** Workloads by IP, per network ("" for workloads without one): what a packet to that address reaches. */
  private readonly byAddress: ReadonlyMap<string, Workload>;
  private readonly selector: WorkloadSelectorIndex;
  /** Selected workloads per service (Kubernetes Endpoints), computed on first use. */
  private readonly selected: Map<ServiceModel, readonly Workload[]>;
  /** Services by hostname, one entry per cluster that declares it, in mesh cluster order. */
  private readonly servicesByHost: ReadonlyMap<string, readonly ServiceModel[]>;

  /**
   * @param previous the index of an earlier build of the mesh: when every cluster still has the
   * same workload and service lists (the same objects, see `createMesh`'s `previous`), its lookups
   * are shared instead of rebuilt.
   */
  constructor(
    readonly mesh: Mesh,
    previous?: MeshIndex,
  ) {
    this.clusters = new Map(mesh.clusters.map((c) => [c.name, c]));
    if (previous && sameWorkloadsAndServices(previous.mesh, mesh)) {
      ({
        workloads: this.workloads,
        byAddress: this.byAddress,
        selector: this.selector,
        selected: this.selected,
        servicesByHost: this.servicesByHost,
      } = previous);
      return;
    }
    const workloads = new Map<string, Workload>();
    const byAddress = new Map<string, Workload>();
    const servicesByHost = new Map<string, ServiceModel[]>();
    for (const cluster of mesh.clusters) {
      for (const w of cluster.workloads) {
        workloads.set(w.id, w);
        for (const ip of w.ips) byAddress.set(`${w.network}\u0000${ip}`, w);
      }
      for (const s of cluster.services) {
        const list = servicesByHost.get(s.hostname);
        if (list) list.push(s);
        else servicesByHost.set(s.hostname, [s]);
      }
    }
    this.workloads = workloads;
    this.byAddress = byAddress;
    this.servicesByHost = servicesByHost;
    this.selected = new Map();
    this.selector = new WorkloadSelectorIndex(workloads.values());
  }

  /** The cluster named `name` (the model guarantees workloads and services name existing clusters). */
  cluster(name: string): Cluster {
    const cluster = this.clusters.get(name);
    if (!cluster) throw new Error(`meshwright: no cluster ${name}`);
    return cluster;
  }

  /** The workloads a service selects in its own cluster and namespace (Kubernetes Endpoints). */
  selectedWorkloads(service: ServiceModel): readonly Workload[] {
    if (service.selector === null) return [];
    const selector = service.selector;
    return getOrCreate(this.selected, service, () =>
      this.selector.select(service.cluster, service.namespace, selector),
    );
  }

  /** Every cluster's declaration of `hostname` (namespace sameness: same name + namespace = one service). */
  servicesNamed(hostname: string): readonly ServiceModel[] {
    return this.servicesByHost.get(hostname) ?? [];
  }

  /** The workload owning `address` on `network`, if any. */
  workloadAt(network: string, address: string): Workload | undefined {
    return this.byAddress.get(`${network}\u0000${address}`);
  }

  /** Whether a service is GLOBAL by the flavour's label (the ambient profile's default scope rule). */
  hasGlobalLabel(service: ServiceModel): boolean {
    const label = flavourTraits(this.mesh.flavour).globalServiceLabel;
    return service.labels[label.key] === label.value;
  }
}

/** Whether two meshes have the same clusters in the same order, with the very same workload and service lists. */
function sameWorkloadsAndServices(a: Mesh, b: Mesh): boolean {
  return (
    a.clusters.length === b.clusters.length &&
    a.clusters.every((c, i) => {
      const other = b.clusters[i]!;
      return c.name === other.name && c.workloads === other.workloads && c.services === other.services;
    })
  );
}
