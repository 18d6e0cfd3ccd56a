/**
 * Which AuthorizationPolicies apply to a workload at a given enforcer (istio-semantics §2.1):
 * - sidecars and gateways (`pilot/pkg/model/authorization.go` ListAuthorizationPolicies,
 *   `policyattachment.go` ShouldAttachPolicy): policies of the root namespace and the workload's
 *   namespace; without the Gateway API label, a policy with targetRef(s) is ignored and one applies
 *   iff its selector is absent or its matchLabels ⊆ the workload labels; a Gateway API gateway uses
 *   targetRefs (kind Gateway, same namespace, its name) and falls back to selectors only with
 *   ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY (default true);
 * - waypoints: targetRefs only — Service / ServiceEntry in the namespace of a service the waypoint
 *   serves, the waypoint's own Gateway, or GatewayClass `istio-waypoint` from the root namespace;
 * - ztunnel (`ambient/authorization.go` convertAuthorizationPolicy, `workloads.go`
 *   buildWorkloadPolicies): targetRef policies are never sent; selector-less policies apply to their
 *   namespace (GLOBAL in the root namespace); selector policies apply to matching workloads of their
 *   namespace, or of every namespace when they live in the root namespace.
 */
import type { Diagnostic } from "@meshwright/core";
import { selectorMatches } from "../model/label-selector";
import { authzDiagnostic } from "./codes";
import type { Enforcer } from "./decision";
import { DEFAULT_ROOT_NAMESPACE } from "./options";
import { type AuthorizationPolicyObject, GATEWAY_NAME_LABEL } from "./policy-object";
import { type ReadPolicy, readAuthorizationPolicy, type TargetRefFields } from "./read-policy";

/** The workload whose inbound traffic is being authorized (for a waypoint or gateway: its proxy pod). */
export interface AuthzWorkload {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** A Gateway API gateway instance even without the `gateway.networking.k8s.io/gateway-name` label. */
  readonly isGatewayApiGateway?: boolean;
  /** The Gateway name when the label is absent. */
  readonly gatewayName?: string;
}

/** A service a waypoint serves (a targetRef of kind Service or ServiceEntry may name it). */
export interface WaypointServiceRef {
  readonly name: string;
  readonly namespace: string;
  readonly kind: "Service" | "ServiceEntry";
}

/** The waypoint side of an attachment question. */
export interface WaypointAttachment {
  /**
   * Services of the request being authorized. istiod builds one filter chain per service, with the
   * policies of that service only (`WithService`); pass several to get every policy on the waypoint.
   */
  readonly services: readonly WaypointServiceRef[];
}

/** Input of `policiesForWorkload`. */
export interface PoliciesForWorkloadInput {
  readonly policies: readonly AuthorizationPolicyObject[];
  readonly workload: AuthzWorkload;
  readonly enforcer: Enforcer;
  /** MeshConfig rootNamespace (default `istio-system`). */
  readonly rootNamespace?: string;
  readonly waypoint?: WaypointAttachment;
  /** `ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY` (default true). */
  readonly selectorBasedGatewayPolicy?: boolean;
}

/** Attached policies and what was noticed on the way. */
export interface PolicyAttachment {
  readonly policies: readonly AuthorizationPolicyObject[];
  readonly diagnostics: readonly Diagnostic[];
}

/** `gatewayClassName` of Istio waypoints (`constants.WaypointGatewayClassName`). */
export const WAYPOINT_GATEWAY_CLASS = "istio-waypoint";

const GATEWAY_API_GROUP = "gateway.networking.k8s.io";

/** `config.CanonicalGroup`: the core group is spelled "" or "core". */
function sameGroupKind(ref: TargetRefFields, group: string, kind: string): boolean {
  const canonical = (g: string) => (g === "" ? "core" : g);
  return canonical(ref.group) === canonical(group) && ref.kind === kind;
}

interface AttachContext {
  readonly workload: AuthzWorkload;
  readonly rootNamespace: string;
  readonly isWaypoint: boolean;
  readonly services: readonly WaypointServiceRef[];
  readonly selectorBasedGatewayPolicy: boolean;
}

