/**
 * Evaluates compiled policies for one request, in the enforcer's order (istio-semantics §2.2):
 * CUSTOM (the provider is called only when one of its rules matches; its DENY denies) → AUDIT (never
 * decides) → DENY (any match denies) → no ALLOW policy: allow → any ALLOW match: allow → deny.
 * Every rule that can match the request's workload port is evaluated (not only up to the deciding
 * one) so the decision can say which policies matched; dry-run policies only produce shadow results.
 */
import type { Diagnostic } from "@meshwright/core";
import { authzDiagnostic } from "./codes";
import type { ActionStage, CompiledAuthorization, CompiledRule, CustomStage, RuleIndex } from "./compiled";
import type {
  AppliedPolicy,
  AuditResult,
  AuthzDecision,
  AuthzVerdict,
  Enforcer,
  ExtAuthzCall,
  ShadowResult,
} from "./decision";
import { type AuthzRequest, isAuthzRequest } from "./request";
import { RequestContext } from "./request-context";

const NONE: readonly never[] = Object.freeze([]);

const NO_RULES: readonly CompiledRule[] = Object.freeze([]);

/**
 * Tries every rule that can match the request (those of its port, unbound or bound to its
 * principal or host), in evaluation order, recording each policy's first matching rule in
 * `applied`; returns the first match overall (the deciding rule). Rules that cannot match rightly
 * leave their policies "not matched".
 */
function firstMatch(
  index: RuleIndex,
  ctx: RequestContext,
  applied: AppliedPolicy[],
  notMatched: readonly AppliedPolicy[],
): CompiledRule | null {
  const rules = index.byPort.get(ctx.destinationPort) ?? index.other;
  const principal = ctx.principal;
  const byPrincipal =
    rules.byPrincipal === null || principal === null
      ? NO_RULES
      : (rules.byPrincipal.get(principal) ?? NO_RULES);
  let byHost = NO_RULES;
  if (rules.byHost !== null) {
    const host = ctx.hostLowerCase();
    if (host !== undefined) byHost = rules.byHost.get(host) ?? NO_RULES;
  }
  const unkeyed = rules.unkeyed;
  if (byPrincipal.length === 0 && byHost.length === 0) return tryRules(unkeyed, ctx, applied, notMatched);
  return tryRules(mergedByRank(unkeyed, byPrincipal, byHost), ctx, applied, notMatched);
}

/** Tries `rules` (in rank order); see `firstMatch`. */
function tryRules(
  rules: readonly CompiledRule[],
  ctx: RequestContext,
  applied: AppliedPolicy[],
  notMatched: readonly AppliedPolicy[],
): CompiledRule | null {
  let first: CompiledRule | null = null;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    // A policy already matched holds its rule's entry instead of the not-matched one. Compared by
    // identity: the entries' shapes differ (provider, ruleIndex), so reading `.matched` is a
    // polymorphic load on the hottest line.
    const at = rule.appliedIndex;
    if (applied[at] !== notMatched[at]) continue;
    if (rule.test(ctx)) {
      applied[at] = rule.matchedEntry;
      if (first === null) first = rule;
    }
  }
  return first;
}

/** Three rank-ordered lists as one (each keyed list is short: the rules of one principal or host). */
function mergedByRank(
  a: readonly CompiledRule[],
  b: readonly CompiledRule[],
  c: readonly CompiledRule[],
): CompiledRule[] {
  const out: CompiledRule[] = [];
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length || j < b.length || k < c.length) {
    const x = a[i]?.rank ?? Number.POSITIVE_INFINITY;
    const y = b[j]?.rank ?? Number.POSITIVE_INFINITY;
    const z = c[k]?.rank ?? Number.POSITIVE_INFINITY;
    if (x <= y && x <= z) out.push(a[i++]!);
    else if (y <= z) out.push(b[j++]!);
    else out.push(c[k++]!);
  }
  return out;
}

/** The shadow (dry-run) result of one stage, or null when it has no dry-run policy. */
function shadowOf(
  stage: ActionStage,
  action: "ALLOW" | "DENY" | "AUDIT" | "CUSTOM",
  ctx: RequestContext,
  applied: AppliedPolicy[],
  notMatched: readonly AppliedPolicy[],
  provider?: string,
): ShadowResult | null {
  if (stage.shadow.length === 0) return null;
  const hit = firstMatch(stage.shadowRules, ctx, applied, notMatched);
  const result: AuthzVerdict | undefined =
    action === "ALLOW" ? (hit ? "ALLOW" : "DENY") : action === "DENY" ? (hit ? "DENY" : "ALLOW") : undefined;
  return {
    action,
    ...(provider !== undefined ? { provider } : {}),
    matched: hit !== null,
    ...(result !== undefined ? { result } : {}),
    ...(hit ? { policy: hit.deciding.policy, ruleIndex: hit.ruleIndex } : {}),
  };
}

