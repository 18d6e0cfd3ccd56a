/**
 * Turns compiled rule predicates into the ready-to-evaluate policies of one stage: ranks every rule
 * in the enforcer's evaluation order and builds, once, every object a decision can point to (the
 * matched `applied` entry, the deciding rule, the reason line). Shared by the Envoy and ztunnel
 * compilers.
 */
import { getOrCreate } from "@meshwright/core";
import type { ActionStage, CompiledPolicy, CompiledRule, PortRules, RuleIndex, RuleKeys } from "./compiled";
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
  /** The only principals / hosts it can match (absent: any). */
  readonly keys?: RuleKeys;
}

const UNBOUNDED: RuleKeys = Object.freeze({ principal: null, host: null });

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
          keys: rule.keys ?? UNBOUNDED,
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

/** Lists rules under each value of the key they are bound to (null when none is). */
function keyedBy(
  rules: readonly CompiledRule[],
  valuesOf: (rule: CompiledRule) => ReadonlySet<string> | null,
): Map<string, CompiledRule[]> | null {
  let map: Map<string, CompiledRule[]> | null = null;
  for (const rule of rules) {
    const values = valuesOf(rule);
    if (values === null) continue;
    map ??= new Map();
    for (const value of values) getOrCreate(map, value, () => []).push(rule);
  }
  return map;
}

/** A port's rules (in rank order), listed under the principal or else the host they are bound to. */
function portRules(rules: readonly CompiledRule[]): PortRules {
  const byPrincipal = keyedBy(rules, (r) => r.keys.principal);
  const byHost = keyedBy(rules, (r) => (r.keys.principal === null ? r.keys.host : null));
  return {
    unkeyed: rules.filter((r) => r.keys.principal === null && r.keys.host === null),
    byPrincipal,
    byHost,
  };
}

/** Indexes a stage's rules by the workload port they can match, then by principal or host. */
function indexRules(policies: readonly CompiledPolicy[]): RuleIndex {
  const rules = policies.flatMap((p) => p.rules).sort((a, b) => a.rank - b.rank);
  const named = new Set(rules.flatMap((r) => (r.ports === null ? [] : [...r.ports])));
  const byPort = new Map<number, PortRules>();
  for (const port of named)
    byPort.set(port, portRules(rules.filter((r) => r.ports === null || r.ports.has(port))));
  return { byPort, other: portRules(rules.filter((r) => r.ports === null)) };
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
