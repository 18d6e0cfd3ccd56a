/**
 * What an authorization decision says: the verdict, why, which policy and rule decided it, every
 * policy that applied and whether it matched, dry-run (shadow) and AUDIT results, ext-authz calls,
 * and the notes on rules the enforcing proxy dropped or made broader.
 */
import type { Diagnostic } from "@meshwright/core";
import type { EffectivePeerAuthentication } from "./peer-authentication";
import type { AuthzAction } from "./policy-object";

/** The proxy kind that enforces (istio-semantics §2.1, §2.9). */
export type Enforcer = "sidecar" | "ztunnel" | "waypoint" | "gateway";

/** ALLOW or DENY. */
export type AuthzVerdict = "ALLOW" | "DENY";

/** The policy rule that decided (`ns/name`, its action, the index of the rule in `spec.rules`). */
export interface DecidingRule {
  readonly policy: string;
  readonly action: AuthzAction;
  readonly ruleIndex: number;
  /** The CUSTOM provider, for CUSTOM decisions. */
  readonly provider?: string;
}

/** A policy that applied to the request's workload at this enforcer, and whether it matched. */
export interface AppliedPolicy {
  readonly policy: string;
  readonly action: AuthzAction;
  readonly dryRun: boolean;
  readonly matched: boolean;
  /** The first matching rule (in the enforcer's evaluation order), when matched. */
  readonly ruleIndex?: number;
  readonly provider?: string;
}

/** A dry-run (shadow) evaluation of one action's dry-run policies. */
export interface ShadowResult {
  readonly action: AuthzAction;
  readonly provider?: string;
  /** Whether any dry-run policy of this action matched. */
  readonly matched: boolean;
  /**
   * Envoy's shadow engine result for ALLOW / DENY (`shadow_engine_result`): what the dry-run policies
   * alone would have decided. Absent for CUSTOM and AUDIT.
   */
  readonly result?: AuthzVerdict;
  /** The first matching dry-run policy rule. */
  readonly policy?: string;
  readonly ruleIndex?: number;
}

/** An AUDIT policy rule that matched (the request is marked for audit logging; never decides). */
export interface AuditResult {
  readonly policy: string;
  readonly ruleIndex: number;
}

/** The stubbed external authorizer's answer for one CUSTOM provider. */
export interface ExtAuthzCall {
  readonly provider: string;
  /** The CUSTOM policy rule whose match triggered the call. */
  readonly policy: string;
  readonly ruleIndex: number;
  readonly verdict: AuthzVerdict;
}

/** What happened to a policy or rule on its way into the enforcing proxy. */
export type AuthzNoteEffect =
  /** An ALLOW rule removed (it can never allow): HTTP-only attribute on TCP, L7 at ztunnel, bad value. */
  | "rule-dropped"
  /** Values removed from a DENY / AUDIT / CUSTOM rule, which therefore matches more requests. */
  | "values-dropped"
  /** A rule istiod skips for every action (unknown `when` key, empty entry). */
  | "rule-skipped"
  /** A ztunnel DENY rule that can no longer match anything after its L7 parts were omitted. */
  | "rule-no-op"
  /** Attributes the enforcer ignores without changing the rule's action (ztunnel: `trustDomains`). */
  | "attributes-ignored"
  /** A policy that is attached but never sent to / built for this enforcer. */
  | "policy-not-sent"
  /** CUSTOM rules turned into DENY rules (unknown provider, several providers without the flag). */
  | "custom-as-deny"
  /** CUSTOM rules not enforced on this chain (HTTP ext-authz provider on a TCP chain). */
  | "custom-ignored";

/** One note. */
export interface AuthzNote {
  readonly policy: string;
  readonly ruleIndex?: number;
  readonly effect: AuthzNoteEffect;
  /** Policy fields involved (`to[0].operation.methods`, `when[request.headers[x]].values`...). */
  readonly fields?: readonly string[];
  readonly message: string;
  /** The Istio code this follows. */
  readonly source: string;
}

/** The decision. */
export interface AuthzDecision {
  readonly decision: AuthzVerdict;
  /** One line: why. */
  readonly reason: string;
  readonly enforcer: Enforcer;
  /** What the caller observes on DENY (HTTP 403, connection reset...). */
  readonly symptom?: string;
  readonly deciding?: DecidingRule;
  readonly applied: readonly AppliedPolicy[];
  readonly shadow: readonly ShadowResult[];
  readonly audit: readonly AuditResult[];
  readonly extAuthz: readonly ExtAuthzCall[];
  readonly notes: readonly AuthzNote[];
  /** The workload port's effective PeerAuthentication, when the decision considered it. */
  readonly peerAuthentication?: Pick<EffectivePeerAuthentication, "mode" | "source">;
  readonly diagnostics: readonly Diagnostic[];
}
