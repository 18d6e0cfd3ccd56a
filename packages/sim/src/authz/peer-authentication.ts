/**
 * The effective PeerAuthentication of a workload port (istio-semantics §2.8,
 * `pilot/pkg/security/authn/policy_applier.go` ComposePeerAuthentication and
 * `pilot/pkg/model/authentication.go` getConfigsForWorkload):
 * - candidates: policies of the workload namespace and the root namespace whose selector is absent
 *   or ⊆ the workload labels;
 * - scopes: root-namespace policy without selector (or with empty matchLabels) = mesh; workload-namespace
 *   one = namespace; workload-namespace policy with labels = workload. A root-namespace policy with a
 *   non-empty selector is ignored. In each scope the oldest wins (creation time, then name);
 * - start PERMISSIVE, then apply mesh, namespace, workload, each skipping UNSET;
 * - `portLevelMtls` of the workload policy (keys are workload ports): an UNSET entry inherits the
 *   workload-level result.
 * And whether an inbound connection is accepted under the mode (§2.8, ambient §2.9).
 */
import { type Diagnostic, getOrCreate } from "@meshwright/core";
import { compareByCreation } from "../model/config-order";
import { selectorMatches } from "../model/label-selector";
import { DEFAULT_ROOT_NAMESPACE } from "./options";
import type { MtlsModeSpec, PeerAuthenticationObject } from "./policy-object";
import { isScopeWide, type ReadPeerAuthentication, readPeerAuthentication } from "./read-peer-authentication";

/** An effective mTLS mode. */
export type MtlsMode = "STRICT" | "PERMISSIVE" | "DISABLE";

/** Where a mode comes from. */
export type PeerAuthenticationScope = "default" | "mesh" | "namespace" | "workload" | "port";

/** The policy selected for one scope (UNSET ones included: they are why a mode was inherited). */
export interface PeerAuthenticationLayer {
  readonly scope: Exclude<PeerAuthenticationScope, "default">;
  readonly policy: string;
  readonly mode: MtlsModeSpec;
  readonly port?: number;
}

