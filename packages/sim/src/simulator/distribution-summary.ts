import type { DistributionSummary, ShareRow } from "../trace/trace";

/**
 * Sums rows per workload (a workload reached both directly and through a gateway appears once per
 * path) and per cluster and locality, in first-seen order, so reports are stable.
 */
export function summarise(
  balancer: DistributionSummary["balancer"],
  rows: readonly ShareRow[],
  explanation: readonly string[],
): DistributionSummary {
  const byCluster: Record<string, number> = {};
  const byLocality: Record<string, number> = {};
  for (const row of rows) {
    byCluster[row.cluster] = (byCluster[row.cluster] ?? 0) + row.share;
    byLocality[row.locality] = (byLocality[row.locality] ?? 0) + row.share;
  }
  return { balancer, rows, byCluster, byLocality, explanation };
}

/** Scales the rows of a downstream balancer (a gateway) by the share its parent endpoint received. */
export function scaleRows(
  rows: readonly ShareRow[],
  factor: number,
  via: string,
  priority: number,
): ShareRow[] {
  return rows.map((row) => ({ ...row, share: row.share * factor, via, priority }));
}
