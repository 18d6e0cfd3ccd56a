import type { Workload } from "../workload";
import { type Labels, matchesLabelMap } from "./label-selector";

interface NamespaceBucket {
  readonly all: Workload[];
  /** Workloads by `key=value` of each of their labels. */
  readonly byLabel: Map<string, Workload[]>;
}

/**
 * Workloads indexed by cluster, namespace and label, so selecting a Service's (or a gateway
 * Service's) pods costs the smallest matching label bucket, not a scan of the namespace or the mesh.
 */
export class WorkloadSelectorIndex {
  private readonly buckets = new Map<string, NamespaceBucket>();

  /** An index over `workloads`. */
  constructor(workloads: Iterable<Workload>) {
    for (const workload of workloads) {
      const key = `${workload.cluster}/${workload.namespace}`;
      let bucket = this.buckets.get(key);
      if (bucket === undefined) {
        bucket = { all: [], byLabel: new Map() };
        this.buckets.set(key, bucket);
      }
      bucket.all.push(workload);
      for (const label in workload.labels) {
        const labelKey = `${label}=${workload.labels[label]}`;
        const list = bucket.byLabel.get(labelKey);
        if (list === undefined) bucket.byLabel.set(labelKey, [workload]);
        else list.push(workload);
      }
    }
  }

  /**
   * Workloads of `cluster`/`namespace` whose labels contain every `key: value` of `selector`
   * (Kubernetes Service selection; an empty selector selects every workload of the namespace).
   */
  select(cluster: string, namespace: string, selector: Labels): readonly Workload[] {
    const bucket = this.buckets.get(`${cluster}/${namespace}`);
    if (bucket === undefined) return [];
    let smallest: readonly Workload[] = bucket.all;
    for (const label in selector) {
      const list = bucket.byLabel.get(`${label}=${selector[label]}`);
      if (list === undefined) return [];
      if (list.length < smallest.length) smallest = list;
    }
    return smallest.filter((workload) => matchesLabelMap(selector, workload.labels));
  }
}