/** The effective mode and where it came from. */
export interface EffectivePeerAuthentication {
  readonly mode: MtlsMode;
  readonly source: {
    readonly scope: PeerAuthenticationScope;
    /** `ns/name` of the deciding policy (absent for the built-in PERMISSIVE default). */
    readonly policy?: string;
    readonly port?: number;
  };
  /** The selected policy of each scope, mesh first. */
  readonly layers: readonly PeerAuthenticationLayer[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Input of `effectivePeerAuthentication`. */
export interface EffectivePeerAuthenticationInput {
  readonly policies: readonly PeerAuthenticationObject[];
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The workload port receiving the connection; without it, port-level settings are not applied. */
  readonly port?: number;
  /** MeshConfig rootNamespace (default `istio-system`). */
  readonly rootNamespace?: string;
}

/** The three candidate scopes of one workload, each the oldest policy of its scope. */
export interface PeerAuthenticationScopes {
  readonly mesh: ReadPeerAuthentication | null;
  readonly namespace: ReadPeerAuthentication | null;
  readonly workload: ReadPeerAuthentication | null;
  readonly diagnostics: readonly Diagnostic[];
}

/** Reads the candidates and picks the oldest policy per scope (`ComposePeerAuthentication`'s first loop). */
export function peerAuthenticationScopes(input: EffectivePeerAuthenticationInput): PeerAuthenticationScopes {
  const rootNamespace = input.rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
  const diagnostics: Diagnostic[] = [];
  const candidates = namespaceCandidates(input.policies, input.namespace, rootNamespace)
    .filter(({ read }) => selectorMatches(read.selector, input.labels))
    .map(({ read, diagnostics: found }) => {
      diagnostics.push(...found);
      return read;
    })
    .sort(compareByCreation);
  const first = (test: (p: ReadPeerAuthentication) => boolean) => candidates.find(test) ?? null;
  return {
    mesh: first((p) => isScopeWide(p) && p.namespace === rootNamespace),
    namespace: first((p) => isScopeWide(p) && p.namespace !== rootNamespace),
    workload: first((p) => !isScopeWide(p) && p.namespace !== rootNamespace),
    diagnostics,
  };
}

/** One policy as read, with its position in the input (ties in creation time keep input order). */
interface ReadCandidate {
  readonly index: number;
  readonly read: ReadPeerAuthentication;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The policies of the workload's namespace and the root namespace, in input order. A frozen
 * array's policies are read and bucketed by namespace once (`authorize` hands over its cluster's
 * frozen list per server and port: reading every policy of the cluster each time was most of that
 * question's cost); a caller's mutable array is read afresh, as `readPeerAuthentication` does.
 */
function namespaceCandidates(
  policies: readonly PeerAuthenticationObject[],
  namespace: string,
  rootNamespace: string,
): readonly ReadCandidate[] {
  if (!Array.isArray(policies)) return [];
  const byNamespace = Object.isFrozen(policies)
    ? getOrCreate(BY_NAMESPACE, policies, bucketByNamespace)
    : bucketByNamespace(policies);
  const own = byNamespace.get(namespace) ?? [];
  const root = namespace === rootNamespace ? [] : (byNamespace.get(rootNamespace) ?? []);
  if (root.length === 0 || own.length === 0) return own.length === 0 ? root : own;
  return [...own, ...root].sort((a, b) => a.index - b.index);
}

function bucketByNamespace(policies: readonly PeerAuthenticationObject[]): Map<string, ReadCandidate[]> {
  const buckets = new Map<string, ReadCandidate[]>();
  policies.forEach((object, index) => {
    const { policy: read, diagnostics } = readPeerAuthentication(object);
    getOrCreate(buckets, read.namespace, () => []).push({ index, read, diagnostics });
  });
  return buckets;
}

const BY_NAMESPACE = new WeakMap<readonly PeerAuthenticationObject[], Map<string, ReadCandidate[]>>();

/** The effective mode for a workload (and port). */
export function effectivePeerAuthentication(
  input: EffectivePeerAuthenticationInput,
): EffectivePeerAuthentication {
  const scopes = peerAuthenticationScopes(input);
  let mode: MtlsMode = "PERMISSIVE";
  let source: EffectivePeerAuthentication["source"] = { scope: "default" };
  const layers: PeerAuthenticationLayer[] = [];
  for (const scope of ["mesh", "namespace", "workload"] as const) {
    const policy = scopes[scope];
    if (policy === null) continue;
    layers.push({ scope, policy: policy.key, mode: policy.mode });
    if (policy.mode !== "UNSET") {
      mode = policy.mode;
      source = { scope, policy: policy.key };
    }
  }
  const portMode = input.port === undefined ? undefined : scopes.workload?.portLevel?.get(input.port);
  if (scopes.workload !== null && input.port !== undefined && portMode !== undefined) {
    layers.push({ scope: "port", policy: scopes.workload.key, mode: portMode, port: input.port });
    if (portMode !== "UNSET") {
      mode = portMode;
      source = { scope: "port", policy: scopes.workload.key, port: input.port };
    }
  }
  return { mode, source, layers, diagnostics: scopes.diagnostics };
}

/** Whether a server-side proxy accepts a connection. */
export interface InboundAcceptance {
  readonly accepted: boolean;
  readonly reason: string;
  /** What the client observes when refused. */
  readonly symptom?: string;
}

/**
 * Sidecars: STRICT accepts only Istio mTLS, DISABLE only plaintext, PERMISSIVE both (the inbound
 * listener's filter chains). ztunnel: STRICT rejects plaintext through a synthetic DENY policy;
 * DISABLE is unsupported in ambient and behaves like PERMISSIVE (peers always speak HBONE mTLS).
 */
export function inboundAccepts(input: {
  readonly mode: MtlsMode;
  readonly mtls: boolean;
  readonly enforcer?: "sidecar" | "ztunnel";
}): InboundAcceptance {
  const { mode, mtls } = input;
  if (mode === "STRICT" && !mtls) {
    return {
      accepted: false,
      reason: "PeerAuthentication STRICT: plaintext connections are rejected",
      symptom: "connection reset (the inbound listener only accepts mTLS)",
    };
  }
  if (mode === "DISABLE" && mtls && input.enforcer !== "ztunnel") {
    return {
      accepted: false,
      reason:
        "PeerAuthentication DISABLE: the inbound listener is plaintext, so the client's mTLS handshake fails",
      symptom: "503 upstream connect error (TLS handshake fails against a plaintext listener)",
    };
  }
  const kind = mtls ? "mTLS" : "plaintext";
  return {
    accepted: true,
    reason: `PeerAuthentication ${mode}${input.enforcer === "ztunnel" && mode === "DISABLE" ? " (unsupported in ambient)" : ""}: ${kind} accepted`,
  };
}
