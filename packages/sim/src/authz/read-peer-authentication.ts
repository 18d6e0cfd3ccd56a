/**
 * Reads PeerAuthentication objects into one plain shape for the sidecar composition and the ztunnel
 * conversion. Unknown modes read as UNSET and non-numeric port keys are dropped, each with a
 * diagnostic; nothing throws.
 */
import { type Diagnostic, getOrCreate } from "@meshwright/core";
import { authzDiagnostic } from "./codes";
import { type MtlsModeSpec, type PeerAuthenticationObject, policyKeyOf } from "./policy-object";

/** A PeerAuthentication, read. */
export interface ReadPeerAuthentication {
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  readonly creationTimestamp: string;
  /** null = no `selector`; otherwise its matchLabels (possibly empty). */
  readonly selector: Readonly<Record<string, string>> | null;
  readonly mode: MtlsModeSpec;
  /** `portLevelMtls` by workload port; null when absent. */
  readonly portLevel: ReadonlyMap<number, MtlsModeSpec> | null;
}

const MODES: ReadonlySet<string> = new Set(["UNSET", "DISABLE", "PERMISSIVE", "STRICT"]);

function modeOf(value: unknown, path: string, out: Diagnostic[]): MtlsModeSpec {
  if (value === undefined || value === null) return "UNSET";
  if (typeof value === "string" && MODES.has(value)) return value as MtlsModeSpec;
  out.push(
    authzDiagnostic("invalidPeerAuthenticationMode", {
      path,
      expected: "UNSET, DISABLE, PERMISSIVE or STRICT",
      found: JSON.stringify(value),
    }),
  );
  return "UNSET";
}

function recordOf(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** One PeerAuthentication read, with what was wrong in it. */
export interface PeerAuthenticationRead {
  readonly policy: ReadPeerAuthentication;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads one PeerAuthentication. The read of a frozen object is kept per object: a loaded mesh's
 * objects are deep-frozen, and every workload's and every port's effective mode reads its
 * cluster's policies again. A caller's own object may change between calls, so it is read anew.
 */
export function readPeerAuthentication(object: PeerAuthenticationObject): PeerAuthenticationRead {
  return typeof object === "object" && object !== null && Object.isFrozen(object)
    ? getOrCreate(READS, object, readOnce)
    : readOnce(object);
}

const READS = new WeakMap<PeerAuthenticationObject, PeerAuthenticationRead>();

function readOnce(object: PeerAuthenticationObject): PeerAuthenticationRead {
  const diagnostics: Diagnostic[] = [];
  const name = typeof object?.metadata?.name === "string" ? object.metadata.name : "";
  const namespace = typeof object?.metadata?.namespace === "string" ? object.metadata.namespace : "default";
  const key = policyKeyOf(namespace, name);
  const spec = recordOf(object?.spec) ?? {};
  const selectorSpec = recordOf(spec.selector);
  const labels = recordOf(selectorSpec?.matchLabels) ?? {};
  const selector =
    selectorSpec === null
      ? null
      : Object.fromEntries(
          Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === "string"),
        );
  const mode = modeOf(recordOf(spec.mtls)?.mode, `${key}: $.spec.mtls.mode`, diagnostics);
  const portSpec = recordOf(spec.portLevelMtls);
  let portLevel: Map<number, MtlsModeSpec> | null = null;
  if (portSpec !== null) {
    portLevel = new Map();
    for (const [portKey, entry] of Object.entries(portSpec)) {
      const path = `${key}: $.spec.portLevelMtls["${portKey}"]`;
      const port = /^[0-9]+$/.test(portKey) ? Number(portKey) : Number.NaN;
      if (!(port >= 1 && port <= 65535)) {
        diagnostics.push(
          authzDiagnostic("invalidPeerAuthenticationPort", { path, found: JSON.stringify(portKey) }),
        );
        continue;
      }
      portLevel.set(port, modeOf(recordOf(entry)?.mode, `${path}.mode`, diagnostics));
    }
    if (selector === null || Object.keys(selector).length === 0) {
      diagnostics.push(
        authzDiagnostic("portLevelMtlsWithoutSelector", { path: `${key}: $.spec.portLevelMtls` }),
      );
    }
  }
  const creationTimestamp =
    typeof object?.metadata?.creationTimestamp === "string" ? object.metadata.creationTimestamp : "";
  return { policy: { key, name, namespace, creationTimestamp, selector, mode, portLevel }, diagnostics };
}

/** True when the policy has no selector or an empty one (mesh- or namespace-level for the sidecar composition). */
export function isScopeWide(policy: ReadPeerAuthentication): boolean {
  return policy.selector === null || Object.keys(policy.selector).length === 0;
}
