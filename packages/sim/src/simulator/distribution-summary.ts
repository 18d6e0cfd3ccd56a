import { lazyProperty, localityString, type Workload } from "@meshwright/core";
import type { EdsEndpoint } from "../endpoints";
import type { DistributionSummary, ShareRow } from "../trace/trace";

/** What receives a share: an Envoy host (a workload's endpoint, or one outside the model) or a workload. */
export type ShareLeaf = EdsEndpoint | Workload;

/**
 * Called once per share a final leaf receives, in report order. `port` is given for a pod reached
 * through kube-proxy (its row shows `ip:port`); an ambient workload's row shows its IP alone.
 * `base` is the leaf's row fields when the caller keeps them: the leaves of a gateway's plan and
 * of an ambient gateway's members are visited for every client that reaches them.
 */
export type LeafVisitor = (
  leaf: ShareLeaf,
  share: number,
  priority: number,
  via: string | undefined,
  port?: number,
  base?: RowBase,
) => void;

/** The share rows a balancer's leaves make, visited in order. */
export type ShareLeaves = (visit: LeafVisitor) => void;

const isWorkload = (leaf: ShareLeaf): leaf is Workload => "ips" in leaf;

/** Every field of a leaf's rows but the share, the priority and the gateway passed. */
export interface RowBase {
  readonly workload: string;
  readonly cluster: string;
  readonly network: string;
  readonly locality: string;
  readonly address: string;
}

/** The row fields of a leaf (`port`: a pod reached through kube-proxy, shown `ip:port`). */
export function rowBase(leaf: ShareLeaf, port?: number): RowBase {
  const { cluster, network } = leaf;
  const locality = localityString(leaf.locality);
  if (isWorkload(leaf)) {
    const ip = leaf.ips[0] ?? "";
    return {
      workload: leaf.id,
      cluster,
      network,
      locality,
      address: port === undefined ? ip : `${ip}:${port}`,
    };
  }
  const address = `${leaf.address}:${leaf.port}`;
  return { workload: leaf.workloadId ?? address, cluster, network, locality, address };
}

/** One report row for one visited share (one object: a distribution makes hundreds per client). */
function leafRow(
  leaf: ShareLeaf,
  share: number,
  priority: number,
  via: string | undefined,
  port: number | undefined,
  base = rowBase(leaf, port),
): ShareRow {
  const { workload, cluster, network, locality, address } = base;
  return via === undefined
    ? { workload, cluster, network, locality, address, priority, share }
    : { workload, cluster, network, locality, address, priority, share, via };
}

/** Receives one part of a share per key (a cluster, a locality): parts of one key add up. */
export type ClusterShareSink = (key: string, share: number) => void;

/** Shares added per key through a sink, in the order the keys are first reached. */
type KeyedParts = (add: ClusterShareSink) => void;

function sums(each: KeyedParts): Record<string, number> {
  const totals = new Map<string, number>();
  each((key, share) => totals.set(key, (totals.get(key) ?? 0) + share));
  return Object.fromEntries(totals);
}

/**
 * The sums of a distribution kept beside the memoised balancer it comes from: every request
 * through that balancer then sums its leaves once (a matrix column sends several). The records
 * are shared by those requests' summaries, and never written to after they are made.
 */
export interface KeptSums {
  byCluster?: Readonly<Record<string, number>>;
  byLocality?: Readonly<Record<string, number>>;
}

/** Shares per cluster in first-reached order (a list: a gateway or a remote network reaches few clusters). */
export type ClusterShares = readonly (readonly [cluster: string, share: number])[];

/**
 * Adds a distribution's share per cluster in the order its leaves first reach each cluster, in
 * fewer steps than visiting every leaf (a balancer that keeps per-gateway sums adds those).
 */
export type ClusterShareParts = KeyedParts;

/**
 * A distribution over the leaves a balancer reaches, every part computed when first read: the
 * matrix reads only `byCluster`, which is summed from `clusterShares` (the same keys in the same
 * order as from the rows, in fewer steps), so a request's hundreds of rows are built only for a
 * reader of them.
 */
export function summariseLeaves(
  balancer: DistributionSummary["balancer"],
  leaves: ShareLeaves,
  clusterShares: ClusterShareParts,
  explanation: () => readonly string[],
  kept: KeptSums = {},
): DistributionSummary {
  // Once the rows exist the sums come from them (one walk over the leaves, not three).
  let rows: ShareRow[] | undefined;
  const summary = lazyProperty({ balancer }, "rows", () => {
    const built: ShareRow[] = [];
    leaves((leaf, share, priority, via, port, base) =>
      built.push(leafRow(leaf, share, priority, via, port, base)),
    );
    rows = built;
    return built;
  });
  const sumBy = (rowKey: (row: ShareRow) => string, parts: KeyedParts) => () =>
    sums((add) => {
      if (rows) for (const row of rows) add(rowKey(row), row.share);
      else parts(add);
    });
  const byCluster = sumBy((row) => row.cluster, clusterShares);
  const byLocality = sumBy(
    (row) => row.locality,
    (add) => leaves((leaf, share) => add(localityString(leaf.locality), share)),
  );
  return lazyProperty(
    lazyProperty(
      lazyProperty(summary, "byCluster", () => (kept.byCluster ??= byCluster())),
      "byLocality",
      () => (kept.byLocality ??= byLocality()),
    ),
    "explanation",
    explanation,
  );
}

/**
 * Sums rows per workload (a workload reached both directly and through a gateway appears once per
 * path) and per cluster and locality, in first-seen order, so reports are stable.
 */
export function summarise(
  balancer: DistributionSummary["balancer"],
  rows: readonly ShareRow[],
  explanation: readonly string[] | (() => readonly string[]),
): DistributionSummary {
  const summary = {
    balancer,
    rows,
    byCluster: sums((add) => {
      for (const row of rows) add(row.cluster, row.share);
    }),
    byLocality: sums((add) => {
      for (const row of rows) add(row.locality, row.share);
    }),
  };
  // A thunk is read when the explanation is (per-endpoint lines are rebuilt on demand).
  return typeof explanation === "function"
    ? lazyProperty(summary, "explanation", explanation)
    : { ...summary, explanation };
}
