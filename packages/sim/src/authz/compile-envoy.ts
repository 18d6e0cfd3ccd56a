/**
 * The Envoy side (sidecars, waypoints, gateways): builds the plan of one filter chain kind the way
 * istiod's authz builder does (`pilot/pkg/security/authz/builder/builder.go`):
 * - CUSTOM policies grouped by provider (sorted): RBAC shadow rules that, on a match, make the
 *   ext_authz filter call the provider; several providers without
 *   `PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS`, or an unknown provider, turn the enforced CUSTOM
 *   rules into DENY rules; an HTTP provider is ignored on TCP chains;
 * - AUDIT, DENY and ALLOW RBAC filters, dry-run policies in each filter's shadow rules;
 * - a policy without rules is one rule that never matches (`rbacPolicyMatchNever`).
 */
import type { ChainPlan, CustomStage } from "./compiled";
import type { AppliedPolicy, AuthzNote } from "./decision";
import { compileEnvoyRule, type RefusedValue } from "./envoy-rule";
import type { ExtAuthzOptions } from "./options";
import {
  anyShadow,
  buildActionStage,
  envoyPolicyName,
  type PolicyDraft,
  type RuleDraft,
} from "./plan-builder";
import type { AuthzAction } from "./policy-object";
import { NEVER } from "./predicate";
import type { ReadPolicy } from "./read-policy";
import type { TrustDomainBundle } from "./trust-domain-bundle";

/** A policy that reaches the enforcer, with its position in the decision's `applied` list. */
export interface PlacedPolicy {
  readonly read: ReadPolicy & { readonly action: AuthzAction };
  readonly appliedIndex: number;
}

/** Settings of an Envoy chain build. */
export interface EnvoyChainSettings {
  readonly forTCP: boolean;
  readonly bundle: TrustDomainBundle;
  readonly extAuthz: ExtAuthzOptions | undefined;
}

const MODEL_SOURCE = "pilot/pkg/security/authz/model/model.go checkError";
const BUILDER_SOURCE = "pilot/pkg/security/authz/builder/builder.go";

function describe(refused: readonly RefusedValue[]): string {
  return refused.map((r) => `${r.field}: ${r.message}`).join("; ");
}

function fieldsOf(refused: readonly RefusedValue[]): string[] {
  return [...new Set(refused.map((r) => r.field))];
}

/** A compiled policy with the notes on how its rules were built. */
interface NotedDraft extends PolicyDraft {
  readonly notes: readonly AuthzNote[];
}

/** Compiles one policy's rules for the chain. */
function draftPolicy(placed: PlacedPolicy, settings: EnvoyChainSettings): NotedDraft {
  const notes: AuthzNote[] = [];
  const { read } = placed;
  const chain = settings.forTCP ? "TCP" : "HTTP";
  const rules: RuleDraft[] = [];
  if (read.rules.length === 0) {
    // rbacPolicyMatchNever: it can match no port, so it is never even tried.
    rules.push({
      test: NEVER,
      ruleIndex: 0,
      order: envoyPolicyName(read.namespace, read.name, 0),
      ports: new Set(),
    });
  }
  read.rules.forEach((rule, ruleIndex) => {
    const order = envoyPolicyName(read.namespace, read.name, ruleIndex);
    if (rule === null) {
      notes.push({
        policy: read.key,
        ruleIndex,
        effect: "rule-skipped",
        message: "empty rule entry: istiod skips it (skipped nil rule)",
        source: BUILDER_SOURCE,
      });
      return;
    }
    const result = compileEnvoyRule(rule, {
      action: read.action,
      forTCP: settings.forTCP,
      policyNamespace: read.namespace,
      bundle: settings.bundle,
    });
    if (result.status === "skipped") {
      notes.push({
        policy: read.key,
        ruleIndex,
        effect: "rule-skipped",
        fields: [`when[${result.unknownKey}]`],
        message: `unknown when key ${JSON.stringify(result.unknownKey)}: istiod skips the rule${
          read.action === "DENY" ? ", so this DENY policy is less strict" : ""
        }`,
        source: "pilot/pkg/security/authz/model/model.go New",
      });
      return;
    }
    if (result.status === "dropped") {
      notes.push({
        policy: read.key,
        ruleIndex,
        effect: "rule-dropped",
        fields: fieldsOf(result.refused),
        message: `ALLOW rule not generated on the ${chain} filter chain, so it can never allow (${describe(result.refused)})`,
        source: MODEL_SOURCE,
      });
      return;
    }
    if (result.refused.length > 0) {
      notes.push({
        policy: read.key,
        ruleIndex,
        effect: "values-dropped",
        fields: fieldsOf(result.refused),
        message: `${read.action} rule generated without these values on the ${chain} filter chain, so it matches more requests (${describe(result.refused)})`,
        source: MODEL_SOURCE,
      });
    }
    rules.push({ test: result.test, ruleIndex, order, ports: result.ports, keys: result.keys });
  });
  return {
    key: read.key,
    action: read.action,
    dryRun: read.dryRun,
    ...(read.action === "CUSTOM" ? { provider: read.provider ?? "" } : {}),
    appliedIndex: placed.appliedIndex,
    rules,
    notes,
  };
}

