/**
 * The ztunnel side (istio-semantics §2.9): which attached policies istiod sends to ztunnel
 * (`pilot/pkg/serviceregistry/ambient/authorization.go` convertAuthorizationPolicy) and the plan
 * ztunnel evaluates (`[Z] src/state.rs` assert_rbac): DENY policies (dry-run ones only reported),
 * then "no ALLOW policy → allow", then "any ALLOW matches → allow", else deny. ztunnel is L4 only, so
 * one plan serves every request protocol.
 */

import type { PlacedPolicy } from "./compile-envoy";
import type { ChainPlan } from "./compiled";
import type { AppliedPolicy, AuthzNote } from "./decision";
import type { CompileAuthorizationOptions } from "./options";
import { anyShadow, buildActionStage, type PolicyDraft, type RuleDraft } from "./plan-builder";
import { NEVER } from "./predicate";
import type { ReadPolicy } from "./read-policy";
import { compileZtunnelRule } from "./ztunnel-rule";

const CONVERT_SOURCE = "pilot/pkg/serviceregistry/ambient/authorization.go convertAuthorizationPolicy";
const RULE_SOURCE = "pilot/pkg/serviceregistry/ambient/authorization.go handleRule";

/** Why istiod does not send an attached policy to ztunnel, or null when it does. */
export function ztunnelRejection(read: ReadPolicy, options: CompileAuthorizationOptions): AuthzNote | null {
  const note = (message: string): AuthzNote => ({
    policy: read.key,
    effect: "policy-not-sent",
    message,
    source: CONVERT_SOURCE,
  });
  if (read.dryRun && options.ambientDryRun !== true) {
    return note(
      "dry-run policy not sent to ztunnel: AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY is off (status UnsupportedValue)",
    );
  }
  if (read.targetRefs.length > 0)
    return note("policy with targetRef(s) is for waypoints, never sent to ztunnel");
  if (read.action !== "ALLOW" && read.action !== "DENY") {
    return note(
      `ztunnel does not support the ${read.action} action (status UnsupportedValue); use a waypoint`,
    );
  }
  return null;
}

function ruleOrder(key: string, ruleIndex: number): string {
  return `${key}#${String(ruleIndex).padStart(6, "0")}`;
}

function draftPolicy(placed: PlacedPolicy, notes: AuthzNote[]): PolicyDraft {
  const { read } = placed;
  const action = read.action === "DENY" ? "DENY" : "ALLOW";
  const rules: RuleDraft[] = [];
  read.rules.forEach((rule, ruleIndex) => {
    if (rule === null) {
      notes.push({
        policy: read.key,
        ruleIndex,
        effect: "rule-skipped",
        message: "empty rule entry",
        source: RULE_SOURCE,
      });
      return;
    }
    const result = compileZtunnelRule(rule, action, read.namespace);
    if (result.ignoredAttributes.length > 0) {
      notes.push({
        policy: read.key,
        ruleIndex,
        effect: "attributes-ignored",
        fields: result.ignoredAttributes,
        message: `${result.ignoredAttributes.join(", ")} not converted for ztunnel: a source using only it never matches`,
        source: RULE_SOURCE,
      });
    }
    const l7 = result.l7Attributes.join(", ");
    if (result.status === "dropped") {
      notes.push({
        policy: read.key,
        ruleIndex,
        effect: "rule-dropped",
        fields: result.l7Attributes,
        message: `ALLOW rule with HTTP attributes (${l7}) is omitted at ztunnel, so it can never allow; enforce it with a waypoint`,
        source: RULE_SOURCE,
      });
      return;
    }
    if (result.l7Attributes.length > 0) {
      notes.push({
        policy: read.key,
        ruleIndex,
        effect: result.test === NEVER ? "rule-no-op" : "values-dropped",
        fields: result.l7Attributes,
        message:
          result.test === NEVER
            ? `DENY rule made only of HTTP attributes (${l7}) has nothing ztunnel can enforce: it never matches`
            : `DENY rule enforced at ztunnel without its HTTP attributes (${l7}), so it matches more connections`,
        source: RULE_SOURCE,
      });
    }
    rules.push({ test: result.test, ruleIndex, order: ruleOrder(read.key, ruleIndex), ports: result.ports });
  });
  return { key: read.key, action, dryRun: read.dryRun, appliedIndex: placed.appliedIndex, rules };
}

/** Builds ztunnel's plan from the policies it receives. */
export function compileZtunnelPlan(
  placed: readonly PlacedPolicy[],
  appliedDefaults: readonly AppliedPolicy[],
): ChainPlan {
  const notes: AuthzNote[] = [];
  const drafts = [...placed]
    .sort((a, b) => (a.read.key < b.read.key ? -1 : 1))
    .map((p) => draftPolicy(p, notes));
  const stage = (action: "ALLOW" | "DENY", reason: (d: PolicyDraft, i: number) => string) =>
    buildActionStage(
      drafts.filter((d) => d.action === action),
      reason,
    );
  const allowCount = drafts.filter((d) => d.action === "ALLOW" && !d.dryRun).length;
  const deny = stage("DENY", (d, i) => `denied by DENY policy ${d.key} rule ${i} (ztunnel)`);
  const allow = stage("ALLOW", (d, i) => `allowed by ALLOW policy ${d.key} rule ${i} (ztunnel)`);
  return {
    custom: [],
    audit: buildActionStage([], () => ""),
    deny,
    allow,
    hasShadow: anyShadow(deny, allow),
    appliedDefaults,
    notes: Object.freeze(notes),
    noAllowPolicyReason: "no ALLOW policy applies: allowed by default (ztunnel)",
    noAllowMatchReason: `no ALLOW policy matched (${allowCount} ALLOW ${allowCount === 1 ? "policy applies" : "policies apply"}; ztunnel)`,
  };
}
