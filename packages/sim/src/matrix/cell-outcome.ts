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
 * entries: the source, every hop's ends (and their clusters' networks), the serving endpoint and
 * every cluster the client's balancer sends a share to. A fault elsewhere cannot change the trace.
 */
export function traceTouches(trace: Trace, networkOf: ReadonlyMap<string, string>): string[] {
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
  for (const [name, share] of Object.entries(trace.distribution?.byCluster ?? {}))
    if (share > 0) cluster(name);
  return [...out].sort();
}
