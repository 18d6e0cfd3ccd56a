/**
 * The AuthorizationPolicy and PeerAuthentication objects as users write them (security.istio.io/v1),
 * typed through `@meshwright/core`'s `IstioKinds`, plus the fields the generated model misses.
 */
import type { IstioKinds } from "@meshwright/core";

/** An AuthorizationPolicy object (any served apiVersion). */
export type AuthorizationPolicyObject = IstioKinds["AuthorizationPolicy"];

/** A PeerAuthentication object (any served apiVersion). */
export type PeerAuthenticationObject = IstioKinds["PeerAuthentication"];

type AuthorizationPolicySpec = NonNullable<AuthorizationPolicyObject["spec"]>;

/** One entry of `spec.rules`. */
export type AuthzRuleSpec = NonNullable<AuthorizationPolicySpec["rules"]>[number];

/**
 * `rules[].from[].source`. The CRD (shared/schemas/istio-crd-all.gen.yaml) also has `trustDomains`
 * and `notTrustDomains`, which the generated TypeScript model predates.
 */
export type AuthzSourceSpec = NonNullable<NonNullable<AuthzRuleSpec["from"]>[number]["source"]> & {
  readonly trustDomains?: string[];
  readonly notTrustDomains?: string[];
};

/** `rules[].to[].operation`. */
export type AuthzOperationSpec = NonNullable<NonNullable<AuthzRuleSpec["to"]>[number]["operation"]>;

/** `rules[].when[]`. */
export type AuthzConditionSpec = NonNullable<AuthzRuleSpec["when"]>[number];

/** AuthorizationPolicy actions (`authorization_policy.proto`); absent means ALLOW. */
export type AuthzAction = "ALLOW" | "DENY" | "AUDIT" | "CUSTOM";

/** PeerAuthentication mTLS modes (`peer_authentication.proto`); absent means UNSET. */
export type MtlsModeSpec = "UNSET" | "DISABLE" | "PERMISSIVE" | "STRICT";

/** `istio.io/dry-run`: the annotation that turns a policy into shadow rules (istio-semantics §2.2). */
export const DRY_RUN_ANNOTATION = "istio.io/dry-run";

/** Label that makes a pod a Gateway API gateway instance (`policyattachment.go` workloadGatewayName). */
export const GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";

/** `ns/name`: how decisions, notes and ztunnel (`Authorization::to_key`) name a policy. */
export function policyKeyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
