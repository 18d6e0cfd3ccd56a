import type { Diagnostic } from "@meshwright/core";
import type { CellOutcome } from "../matrix/types";
import type { SimulatedMesh } from "../simulator/simulated-mesh";

/** The first hop where two traces of the same request part ways (`role id → role id (protocol)`). */
export interface HopChange {
  readonly index: number;
  readonly before?: string;
  readonly after?: string;
}

/** The first decision that differs at that hop (or before the first hop). */
export interface DecisionChange {
  /** The hop the decision was taken at. */
  readonly hop: number;
  /** `dns`, `route`, `endpoint-pick`, `authz`, `peer-authn`, ... */
  readonly kind: string;
  readonly before?: string;
  readonly after?: string;
  /** The rule behind the new decision (or the old one, when it is gone). */
  readonly reason?: string;
  /** For an `authz` decision: the AuthorizationPolicies applying at the enforcing proxy on each side. */
  readonly policies?: { readonly before: readonly string[]; readonly after: readonly string[] };
}

/** One (source class × destination) pair whose outcome changed. */
export interface OutcomeChange {
  /** Source class id (of the "after" side; `beforeSource` names the "before" class when it differs). */
  readonly source: string;
  readonly beforeSource?: string;
  readonly destination: string;
  /** The workload whose request was compared on both sides. */
  readonly sample: string;
  readonly before: CellOutcome;
  readonly after: CellOutcome;
  /** Where the traces part ways, when both traces could be simulated. */
  readonly hop?: HopChange;
  readonly decision?: DecisionChange;
  /** One line: why the outcome changed. */
  readonly why: string;
}

/** What a diff found: exactly the pairs whose outcome changed. */
export interface MatrixDiff {
  readonly changes: readonly OutcomeChange[];
  /** Pairs compared. */
  readonly compared: number;
  /** Requests simulated to compute the diff (both sides, traces included). */
  readonly requests: number;
  readonly diagnostics: readonly Diagnostic[];
}

/** A what-if's answer: the changed simulation and the pairs whose outcome the change alters. */
export type WhatIfResult =
  | {
      readonly ok: true;
      readonly after: SimulatedMesh;
      readonly diff: MatrixDiff;
      readonly diagnostics: readonly Diagnostic[];
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };
