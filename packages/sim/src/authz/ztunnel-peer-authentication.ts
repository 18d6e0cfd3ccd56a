/**
 * PeerAuthentication in ambient (istio-semantics §2.9): ztunnel never sees PeerAuthentication;
 * istiod turns the workload's effective policy into DENY authorizations
 * (`pilot/pkg/serviceregistry/ambient/authorization.go` convertedSelectorPeerAuthentications,
 * convertPeerAuthentication; `policies.go` DefaultPolicy; `workloads.go` fetchPeerAuthentications):
 * - effectively STRICT → the static `istio_converted_static_strict` policy (DENY if the peer has no
 *   principal);
 * - a workload policy with portLevelMtls exceptions → `converted_peer_authentication_<name>`
 *   (per-port DENY groups, or the STRICT rule with `notDestinationPorts` exemptions).
 * The results are expressed as AuthorizationPolicy objects whose `when` clauses convert for ztunnel to
 * exactly istiod's groups (`source.principal` notValues `*` = notPrincipals presence; one clause per
 * condition, so repeated port exemptions AND like istiod's separate rules). They are computed for one
 * workload: pass them to `compileAuthorization` (enforcer ztunnel) next to the attached policies.
 * The conversion is mirrored as written, quirks included (e.g. a DISABLE port under an inherited STRICT
 * mode keeps the static STRICT policy; Go operator precedence in the STRICT-port skip test).
 */
import { type Diagnostic, deepFreeze, getOrCreate } from "@meshwright/core";
import { compareByCreation } from "../model/config-order";
import { selectorMatches } from "../model/label-selector";
import { DEFAULT_ROOT_NAMESPACE } from "./options";
import type { AuthorizationPolicyObject, MtlsModeSpec, PeerAuthenticationObject } from "./policy-object";
import { isScopeWide, type ReadPeerAuthentication, readPeerAuthentication } from "./read-peer-authentication";

/** `staticStrictPolicyName`: `_` keeps it from clashing with Kubernetes names. */
export const STATIC_STRICT_POLICY_NAME = "istio_converted_static_strict";

/** `convertedPeerAuthenticationPrefix` (`model.GetAmbientPolicyConfigName`). */
export const CONVERTED_PEER_AUTHENTICATION_PREFIX = "converted_peer_authentication_";

/** Annotation marking a synthetic policy and the PeerAuthentication it came from. */
export const SYNTHETIC_FROM_ANNOTATION = "meshwright.dev/synthesized-from";

/** Input of `ztunnelPeerAuthenticationPolicies`. */
export interface ZtunnelPeerAuthenticationInput {
  readonly policies: readonly PeerAuthenticationObject[];
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly rootNamespace?: string;
}

type Condition = { readonly key: string; readonly values?: string[]; readonly notValues?: string[] };
/** One ztunnel rule group as a list of clauses. */
type Group = readonly Condition[];

const NO_PRINCIPAL: Condition = { key: "source.principal", notValues: ["*"] };

const strict = (m: MtlsModeSpec | undefined) => m === "STRICT";
const unset = (m: MtlsModeSpec | undefined) => m === undefined || m === "UNSET";
const loose = (m: MtlsModeSpec | undefined) => m === "PERMISSIVE" || m === "DISABLE";

function syntheticPolicy(
  namespace: string,
  name: string,
  from: string,
  groups: readonly Group[],
): AuthorizationPolicyObject {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: { name, namespace, annotations: { [SYNTHETIC_FROM_ANNOTATION]: from } },
    spec: { action: "DENY", rules: groups.map((when) => ({ when: when.map((c) => ({ ...c })) })) },
  };
}

const staticStrictPolicies = new Map<string, AuthorizationPolicyObject>();

/**
 * istiod's one static STRICT policy of a root namespace, one object for every workload: it is the
 * same for all, and compilations are shared by the policy objects they hold. Frozen, since every
 * caller of `ztunnelPeerAuthenticationPolicies` receives this same object.
 */
function staticStrictPolicy(rootNamespace: string): AuthorizationPolicyObject {
  return getOrCreate(staticStrictPolicies, rootNamespace, () =>
    deepFreeze(
      syntheticPolicy(rootNamespace, STATIC_STRICT_POLICY_NAME, "PeerAuthentication STRICT", [
        [NO_PRINCIPAL],
      ]),
    ),
  );
}

function oldest(list: readonly ReadPeerAuthentication[]): ReadPeerAuthentication | null {
  return [...list].sort(compareByCreation)[0] ?? null;
}

