import type { Trace } from "../trace/trace";
import type { CellOutcome } from "./types";

/** The outcome of a cell, from the trace of its request. */
export function cellOutcome(trace: Trace): CellOutcome {
  const servedBy = trace.distribution?.byCluster ?? {};
  const outcome = trace.outcome;
  if (outcome.ok) return { ok: true, servedBy };
  return {
    ok: false,
    code: outcome.code,
    name: outcome.name,
    symptom: trace.symptom,
    reason: outcome.reason,
    servedBy,
  };
}

/** True when two outcomes are the same result for the caller: success, or the same failure. */
export function sameOutcome(a: CellOutcome, b: CellOutcome): boolean {
  return a.ok === b.ok && a.code === b.code && a.name === b.name;
}

/**
 * What a request's trace passes through, as `c:<cluster>`, `n:<network>` and `g:<gateway id>`
 * entries (sorted): the source, every hop's ends (and their clusters' networks), the serving
 * endpoint and every cluster the client's balancer sends a share to. A fault elsewhere cannot
 * change the trace. Returned as a thunk that lists them when first called: only a what-if with a
 * fault on a cluster, gateway or network pair reads them, and a matrix keeps one per situation.
 */
export function traceTouches(trace: Trace, networkOf: ReadonlyMap<string, string>): () => readonly string[] {
  const out = new Set<string>([`c:${trace.source.cluster}`, `n:${trace.source.network}`]);
  const cluster = (name: string | undefined) => {
    if (name === undefined) return;
    out.add(`c:${name}`);
    const network = networkOf.get(name);
    if (network !== undefined) out.add(`n:${network}`);
  };
  for (const hop of trace.hops) {
    cluster(hop.from.cluster);
    cluster(hop.to.cluster);
    if (hop.to.role === "eastwest-gateway") out.add(`g:${hop.to.id}`);
  }
  if (trace.endpoint) {
    cluster(trace.endpoint.cluster);
    out.add(`n:${trace.endpoint.network}`);
    if (trace.endpoint.via) out.add(`g:${trace.endpoint.via}`);
  }
  // The sums are kept by the balancer the trace went through: holding them costs nothing.
  const byCluster = trace.distribution?.byCluster ?? {};
  let listed: readonly string[] | undefined;
  return () => {
    if (!listed) {
      for (const name in byCluster) if ((byCluster[name] ?? 0) > 0) cluster(name);
      listed = [...out].sort();
    }
    return listed;
  };
}
