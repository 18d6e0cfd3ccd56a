/**
 * Turns compiled rule predicates into the ready-to-evaluate policies of one stage: ranks every rule
 * in the enforcer's evaluation order and builds, once, every object a decision can point to (the
 * matched `applied` entry, the deciding rule, the reason line). Shared by the Envoy and ztunnel
 * compilers.
 */
import type { ActionStage, CompiledPolicy, CompiledRule, RuleIndex } from "./compiled";
import type { AppliedPolicy, DecidingRule } from "./decision";
import type { AuthzAction } from "./policy-object";
import type { Predicate } from "./predicate";

/** A compiled rule before ranking. */
export interface RuleDraft {
  readonly test: Predicate;
  readonly ruleIndex: number;
  /** Sort key of the enforcer's evaluation order (compared as strings). */
  readonly order: string;
  /** The only workload ports the rule can match (null: any). */
  readonly ports: ReadonlySet<number> | null;
}

/** A policy before ranking. */
export interface PolicyDraft {
  readonly key: string;
  readonly action: AuthzAction;
  readonly dryRun: boolean;
  readonly provider?: string;
  /** Its entry in the decision's `applied` list. */
  readonly appliedIndex: number;
  readonly rules: readonly RuleDraft[];
}

/**
 * Envoy keeps an RBAC filter's policies in a map ordered by name and reports the first match as the
 * effective policy; istiod names them `ns[<ns>]-policy[<name>]-rule[<i>]` (`builder.go` policyName).
 */
export function envoyPolicyName(namespace: string, name: string, ruleIndex: number): string {
  return `ns[${namespace}]-policy[${name}]-rule[${ruleIndex}]`;
}

/** The not-matched `applied` entry of a policy. */
export function notMatchedEntry(draft: Omit<PolicyDraft, "rules" | "appliedIndex">): AppliedPolicy {
  return Object.freeze({
    policy: draft.key,
    action: draft.action,
    dryRun: draft.dryRun,
    matched: false,
    ...(draft.provider !== undefined ? { provider: draft.provider } : {}),
  });
}

/** Ranks the rules of a stage and freezes everything a decision may reference. */
function buildStagePolicies(
  drafts: readonly PolicyDraft[],
  reasonOf: (draft: PolicyDraft, ruleIndex: number) => string,
): CompiledPolicy[] {
  const orders = drafts.flatMap((d) => d.rules.map((r) => r.order)).sort();
  const rankOf = new Map(orders.map((order, rank) => [order, rank]));
  return drafts.map((draft) => {
    const provider = draft.provider !== undefined ? { provider: draft.provider } : {};
    const rules: CompiledRule[] = draft.rules
      .map((rule) => {
        const deciding: DecidingRule = Object.freeze({
          policy: draft.key,
          action: draft.action,
          ruleIndex: rule.ruleIndex,
          ...provider,
        });
        const matchedEntry: AppliedPolicy = Object.freeze({
          policy: draft.key,
          action: draft.action,
          dryRun: draft.dryRun,
          matched: true,
          ruleIndex: rule.ruleIndex,
          ...provider,
        });
        return {
          test: rule.test,
          ruleIndex: rule.ruleIndex,
          rank: rankOf.get(rule.order)!,
          appliedIndex: draft.appliedIndex,
          ports: rule.ports,
          matchedEntry,
          deciding,
          reason: reasonOf(draft, rule.ruleIndex),
        };
      })
      .sort((a, b) => a.rank - b.rank);
    return Object.freeze({
      key: draft.key,
      action: draft.action,
      dryRun: draft.dryRun,
      appliedIndex: draft.appliedIndex,
      rules,
    });
  });
}

/** Indexes a stage's rules by the workload port they can match. */
function indexRules(policies: readonly CompiledPolicy[]): RuleIndex {
  const rules = policies.flatMap((p) => p.rules).sort((a, b) => a.rank - b.rank);
  const named = new Set(rules.flatMap((r) => (r.ports === null ? [] : [...r.ports])));
  const byPort = new Map<number, readonly CompiledRule[]>();
  for (const port of named)
    byPort.set(
      port,
      rules.filter((r) => r.ports === null || r.ports.has(port)),
    );
  return { byPort, other: rules.filter((r) => r.ports === null) };
}

/** One action's stage: enforced and dry-run policies, built and indexed. */
export function buildActionStage(
  drafts: readonly PolicyDraft[],
  reasonOf: (draft: PolicyDraft, ruleIndex: number) => string,
): ActionStage {
  const enforced = buildStagePolicies(
    drafts.filter((d) => !d.dryRun),
    reasonOf,
  );
  const shadow = buildStagePolicies(
    drafts.filter((d) => d.dryRun),
    () => "",
  );
  return { enforced, shadow, enforcedRules: indexRules(enforced), shadowRules: indexRules(shadow) };
}

/** Whether any of the stages holds dry-run policies. */
export function anyShadow(...stages: readonly ActionStage[]): boolean {
  return stages.some((stage) => stage.shadow.length > 0);
}
