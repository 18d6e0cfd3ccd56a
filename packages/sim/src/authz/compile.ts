/**
 * `compileAuthorization`: the policies attached to one workload at one enforcer (see
 * `policiesForWorkload`) → a compiled object that `authorize` evaluates with lookups only. Bad
 * policies become diagnostics on the compiled object, never exceptions.
 */
import type { Diagnostic } from "@meshwright/core";
import { compareByCreation } from "../model/config-order";
import { authzDiagnostic } from "./codes";
import { compileEnvoyChain, type PlacedPolicy } from "./compile-envoy";
import { compileZtunnelPlan, ztunnelRejection } from "./compile-ztunnel";
import type { ChainPlan, CompiledAuthorization } from "./compiled";
import type { AppliedPolicy, AuthzNote } from "./decision";
import { SIDECAR_FORWARDED_FOR } from "./forwarded-for";
import { type CompileAuthorizationOptions, DEFAULT_TRUST_DOMAIN } from "./options";
import { pathNormalizer } from "./path-normalization";
import { notMatchedEntry } from "./plan-builder";
import type { AuthorizationPolicyObject, AuthzAction } from "./policy-object";
import { validatePolicyValues } from "./policy-validation";
import { type ReadPolicy, readAuthorizationPolicy } from "./read-policy";
import type { RequestReadingSettings } from "./request-context";
import { trustDomainBundle } from "./trust-domain-bundle";

type ActionableRead = ReadPolicy & { readonly action: AuthzAction };

function readAll(
  policies: readonly AuthorizationPolicyObject[],
  diagnostics: Diagnostic[],
): ActionableRead[] {
  const reads: ActionableRead[] = [];
  for (const object of policies) {
    const result = readAuthorizationPolicy(object);
    diagnostics.push(...result.diagnostics);
    if (result.policy === null || result.policy.action === null) continue;
    diagnostics.push(...validatePolicyValues(result.policy));
    reads.push(result.policy as ActionableRead);
  }
  // istiod lists policies by creation time, then name, then namespace (GetAuthorizationPolicies).
  return reads.sort(compareByCreation);
}

function readingSettings(options: CompileAuthorizationOptions): RequestReadingSettings {
  return {
    normalizePath: pathNormalizer(options.pathNormalization ?? "BASE"),
    forwardedFor:
      options.enforcer === "gateway"
        ? { useRemoteAddress: true, numTrustedHops: options.numTrustedProxies ?? 0 }
        : SIDECAR_FORWARDED_FOR,
  };
}

function place(reads: readonly ActionableRead[]): {
  placed: PlacedPolicy[];
  defaults: readonly AppliedPolicy[];
} {
  const placed = reads.map((read, appliedIndex) => ({ read, appliedIndex }));
  // Not frozen: evaluation copies it per request, and slicing a frozen array is V8's slow path.
  const defaults = reads.map((read) =>
    notMatchedEntry({
      key: read.key,
      action: read.action,
      dryRun: read.dryRun,
      ...(read.action === "CUSTOM" ? { provider: read.provider ?? "" } : {}),
    }),
  );
  return { placed, defaults };
}

function withNotes(plan: ChainPlan, first: readonly AuthzNote[]): ChainPlan {
  return first.length === 0 ? plan : { ...plan, notes: Object.freeze([...first, ...plan.notes]) };
}

/** Compiles the policies that apply to one workload at one enforcer. */
export function compileAuthorization(
  policies: readonly AuthorizationPolicyObject[],
  options: CompileAuthorizationOptions,
): CompiledAuthorization {
  const diagnostics: Diagnostic[] = [];
  if (!Array.isArray(policies)) diagnostics.push(authzDiagnostic("policiesNotAList", { path: "$" }));
  const reads = readAll(Array.isArray(policies) ? policies : [], diagnostics);
  const base = {
    kind: "meshwright.dev/compiled-authorization" as const,
    enforcer: options.enforcer,
    reading: readingSettings(options),
    policies: Object.freeze(reads.map((r) => r.key)),
    diagnostics: Object.freeze(diagnostics),
  };
  if (options.enforcer === "ztunnel") {
    const rejected: AuthzNote[] = [];
    const sent = reads.filter((read) => {
      const rejection = ztunnelRejection(read, options);
      if (rejection !== null) rejected.push(rejection);
      return rejection === null;
    });
    const { placed, defaults } = place(sent);
    const plan = withNotes(compileZtunnelPlan(placed, defaults), rejected);
    return Object.freeze({ ...base, http: plan, tcp: plan });
  }
  const { placed, defaults } = place(reads);
  const settings = {
    bundle: trustDomainBundle(options.trustDomain ?? DEFAULT_TRUST_DOMAIN, options.trustDomainAliases ?? []),
    extAuthz: options.extAuthz,
  };
  const chain = (forTCP: boolean) => compileEnvoyChain(placed, defaults, { ...settings, forTCP });
  if (options.protocol !== undefined) {
    const plan = chain(options.protocol === "tcp");
    return Object.freeze({ ...base, protocol: options.protocol, http: plan, tcp: plan });
  }
  return Object.freeze({ ...base, http: chain(false), tcp: chain(true) });
}