/** Appends a shadow result, creating the list on first use. */
function withShadow(list: ShadowResult[] | null, result: ShadowResult | null): ShadowResult[] | null {
  if (result === null) return list;
  if (list === null) return [result];
  list.push(result);
  return list;
}

/** What the caller observes when this enforcer denies. */
function symptomOf(enforcer: Enforcer, httpChain: boolean, extAuthz: boolean): string {
  if (enforcer === "ztunnel") return "connection reset (ztunnel rejects the connection)";
  if (!httpChain) return "connection reset (Envoy RBAC network filter closes the connection)";
  return extAuthz ? "HTTP 403 Forbidden (ext_authz denied)" : "HTTP 403 Forbidden (RBAC: access denied)";
}

/** Problems with the request itself (found while reading it, or an impossible port). */
function requestFindings(request: AuthzRequest, ctx: RequestContext): readonly Diagnostic[] {
  const port = request.destination.port;
  const portProblem = !Number.isInteger(port) || port < 0 || port > 65535;
  const found = ctx.diagnostics;
  if (!portProblem) return found ?? NONE;
  return [
    ...(found ?? []),
    authzDiagnostic("invalidRequestPort", { path: "$.destination.port", found: JSON.stringify(port) }),
  ];
}

/** The decision for a request that is not an AuthzRequest at all: denied, with the reason why. */
export function malformedRequestDecision(
  enforcer: Enforcer,
  applied: readonly AppliedPolicy[],
): AuthzDecision {
  return {
    decision: "DENY",
    reason: "request is malformed: nothing to evaluate",
    enforcer,
    applied: applied.slice(),
    shadow: NONE,
    audit: NONE,
    extAuthz: NONE,
    notes: NONE,
    diagnostics: [authzDiagnostic("requestMalformed", { path: "$" })],
  };
}

/** Asks the stub; a stub that throws counts as a failing provider (Istio failOpen defaults to false). */
function askProvider(
  stage: Extract<CustomStage, { kind: "ext-authz" }>,
  request: AuthzRequest,
  trigger: { readonly policy: string; readonly ruleIndex: number },
): { readonly verdict: AuthzVerdict; readonly failure: Diagnostic | null } {
  try {
    return { verdict: stage.provider.check(request, trigger) === "ALLOW" ? "ALLOW" : "DENY", failure: null };
  } catch {
    const failure = authzDiagnostic("extAuthzFailed", { path: `extAuthz.providers[${stage.provider.name}]` });
    return { verdict: "DENY", failure };
  }
}

/** What a site knows before evaluating: the port's PeerAuthentication and the problems found preparing it. */
export interface SiteFacts {
  readonly peerAuthentication: AuthzDecision["peerAuthentication"];
  readonly diagnostics: readonly Diagnostic[];
}

const NO_SITE_FACTS: SiteFacts = Object.freeze({ peerAuthentication: undefined, diagnostics: NONE });

/**
 * Evaluates a compiled policy set for one request. `site` (from `authorize(input)` and
 * `authorizerFor`) goes into the decision as it is built, so a decision is made once, not copied.
 */