/** `convertPeerAuthentication` for the workload's policy; null when istiod sends nothing. */
function convertWorkloadPolicy(
  cfg: ReadPeerAuthentication,
  nsCfg: ReadPeerAuthentication | null,
  rootCfg: ReadPeerAuthentication | null,
  rootNamespace: string,
): AuthorizationPolicyObject | null {
  const mode = cfg.mode;
  if (
    cfg.namespace === rootNamespace ||
    cfg.selector === null ||
    cfg.portLevel === null ||
    cfg.portLevel.size === 0
  ) {
    return null;
  }
  const rules: Condition[][] = [];
  const groups: Group[] = [];
  if (strict(mode)) rules.push([NO_PRINCIPAL]);
  let foundNonStrictPort = false;
  for (const [port, portMode] of [...cfg.portLevel].sort((a, b) => a[0] - b[0])) {
    if (strict(portMode)) {
      // As written in Go: `#1 || ((UNSET && nsStrict) || #3)` — && binds tighter than ||.
      const parentStrict =
        strict(mode) ||
        (unset(mode) && nsCfg !== null && strict(nsCfg.mode)) ||
        ((nsCfg === null || unset(nsCfg.mode)) && rootCfg !== null && strict(rootCfg.mode));
      if (parentStrict) continue;
      groups.push([{ key: "destination.port", values: [String(port)] }, NO_PRINCIPAL]);
    } else if (loose(portMode)) {
      if (loose(mode)) continue;
      const parentNotStrict =
        (nsCfg !== null && !strict(nsCfg.mode)) ||
        (nsCfg === null && rootCfg !== null && !strict(rootCfg.mode)) ||
        (nsCfg === null && rootCfg === null);
      if (unset(mode) && parentNotStrict) continue;
      foundNonStrictPort = true;
      rules.push([{ key: "destination.port", notValues: [String(port)] }]);
    }
  }
  if (strict(mode) && !foundNonStrictPort) return null;
  if (rules.length === 0 && groups.length === 0) return null;
  const mergeStrict =
    (rootCfg !== null &&
      strict(rootCfg.mode) &&
      (nsCfg === null || unset(nsCfg.mode) || strict(nsCfg.mode))) ||
    (nsCfg !== null && strict(nsCfg.mode));
  if (mergeStrict && foundNonStrictPort) rules.push([NO_PRINCIPAL]);
  if (rules.length > 0) groups.push(rules.flat());
  return syntheticPolicy(
    cfg.namespace,
    CONVERTED_PEER_AUTHENTICATION_PREFIX + cfg.name,
    `PeerAuthentication ${cfg.key}`,
    groups,
  );
}

/** What `convertedSelectorPeerAuthentications` decides for the workload's policy list. */
function effectiveKeys(
  mesh: ReadPeerAuthentication | null,
  namespace: ReadPeerAuthentication | null,
  workload: ReadPeerAuthentication | null,
): { readonly staticStrict: boolean; readonly portLevel: boolean } {
  let effectiveStrict = mesh !== null && strict(mesh.mode);
  if (namespace !== null && !unset(namespace.mode)) effectiveStrict = strict(namespace.mode);
  if (workload === null) return { staticStrict: effectiveStrict, portLevel: false };
  if (strict(workload.mode)) effectiveStrict = true;
  if (loose(workload.mode)) effectiveStrict = false;
  const ports = workload.portLevel === null ? [] : [...workload.portLevel.values()];
  let portLevel = false;
  if (workload.portLevel !== null) {
    if (strict(workload.mode)) {
      if (ports.some(loose)) {
        portLevel = true;
        effectiveStrict = false;
      }
    } else if (loose(workload.mode)) {
      portLevel = ports.some(strict);
    } else if (effectiveStrict) {
      // Only PERMISSIVE counts here (not DISABLE), as written.
      if (ports.some((m) => m === "PERMISSIVE")) {
        portLevel = true;
        effectiveStrict = false;
      }
    } else {
      effectiveStrict = false;
      portLevel = ports.some(strict);
    }
  }
  return { staticStrict: effectiveStrict, portLevel };
}

/** The synthetic ztunnel DENY policies derived from PeerAuthentication for one workload. */
export function ztunnelPeerAuthenticationPolicies(input: ZtunnelPeerAuthenticationInput): {
  readonly policies: readonly AuthorizationPolicyObject[];
  readonly diagnostics: readonly Diagnostic[];
} {
  const rootNamespace = input.rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
  const diagnostics: Diagnostic[] = [];
  const all = (Array.isArray(input.policies) ? input.policies : []).map((object) => {
    const read = readPeerAuthentication(object);
    diagnostics.push(...read.diagnostics);
    return read.policy;
  });
  // fetchPeerAuthentications: own namespace (no selector, or a matching one) + root namespace without selector.
  const fetched = all
    .filter(
      (p) =>
        (p.namespace === input.namespace && selectorMatches(p.selector, input.labels)) ||
        (p.namespace === rootNamespace && p.namespace !== input.namespace && p.selector === null),
    )
    .sort(compareByCreation);
  const first = (test: (p: ReadPeerAuthentication) => boolean) => fetched.find(test) ?? null;
  const mesh = first((p) => isScopeWide(p) && p.namespace === rootNamespace);
  const namespace = first((p) => isScopeWide(p) && p.namespace !== rootNamespace);
  const workload = first((p) => !isScopeWide(p) && p.namespace !== rootNamespace);
  const keys = effectiveKeys(mesh, namespace, workload);
  const policies: AuthorizationPolicyObject[] = [];
  if (keys.staticStrict && all.length > 0) policies.push(staticStrictPolicy(rootNamespace));
  if (keys.portLevel && workload !== null) {
    // PeerAuthByNamespace indexes only policies without any selector.
    const nsCfg = oldest(all.filter((p) => p.namespace === workload.namespace && p.selector === null));
    const rootCfg = oldest(all.filter((p) => p.namespace === rootNamespace && p.selector === null));
    const converted = convertWorkloadPolicy(workload, nsCfg, rootCfg, rootNamespace);
    if (converted !== null) policies.push(converted);
  }
  return { policies, diagnostics };
}
