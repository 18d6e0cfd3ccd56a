import type { DistributionSummary, ShareRow } from "../trace/trace";
import { lazyProperty } from "./lazy-property";

/**
 * Sums rows per workload (a workload reached both directly and through a gateway appears once per
 * path) and per cluster and locality, in first-seen order, so reports are stable.
 */
export function summarise(
  balancer: DistributionSummary["balancer"],
  rows: readonly ShareRow[],
  explanation: readonly string[] | (() => readonly string[]),
): DistributionSummary {
  // Maps keep insertion (first-seen) order and stay fast with many keys; the report is plain objects.
  const byCluster = new Map<string, number>();
  const byLocality = new Map<string, number>();
  for (const row of rows) {
    byCluster.set(row.cluster, (byCluster.get(row.cluster) ?? 0) + row.share);
    byLocality.set(row.locality, (byLocality.get(row.locality) ?? 0) + row.share);
  }
  const summary = {
    balancer,
    rows,
    byCluster: Object.fromEntries(byCluster),
    byLocality: Object.fromEntries(byLocality),
  };
  // A thunk is read when the explanation is (per-endpoint lines are rebuilt on demand).
  return typeof explanation === "function"
    ? lazyProperty(summary, "explanation", explanation)
    : { ...summary, explanation };
}
