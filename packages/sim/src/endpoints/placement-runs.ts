import { memoizeWeak } from "@meshwright/core";

/** Where something is placed: its cluster and network (registry endpoints, workloads). */
export interface Placed {
  readonly cluster: string;
  readonly network: string;
}

/** A run of consecutive items placed alike: `items.slice(start, end)` share `cluster` and `network`. */
export interface PlacementRun extends Placed {
  readonly start: number;
  readonly end: number;
}

/**
 * The runs of consecutive items of one (cluster, network). A service's registry endpoints, or its
 * pods, are each declaring cluster's in turn, so 50 clusters make about 50 runs: the per-run views
 * (`runGroups`, `ambientWorkloadsOfClusters`) take one step per run instead of one per item.
 */
export function placementRuns(items: readonly Placed[]): PlacementRun[] {
  const runs: PlacementRun[] = [];
  let start = 0;
  for (let i = 1; i <= items.length; i++) {
    const first = items[start]!;
    const next = items[i];
    if (next && next.cluster === first.cluster && next.network === first.network) continue;
    runs.push({ cluster: first.cluster, network: first.network, start, end: i });
    start = i;
  }
  return runs;
}

/** {@link placementRuns} of a list, made once per list object (lists are immutable once built). */
export const placementRunsOf = memoizeWeak((items: readonly Placed[]): readonly PlacementRun[] =>
  placementRuns(items),
);