function targetRefAttaches(
  policy: ReadPolicy,
  ref: TargetRefFields,
  c: AttachContext,
  gatewayName: string,
): boolean {
  if (c.isWaypoint) {
    const serviceKind = sameGroupKind(ref, "", "Service")
      ? "Service"
      : sameGroupKind(ref, "networking.istio.io", "ServiceEntry")
        ? "ServiceEntry"
        : null;
    if (
      serviceKind !== null &&
      c.services.some(
        (s) => s.kind === serviceKind && s.name === ref.name && s.namespace === policy.namespace,
      )
    ) {
      return true;
    }
    if (
      policy.namespace === c.rootNamespace &&
      sameGroupKind(ref, GATEWAY_API_GROUP, "GatewayClass") &&
      ref.name === WAYPOINT_GATEWAY_CLASS
    ) {
      return true;
    }
  }
  if (policy.namespace !== c.workload.namespace) return false;
  // A reference to another namespace is unsupported and never matches.
  if (ref.namespace !== "" && ref.namespace !== c.workload.namespace) return false;
  return sameGroupKind(ref, GATEWAY_API_GROUP, "Gateway") && ref.name === gatewayName;
}

/** `ShouldAttachPolicy` for Envoy-based enforcers. */
function attachesToEnvoy(policy: ReadPolicy, c: AttachContext): boolean {
  const labelName = c.workload.labels[GATEWAY_NAME_LABEL];
  const isGatewayApi = labelName !== undefined || c.workload.isGatewayApiGateway === true || c.isWaypoint;
  if (!isGatewayApi)
    return policy.targetRefs.length === 0 && selectorMatches(policy.selector, c.workload.labels);
  if (policy.targetRefs.length === 0) {
    // Waypoints never use selectors; other gateways only behind the feature flag.
    return (
      !c.isWaypoint && c.selectorBasedGatewayPolicy && selectorMatches(policy.selector, c.workload.labels)
    );
  }
  const gatewayName = labelName ?? c.workload.gatewayName ?? "";
  return policy.targetRefs.some((ref) => targetRefAttaches(policy, ref, c, gatewayName));
}

/** ztunnel scopes: NAMESPACE, GLOBAL, WORKLOAD_SELECTOR. */
function attachesToZtunnel(policy: ReadPolicy, c: AttachContext, diagnostics: Diagnostic[]): boolean {
  if (policy.targetRefs.length > 0) return false;
  const inRoot = policy.namespace === c.rootNamespace;
  if (policy.selector === null) return inRoot || policy.namespace === c.workload.namespace;
  if (Object.keys(policy.selector).length === 0) {
    // A selector without labels has a nil label selector, which buildWorkloadPolicies never attaches.
    diagnostics.push(authzDiagnostic("emptySelectorInAmbient", { path: `${policy.key}: $.spec.selector` }));
    return false;
  }
  return (
    (inRoot || policy.namespace === c.workload.namespace) &&
    selectorMatches(policy.selector, c.workload.labels)
  );
}

/** The namespaces whose policies can attach: the root namespace, the workload's, a waypoint's services'. */
export function attachmentNamespaces(
  workload: AuthzWorkload,
  rootNamespace: string,
  services: readonly WaypointServiceRef[],
): ReadonlySet<string> {
  return new Set([rootNamespace, workload.namespace, ...services.map((s) => s.namespace)]);
}

/** The policies that apply, with diagnostics (malformed policies are left out). */
export function attachPolicies(input: PoliciesForWorkloadInput): PolicyAttachment {
  const rootNamespace = input.rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
  const isWaypoint = input.enforcer === "waypoint";
  const services = isWaypoint ? (input.waypoint?.services ?? []) : [];
  const c: AttachContext = {
    workload: input.workload,
    rootNamespace,
    isWaypoint,
    services,
    selectorBasedGatewayPolicy: input.selectorBasedGatewayPolicy ?? true,
  };
  const namespaces = attachmentNamespaces(input.workload, rootNamespace, services);
  const diagnostics: Diagnostic[] = [];
  if (!Array.isArray(input.policies)) {
    return { policies: [], diagnostics: [authzDiagnostic("policiesNotAList", { path: "$.policies" })] };
  }
  const policies = input.policies.filter((object) => {
    const { policy, diagnostics: found } = readAuthorizationPolicy(object);
    // Malformed policies are reported here, the others by compileAuthorization.
    if (policy === null) diagnostics.push(...found);
    if (policy === null || !namespaces.has(policy.namespace)) return false;
    return input.enforcer === "ztunnel"
      ? attachesToZtunnel(policy, c, diagnostics)
      : attachesToEnvoy(policy, c);
  });
  return { policies, diagnostics };
}

/** The AuthorizationPolicies that apply to `workload` at `enforcer` (input order kept). */
export function policiesForWorkload(input: PoliciesForWorkloadInput): readonly AuthorizationPolicyObject[] {
  return attachPolicies(input).policies;
}
