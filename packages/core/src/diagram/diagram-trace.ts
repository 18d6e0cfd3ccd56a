/**
 * The part of a request trace a diagram draws, as a structural type: `Trace` from `@meshwright/sim`
 * fits it as it is, so core draws traces without depending on the simulator.
 */

/** One end of a hop: who sends or receives (`app`, `sidecar`, `ztunnel`, `eastwest-gateway`, ...). */
export interface DiagramTraceEnd {
  readonly role: string;
  /** Workload id, gateway id (`<cluster>/<namespace>/<name>`) or proxy id (`<cluster>/ztunnel/<node>`). */
  readonly id: string;
  readonly cluster?: string;
}

/** One hop of the request. */
export interface DiagramTraceHop {
  readonly index: number;
  readonly from: DiagramTraceEnd;
  readonly to: DiagramTraceEnd & { readonly address: string };
  /** Wire protocol: TCP, HTTP, TLS, mTLS, HBONE, double HBONE. */
  readonly protocol: string;
  /** SNI of a TLS hop. */
  readonly sni?: string;
  /** CONNECT `:authority` of an HBONE hop, outer first for double HBONE. */
  readonly authority?: readonly string[];
  /** Set on the hop where the request failed. */
  readonly failed?: boolean;
}

/** Success, or the failure with its code, name, the symptom the user sees, and the hop it happened at. */
export type DiagramTraceOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: string;
      readonly name: string;
      readonly symptom: string;
      readonly hop?: number;
    };

/** A traced request: what was asked, from where, each hop, and how it ended. */
export interface DiagramTrace {
  readonly request: { readonly method: string; readonly to: string };
  readonly source: { readonly workload: string; readonly cluster: string };
  readonly outcome: DiagramTraceOutcome;
  readonly hops: readonly DiagramTraceHop[];
  /** Descriptions of the injected faults in effect. */
  readonly faults?: readonly string[];
}
