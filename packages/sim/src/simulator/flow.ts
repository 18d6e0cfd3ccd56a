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
export class Flow {
  private readonly hops: Hop[] = [];
  private readonly pending: HopDecision[] = [];
  private failed?: Failure;

  /** Records a decision on the current hop (or, before any hop, on the one to come). */
  decide(kind: string, decision: string, reason: string): void {
    const entry = { kind, decision, reason };
    const last = this.hops.at(-1);
    if (last) this.hops[this.hops.length - 1] = { ...last, decisions: [...last.decisions, entry] };
    else this.pending.push(entry);
  }

  /** Adds a hop; returns its index. Pending decisions go to the first hop. */
  add(draft: HopDraft): number {
    const index = this.hops.length;
    const decisions = [...(index === 0 ? this.pending.splice(0) : []), ...(draft.decisions ?? [])];
    this.hops.push({ ...draft, index, tls: draft.tls ?? [], decisions });
    return index;
  }

  /** Amends the TLS sessions of a hop (the mTLS check fills in its verdict). */
  setTls(index: number, tls: readonly TlsSession[]): void {
    const hop = this.hops[index];
    if (hop) this.hops[index] = { ...hop, tls };
  }

  /** Ends the flow in a failure at the current hop (or before any hop). */
  fail(name: keyof typeof FAILURES, reason: string): Failure {
    return this.failWith(failure(name, reason));
  }

  /** Ends the flow in a failure built elsewhere (DNS, routing, authz). */
  failWith(f: Omit<Failure, "hop">): Failure {
    const index = this.hops.length - 1;
    if (index >= 0) this.hops[index] = { ...this.hops[index]!, failed: true };
    this.failed = { ...f, ...(index >= 0 ? { hop: index } : {}) };
    return this.failed;
  }

  /** The hops so far (pending decisions become a zero-hop note when no hop was taken). */
  result(): { hops: readonly Hop[]; outcome: Outcome; preDecisions: readonly HopDecision[] } {
    return {
      hops: this.hops,
      outcome: this.failed ? { ok: false, ...this.failed } : { ok: true },
      preDecisions: this.pending,
    };
  }

  /** Whether the flow already failed. */
  get hasFailed(): boolean {
    return this.failed !== undefined;
  }
}