/** CUSTOM stages; a policy's rule notes are kept only when its rules are actually installed. */
function customStages(
  drafts: readonly NotedDraft[],
  settings: EnvoyChainSettings,
  notes: AuthzNote[],
): CustomStage[] {
  const providers = [...new Set(drafts.map((d) => d.provider ?? ""))].sort();
  const tooMany = providers.length > 1 && settings.extAuthz?.multipleProviders !== true;
  const stages: CustomStage[] = [];
  for (const name of providers) {
    const mine = drafts.filter((d) => (d.provider ?? "") === name);
    const known = settings.extAuthz?.providers.find((p) => p.name === name);
    const asDeny = (why: string): void => {
      for (const d of mine) {
        if (!d.dryRun) notes.push(...d.notes);
        notes.push({
          policy: d.key,
          effect: "custom-as-deny",
          message: d.dryRun
            ? `dry-run CUSTOM policy dropped: ${why}, and only enforced CUSTOM rules become DENY rules`
            : `CUSTOM rules enforced as DENY rules: ${why}`,
          source: `${BUILDER_SOURCE} getBadCustomDenyRules`,
        });
      }
      stages.push({
        kind: "deny",
        provider: name,
        // Only enforced CUSTOM rules become DENY rules; dry-run ones are dropped.
        ...buildActionStage(
          mine.filter((d) => !d.dryRun),
          (d, i) => `denied: CUSTOM policy ${d.key} rule ${i} is enforced as a DENY rule (${why})`,
        ),
      });
    };
    if (tooMany) {
      asDeny(
        `${providers.length} CUSTOM providers on one workload need PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS`,
      );
    } else if (known === undefined) {
      asDeny(`provider ${JSON.stringify(name)} is not a MeshConfig extension provider`);
    } else if (settings.forTCP && known.protocol === "http") {
      for (const d of mine) {
        notes.push({
          policy: d.key,
          effect: "custom-ignored",
          message: `CUSTOM policy ignored on the TCP filter chain: provider ${JSON.stringify(name)} is an HTTP ext-authz service`,
          source: `${BUILDER_SOURCE} buildTCP`,
        });
      }
    } else {
      for (const d of mine) notes.push(...d.notes);
      stages.push({
        kind: "ext-authz",
        provider: known,
        ...buildActionStage(
          mine,
          (d, i) => `denied by ext-authz provider ${name} (CUSTOM policy ${d.key} rule ${i} matched)`,
        ),
      });
    }
  }
  return stages;
}

/** Builds the plan of one filter chain kind. */
export function compileEnvoyChain(
  placed: readonly PlacedPolicy[],
  appliedDefaults: readonly AppliedPolicy[],
  settings: EnvoyChainSettings,
): ChainPlan {
  const drafts = placed.map((p) => draftPolicy(p, settings));
  const notes: AuthzNote[] = drafts.filter((d) => d.action !== "CUSTOM").flatMap((d) => d.notes);
  const of = (action: AuthzAction) => drafts.filter((d) => d.action === action);
  const allowCount = of("ALLOW").filter((d) => !d.dryRun).length;
  const stages = {
    custom: customStages(of("CUSTOM"), settings, notes),
    audit: buildActionStage(of("AUDIT"), () => ""),
    deny: buildActionStage(of("DENY"), (d, i) => `denied by DENY policy ${d.key} rule ${i}`),
    allow: buildActionStage(of("ALLOW"), (d, i) => `allowed by ALLOW policy ${d.key} rule ${i}`),
  };
  return {
    ...stages,
    hasShadow: anyShadow(stages.audit, stages.deny, stages.allow),
    appliedDefaults,
    notes: Object.freeze(notes),
    noAllowPolicyReason: "no ALLOW policy applies: allowed by default",
    noAllowMatchReason: `no ALLOW policy matched (${allowCount} ALLOW ${allowCount === 1 ? "policy applies" : "policies apply"})`,
  };
}
