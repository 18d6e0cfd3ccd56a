import type { ConsolidatedDestinationRule, TrafficPolicy } from "./destination-rule";

/** The client-side TLS a DestinationRule asks for (`ClientTLSSettings.mode`). */
export type DestinationTlsMode = "DISABLE" | "SIMPLE" | "MUTUAL" | "ISTIO_MUTUAL";

/** The policy fields a port-level setting may carry (`TrafficPolicy_PortTrafficPolicy`). */
const PORT_FIELDS = ["connectionPool", "loadBalancer", "outlierDetection", "tls"] as const;

/**
 * The traffic policy Envoy's cluster `outbound|<port>|<subset>|<host>` gets
 * (`endpoint_builder.go` getSubsetTrafficPolicy → `util.MergeSubsetTrafficPolicy`):
 * 1. the rule's policy, replaced by its `portLevelSettings` entry for this port if there is one —
 *    port-level settings do *not* inherit: fields they omit fall back to defaults (`GetPortLevelTrafficPolicy`);
 * 2. the subset's policy likewise;
 * 3. subset fields override rule fields; when the subset has a port-level entry, all four port-level
 *    fields (connectionPool, loadBalancer, outlierDetection, tls) are taken from it, even if unset
 *    (`MergeTrafficPolicy` with hasPortLevel).
 */
export function subsetTrafficPolicy(
  rule: Pick<ConsolidatedDestinationRule, "trafficPolicy" | "subsets">,
  subset: string | undefined,
  port: number,
): TrafficPolicy | undefined {
  const original = portLevel(rule.trafficPolicy, port).policy;
  const subsetPolicy =
    subset === undefined ? undefined : rule.subsets.find((s) => s.name === subset)?.trafficPolicy;
  if (subsetPolicy === undefined) return original;
  const { policy: fromSubset, portLevel: hasPortLevel } = portLevel(subsetPolicy, port);
  if (original === undefined) return fromSubset;
  const merged: Record<string, unknown> = shallowCopy(original);
  const subsetRecord = (fromSubset ?? {}) as Record<string, unknown>;
  for (const field of PORT_FIELDS) {
    if (subsetRecord[field] !== undefined || hasPortLevel) {
      if (subsetRecord[field] === undefined) delete merged[field];
      else merged[field] = subsetRecord[field];
    }
  }
  for (const field of ["tunnel", "proxyProtocol", "retryBudget"] as const) {
    if (subsetRecord[field] !== undefined) merged[field] = subsetRecord[field];
  }
  return merged as TrafficPolicy;
}

/** `GetPortLevelTrafficPolicy`: the port-level entry for `port` (only its four fields), else the policy. */
function portLevel(
  policy: TrafficPolicy | undefined,
  port: number,
): { policy: TrafficPolicy | undefined; portLevel: boolean } {
  if (policy === undefined) return { policy: undefined, portLevel: false };
  const entries =
    (policy as { portLevelSettings?: readonly Record<string, unknown>[] }).portLevelSettings ?? [];
  const entry = entries.find((e) => Number((e.port as { number?: unknown } | undefined)?.number) === port);
  if (entry === undefined) return { policy, portLevel: false };
  const out: Record<string, unknown> = {};
  for (const field of PORT_FIELDS) if (entry[field] !== undefined) out[field] = entry[field];
  return { policy: out as TrafficPolicy, portLevel: true };
}

/** `ShallowCopyTrafficPolicy`: every field except portLevelSettings. */
function shallowCopy(policy: TrafficPolicy): Record<string, unknown> {
  const { portLevelSettings: _dropped, ...rest } = policy as Record<string, unknown>;
  return { ...rest };
}

/** The client TLS settings of a policy, if it sets a mode. */
export function destinationTls(
  policy: TrafficPolicy | undefined,
):
  | { readonly mode: DestinationTlsMode; readonly sni?: string; readonly subjectAltNames?: readonly string[] }
  | undefined {
  const tls = (policy as { tls?: Record<string, unknown> } | undefined)?.tls;
  const mode = tls?.mode;
  if (mode !== "DISABLE" && mode !== "SIMPLE" && mode !== "MUTUAL" && mode !== "ISTIO_MUTUAL")
    return undefined;
  const sni = typeof tls?.sni === "string" ? tls.sni : undefined;
  const sans = Array.isArray(tls?.subjectAltNames)
    ? tls.subjectAltNames.filter((s): s is string => typeof s === "string")
    : undefined;
  return {
    mode,
    ...(sni !== undefined ? { sni } : {}),
    ...(sans !== undefined ? { subjectAltNames: sans } : {}),
  };
}
