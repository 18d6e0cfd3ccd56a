import { lazyProperty } from "@meshwright/core";
import { type FAILURES, failure } from "../trace/failures";
import type { Hop, HopDecision, HopProtocol, TlsSession } from "../trace/hop";
import type { Failure, Outcome } from "../trace/outcome";

/** A hop as the flow builds it (the index is assigned on add). */
export interface HopDraft {
  readonly from: Hop["from"];
  readonly to: Hop["to"];
  readonly protocol: HopProtocol;
  readonly sni?: string;
  readonly authority?: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly tls?: readonly TlsSession[];
  readonly decisions?: readonly HopDecision[];
}

/**
 * The hops of one request as the simulator walks it, and the failure it may end in. Decisions
 * taken before the first hop (DNS, routing) are kept as `pre` decisions and attached to hop 0.
 */
/**
 * Decisions made only when the trace's decisions are read: some (one line per group of a WDS's
 * hundreds of workloads) cost more to make than the rest of a request, and most callers of
 * `request()` (the matrix, diffs) read the outcome and the path only.
 */
type LaterDecisions = () => readonly HopDecision[];

/** A hop while the flow is built: its decisions grow in place (copying them per decision is O(n²)). */
type OpenHop = Omit<Hop, "decisions" | "failed"> & {
  decisions: (HopDecision | LaterDecisions)[];
  failed?: boolean;
};

/** An open hop as `add` fills it in. */
type Writable<T> = { -readonly [K in keyof T]?: T[K] };

const NO_TLS: readonly TlsSession[] = Object.freeze([]);

export class Flow {
  private readonly hops: OpenHop[] = [];
  private readonly pending: (HopDecision | LaterDecisions)[] = [];
  private failed?: Failure;
  private later = false;

  /** Records a decision on the current hop (or, before any hop, on the one to come). */
  decide(kind: string, decision: string, reason: string): void {
    this.record({ kind, decision, reason });
  }

  /** Records decisions that `make` makes when the trace's decisions are first read, in their place. */
  decideLater(make: LaterDecisions): void {
    this.later = true;
    this.record(make);
  }

  private record(entry: HopDecision | LaterDecisions): void {
    const last = this.hops.at(-1);
    if (last) last.decisions.push(entry);
    else this.pending.push(entry);
  }

  /** Adds a hop; returns its index. Pending decisions go to the first hop. */
  add(draft: HopDraft): number {
    const index = this.hops.length;
    const decisions: (HopDecision | LaterDecisions)[] = index === 0 ? this.pending.splice(0) : [];
    if (draft.decisions !== undefined) for (const d of draft.decisions) decisions.push(d);
    // Built field by field in the Hop's order: spreading drafts of many shapes is a slow generic copy.
    const hop: Writable<OpenHop> = { index, from: draft.from, to: draft.to, protocol: draft.protocol };
    if (draft.sni !== undefined) hop.sni = draft.sni;
    if (draft.authority !== undefined) hop.authority = draft.authority;
    if (draft.headers !== undefined) hop.headers = draft.headers;
    hop.tls = draft.tls ?? NO_TLS;
    hop.decisions = decisions;
    this.hops.push(hop as OpenHop);
    return index;
  }

  /** Ends the flow in a failure at the current hop (or before any hop). */
  fail(name: keyof typeof FAILURES, reason: string): Failure {
    return this.failWith(failure(name, reason));
  }

  /** Ends the flow in a failure built elsewhere (DNS, routing, authz). */
  failWith(f: Omit<Failure, "hop">): Failure {
    const index = this.hops.length - 1;
    const last = this.hops[index];
    if (last) last.failed = true;
    this.failed = { ...f, ...(index >= 0 ? { hop: index } : {}) };
    return this.failed;
  }

  /** The hops and the outcome; the flow hands its hops over and is not used afterwards. */
  result(): { hops: readonly Hop[]; outcome: Outcome } {
    if (this.later) {
      for (const hop of this.hops) {
        const entries = hop.decisions;
        if (entries.some((e) => typeof e === "function")) {
          // Redefined in place: the property keeps its position (JSON and YAML key order).
          lazyProperty(hop, "decisions", () => entries.flatMap((e) => (typeof e === "function" ? e() : [e])));
        }
      }
    }
    return {
      hops: this.hops as readonly Hop[],
      outcome: this.failed ? { ok: false, ...this.failed } : { ok: true },
    };
  }
}
