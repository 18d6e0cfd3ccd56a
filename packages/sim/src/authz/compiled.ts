/**
 * The compiled form of the policies attached to one workload at one enforcer: per filter chain, the
 * stages a request goes through (CUSTOM providers, AUDIT, DENY, ALLOW), each holding its enforced and
 * dry-run policies as predicate lists, and every output object a decision can reference built in
 * advance — so evaluating allocates only the decision itself.
 */
import type { Diagnostic } from "@meshwright/core";
import type { AppliedPolicy, AuthzNote, DecidingRule, Enforcer } from "./decision";
import type { ExtAuthzProvider } from "./options";
import type { AuthzAction } from "./policy-object";
import type { Predicate } from "./predicate";
import type { RequestReadingSettings } from "./request-context";

/** One rule, ready to evaluate. */
export interface CompiledRule {
  readonly test: Predicate;
  readonly ruleIndex: number;
  /** Position in the stage's evaluation order (Envoy: policy-name order of its RBAC policies). */
  readonly rank: number;
  /** The policy's entry in the decision's `applied` list. */
  readonly appliedIndex: number;
  /** The only workload ports the rule can match (null: any). */
  readonly ports: ReadonlySet<number> | null;
  readonly keys: RuleKeys;
  readonly matchedEntry: AppliedPolicy;
  readonly deciding: DecidingRule;
  /** The decision reason when this rule decides. */
  readonly reason: string;
}

/** One policy, ready to evaluate. */
export interface CompiledPolicy {
  readonly key: string;
  readonly action: AuthzAction;
  readonly dryRun: boolean;
  /** Index of the policy's entry in the decision's `applied` list. */
  readonly appliedIndex: number;
  /** Rules in the order the enforcer tries them. */
  readonly rules: readonly CompiledRule[];
}

/**
 * What a rule requires of the request's peer principal and (HTTP) host, when it names exact values
 * only: the rule cannot match a request whose principal or host is not among them. Null: no bound.
 */
export interface RuleKeys {
  readonly principal: ReadonlySet<string> | null;
  readonly host: ReadonlySet<string> | null;
}

/**
 * The rules a request to one workload port may match. Rules bound to exact principals (or else to
 * exact hosts) are listed under each of those values, so a request tries only its own; the rest
 * are tried by every request. Every list is in evaluation order (rank).
 */
export interface PortRules {
  readonly unkeyed: readonly CompiledRule[];
  readonly byPrincipal: ReadonlyMap<string, readonly CompiledRule[]> | null;
  readonly byHost: ReadonlyMap<string, readonly CompiledRule[]> | null;
}

/**
 * The rules of a stage looked up by workload port: a rule that can only match other ports is never
 * tried. Rules are tried in evaluation order (rank), so the first match is the deciding one.
 */
export interface RuleIndex {
  readonly byPort: ReadonlyMap<number, PortRules>;
  /** The rules for a port no rule names: those without a port bound. */
  readonly other: PortRules;
}

/** Enforced and dry-run policies of one action. */
export interface ActionStage {
  readonly enforced: readonly CompiledPolicy[];
  readonly shadow: readonly CompiledPolicy[];
  readonly enforcedRules: RuleIndex;
  readonly shadowRules: RuleIndex;
}

/** How one CUSTOM provider's rules are enforced on a chain. */
export type CustomStage =
  | ({ readonly kind: "ext-authz"; readonly provider: ExtAuthzProvider } & ActionStage)
  /** Unknown provider, or several providers without the flag: the enforced rules deny (`getBadCustomDenyRules`). */
  | ({ readonly kind: "deny"; readonly provider: string } & ActionStage);

/** Everything one filter chain kind needs. */
export interface ChainPlan {
  readonly custom: readonly CustomStage[];
  readonly audit: ActionStage;
  readonly deny: ActionStage;
  readonly allow: ActionStage;
  /** Whether the AUDIT, DENY or ALLOW stage has dry-run policies (CUSTOM ones are handled with their stage). */
  readonly hasShadow: boolean;
  /** One not-matched entry per applied policy: the starting point of a decision's `applied`. */
  readonly appliedDefaults: readonly AppliedPolicy[];
  readonly notes: readonly AuthzNote[];
  /** Decision reasons that depend on the plan only. */
  readonly noAllowPolicyReason: string;
  readonly noAllowMatchReason: string;
}

/** The compiled policies of one workload at one enforcer (the input of `authorize`). */
export interface CompiledAuthorization {
  readonly kind: "meshwright.dev/compiled-authorization";
  readonly enforcer: Enforcer;
  /** The filter chain kind the policies were built for, when fixed. */
  readonly protocol?: "http" | "tcp";
  readonly http: ChainPlan;
  readonly tcp: ChainPlan;
  readonly reading: RequestReadingSettings;
  /** Keys (`ns/name`) of the policies compiled, in input order. */
  readonly policies: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}