export function evaluateAuthorization(
  compiled: CompiledAuthorization,
  request: AuthzRequest,
  site: SiteFacts = NO_SITE_FACTS,
): AuthzDecision {
  if (!isAuthzRequest(request))
    return malformedRequestDecision(compiled.enforcer, compiled.http.appliedDefaults);
  const ctx = new RequestContext(request, compiled.reading);
  const enforcer = compiled.enforcer;
  const httpChain = enforcer !== "ztunnel" && (compiled.protocol ?? request.protocol) === "http";
  const plan = request.protocol === "tcp" ? compiled.tcp : compiled.http;
  const notMatched = plan.appliedDefaults;
  const applied = notMatched.slice();

  if (httpChain && ctx.rejectedPath !== null) {
    return {
      decision: "DENY",
      reason: `request rejected before authorization: ${ctx.rejectedPath}`,
      enforcer,
      symptom: "HTTP 400 Bad Request",
      applied,
      shadow: NONE,
      audit: NONE,
      extAuthz: NONE,
      notes: plan.notes,
      peerAuthentication: site.peerAuthentication,
      diagnostics: [
        ...site.diagnostics,
        ...requestFindings(request, ctx),
        authzDiagnostic("pathRejected", { path: "$.http.path" }),
      ],
    };
  }

  // No closures in here: the hot path must not allocate functions per request.
  let shadow: ShadowResult[] | null = null;
  let calls: ExtAuthzCall[] | null = null;
  let customDeny: CompiledRule | null = null;
  let customByExtAuthz = false;
  let providerFailures: Diagnostic[] | null = null;

  // CUSTOM filters run before the JWT filter: request.auth.* is not visible to them.
  const custom = plan.custom;
  if (custom.length > 0) ctx.jwtVisible = false;
  for (let i = 0; i < custom.length; i++) {
    const stage = custom[i]!;
    const hit = firstMatch(stage.enforcedRules, ctx, applied, notMatched);
    if (stage.kind === "deny") {
      if (hit !== null && customDeny === null) customDeny = hit;
      continue;
    }
    shadow = withShadow(shadow, shadowOf(stage, "CUSTOM", ctx, applied, notMatched, stage.provider.name));
    if (hit === null || customDeny !== null) continue;
    const trigger = { policy: hit.deciding.policy, ruleIndex: hit.ruleIndex };
    const { verdict, failure } = askProvider(stage, request, trigger);
    if (failure !== null) (providerFailures ??= []).push(failure);
    (calls ??= []).push({ provider: stage.provider.name, ...trigger, verdict });
    if (verdict === "DENY") {
      customDeny = hit;
      customByExtAuthz = true;
    }
  }
  ctx.jwtVisible = true;

  let audit: AuditResult[] | null = null;
  const audits = plan.audit.enforced;
  if (audits.length > 0) {
    firstMatch(plan.audit.enforcedRules, ctx, applied, notMatched);
    for (let i = 0; i < audits.length; i++) {
      const at = audits[i]!.appliedIndex;
      const entry = applied[at]!;
      if (entry !== notMatched[at])
        (audit ??= []).push({ policy: entry.policy, ruleIndex: entry.ruleIndex! });
    }
  }
  const denyHit = firstMatch(plan.deny.enforcedRules, ctx, applied, notMatched);
  const allowHit = firstMatch(plan.allow.enforcedRules, ctx, applied, notMatched);
  if (plan.hasShadow) {
    shadow = withShadow(shadow, shadowOf(plan.audit, "AUDIT", ctx, applied, notMatched));
    shadow = withShadow(shadow, shadowOf(plan.deny, "DENY", ctx, applied, notMatched));
    shadow = withShadow(shadow, shadowOf(plan.allow, "ALLOW", ctx, applied, notMatched));
  }

  let decision: AuthzVerdict;
  let reason: string;
  let deciding: CompiledRule | null = null;
  if (customDeny !== null || denyHit !== null) {
    deciding = customDeny ?? denyHit;
    decision = "DENY";
    reason = deciding!.reason;
  } else if (plan.allow.enforced.length === 0) {
    decision = "ALLOW";
    reason = plan.noAllowPolicyReason;
  } else if (allowHit !== null) {
    deciding = allowHit;
    decision = "ALLOW";
    reason = allowHit.reason;
  } else {
    decision = "DENY";
    reason = plan.noAllowMatchReason;
  }
  // One fixed object shape (absent fields are undefined) keeps the allocation cheap.
  return {
    decision,
    reason,
    enforcer,
    symptom: decision === "DENY" ? symptomOf(enforcer, httpChain, customByExtAuthz) : undefined,
    deciding: deciding !== null ? deciding.deciding : undefined,
    applied,
    shadow: shadow ?? NONE,
    audit: audit ?? NONE,
    extAuthz: calls ?? NONE,
    notes: plan.notes,
    peerAuthentication: site.peerAuthentication,
    diagnostics: joined(site.diagnostics, requestFindings(request, ctx), providerFailures ?? NONE),
  };
}

/** The diagnostics of a decision, in order; no copy when only one list has any. */
function joined(
  site: readonly Diagnostic[],
  request: readonly Diagnostic[],
  providers: readonly Diagnostic[],
): readonly Diagnostic[] {
  if (request.length === 0 && providers.length === 0) return site;
  if (site.length === 0 && providers.length === 0) return request;
  return [...site, ...request, ...providers];
}
