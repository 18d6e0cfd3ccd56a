/**
 * Outcome codes of a simulated request: stable, grouped like diagnostics (MW5xxx data path,
 * MW4xxx discovery/DNS/routing, MW6xxx mTLS/authz). Each failure carries the symptom the user would
 * see and the fix.
 */
export interface Failure {
  readonly code: `MW${number}`;
  /** Short stable name, e.g. `DNS_NXDOMAIN`, `NO_HEALTHY_UPSTREAM`. */
  readonly name: string;
  /** What the caller sees: curl's message, Envoy's response, ztunnel's reset. */
  readonly symptom: string;
  /** Why, in a sentence, citing the rule. */
  readonly reason: string;
  readonly fix: string;
  /** Index of the hop where it failed (absent when it failed before the first hop, e.g. DNS). */
  readonly hop?: number;
}

/** `success`, or the failure. */
export type Outcome = { readonly ok: true } | ({ readonly ok: false } & Failure);
