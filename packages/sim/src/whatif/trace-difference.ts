import type { CellOutcome } from "../matrix/types";
import type { Hop, HopDecision } from "../trace/hop";
import type { Trace } from "../trace/trace";
import type { DecisionChange, HopChange } from "./types";

/** A hop in one line: `role id → role id @address (protocol)`. */
export function hopSummary(hop: Hop): string {
  return `${hop.from.role} ${hop.from.id} → ${hop.to.role} ${hop.to.id} @${hop.to.address} (${hop.protocol})${hop.failed ? " FAILED" : ""}`;
}

const sameDecision = (a: HopDecision | undefined, b: HopDecision | undefined) =>
  a !== undefined && b !== undefined && a.kind === b.kind && a.decision === b.decision;

/** The first decision of `hop` index `index` that differs between the two lists, if any. */
function firstDecision(
  index: number,
  a: readonly HopDecision[],
  b: readonly HopDecision[],
): DecisionChange | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const before = a[i];
    const after = b[i];
    if (sameDecision(before, after)) continue;
    const reason = after?.reason ?? before?.reason;
    return {
      hop: index,
      kind: after?.kind ?? before!.kind,
      ...(before ? { before: before.decision } : {}),
      ...(after ? { after: after.decision } : {}),
      ...(reason ? { reason } : {}),
    };
  }
  return undefined;
}

/**
 * Where two traces of the same request part ways: the first hop whose ends, address, protocol or
 * failure differ, and the first decision that differs at or before it (a decision at an equal hop
 * — authz, peer-authn, route — is reported with that hop).
 */
export function traceDifference(before: Trace, after: Trace): { hop?: HopChange; decision?: DecisionChange } {
  const count = Math.max(before.hops.length, after.hops.length);
  for (let i = 0; i < count; i++) {
    const a = before.hops[i];
    const b = after.hops[i];
    const sameHop = a !== undefined && b !== undefined && hopSummary(a) === hopSummary(b);
    const decision = firstDecision(i, a?.decisions ?? [], b?.decisions ?? []);
    if (sameHop && decision === undefined) continue;
    const hop: HopChange = {
      index: i,
      ...(a ? { before: hopSummary(a) } : {}),
      ...(b ? { after: hopSummary(b) } : {}),
    };
    return decision ? { hop, decision } : { hop };
  }
  return {};
}

/** One line: why the outcome changed, from the outcomes and the decision that changed. */
export function whyChanged(before: CellOutcome, after: CellOutcome, decision?: DecisionChange): string {
  const policies = decision?.policies
    ? `; policies applying: ${decision.policies.after.join(", ") || "none"}`
    : "";
  const at = decision ? `${decision.kind}: ${decision.after ?? "(none)"}${policies}` : undefined;
  if (!after.ok) {
    return `${after.name ?? after.code}: ${after.reason ?? after.symptom ?? "the request fails"}${at ? ` [${at}]` : ""}`;
  }
  const was = before.ok ? "" : `${before.name ?? before.code} no longer happens`;
  return [was, at ? `now ${at}` : "the request now succeeds"].filter(Boolean).join("; ");
}
