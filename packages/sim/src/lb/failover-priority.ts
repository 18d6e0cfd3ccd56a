import type { IstioVersion } from "@meshwright/core";
import { compactPriorities } from "./compaction";
import { type LbEndpoint, type LocalityLbGroup, sumEndpointWeights } from "./locality-groups";

/** The network topology label: first in `failoverPriority`, it is "preferred, not required" in 1.31. */
export const NETWORK_LABEL = "topology.istio.io/network";

/** One parsed `failoverPriority` entry: a label, and the literal value for `key=value` entries. */
export interface FailoverPriorityLabel {
  readonly label: string;
  /** The literal value to compare with (the proxy's own label is then ignored). */
  readonly override: string | undefined;
}

/** The parsed entries and whether the 1.31 network-preferred rule applies to them. */
export interface ParsedFailoverPriority {
  readonly labels: readonly FailoverPriorityLabel[];
  /** 1.31+ and entry[0] is exactly `topology.istio.io/network` (`network=value` does not count). */
  readonly networkPreferred: boolean;
}

const parsedCache = new WeakMap<
  readonly string[],
  { v130: ParsedFailoverPriority; v131: ParsedFailoverPriority }
>();

/**
 * Parses `failoverPriority` entries (`priorityLabelOverrides`): `key` or `key=value`. Like istiod, an
 * override belongs to the label name, so it applies to every entry with that name, and an entry with
 * two `=` keeps only the name.
 */
export function parseFailoverPriority(
  entries: readonly string[],
  istioVersion: IstioVersion,
): ParsedFailoverPriority {
  let cached = parsedCache.get(entries);
  if (cached === undefined) {
    const overrides = new Map<string, string>();
    const names = entries.map((entry) => {
      const parts = entry.split("=");
      if (parts.length === 2) overrides.set(parts[0]!, parts[1]!);
      return parts[0]!;
    });
    const labels = names.map((label) => ({ label, override: overrides.get(label) }));
    cached = {
      v130: { labels, networkPreferred: false },
      v131: { labels, networkPreferred: entries[0] === NETWORK_LABEL },
    };
    parsedCache.set(entries, cached);
  }
  return istioVersion === "1.31" ? cached.v131 : cached.v130;
}

/**
 * The label priority of one endpoint for a proxy (`applyFailoverPriorityPerLocality`,
 * istio-semantics §1.6): with N entries, the first mismatch at index j gives N − j, all matching 0.
 * Compared value: the override, else the proxy's (topology-augmented) label; missing labels are "".
 * 1.31 network-preferred: a network mismatch does not stop the walk; the rest is ranked as usual
 * and N is added, so other networks come after every same-network tier but still ordered by region
 * and zone. 1.30: a network mismatch is simply priority N.
 */
export function endpointFailoverPriority(
  proxyLabels: Readonly<Record<string, string>>,
  endpointLabels: Readonly<Record<string, string>>,
  parsed: ParsedFailoverPriority,
): number {
  const { labels } = parsed;
  const n = labels.length;
  let adjust = 0;
  for (let j = 0; j < n; j++) {
    const { label, override } = labels[j]!;
    const wanted = override ?? proxyLabels[label] ?? "";
    if (wanted === (endpointLabels[label] ?? "")) continue;
    if (j === 0 && parsed.networkPreferred) {
      adjust = n;
      continue;
    }
    return n - j + adjust;
  }
  return adjust;
}

function splitGroup<E extends LbEndpoint>(
  group: LocalityLbGroup<E>,
  proxyLabels: Readonly<Record<string, string>>,
  parsed: ParsedFailoverPriority,
): LocalityLbGroup<E>[] {
  const byPriority = new Map<number, E[]>();
  for (const endpoint of group.endpoints) {
    const priority = endpointFailoverPriority(proxyLabels, endpoint.labels, parsed);
    const members = byPriority.get(priority);
    if (members) members.push(endpoint);
    else byPriority.set(priority, [endpoint]);
  }
  const priorities = [...byPriority.keys()].sort((a, b) => a - b);
  return priorities.map((priority) => {
    const endpoints = byPriority.get(priority)!;
    return { ...group, priority, weight: sumEndpointWeights(endpoints), endpoints };
  });
}

function hasLabels(labels: Readonly<Record<string, string>>): boolean {
  for (const _ in labels) return true;
  return false;
}

/**
 * Applies `failoverPriority` (`applyFailoverPriorities`): every locality group is split into one
 * group per distinct endpoint priority (weight = Σ its endpoint weights), then priorities are
 * compacted across all groups. A proxy without labels leaves the groups untouched, as in istiod.
 */
export function applyFailoverPriorities<E extends LbEndpoint>(
  groups: readonly LocalityLbGroup<E>[],
  proxyLabels: Readonly<Record<string, string>>,
  entries: readonly string[],
  istioVersion: IstioVersion,
): LocalityLbGroup<E>[] {
  if (!hasLabels(proxyLabels) || groups.length === 0) return [...groups];
  const parsed = parseFailoverPriority(entries, istioVersion);
  const split = groups.flatMap((group) => splitGroup(group, proxyLabels, parsed));
  const compacted = compactPriorities(split.map((group) => group.priority));
  return split.map((group, i) =>
    group.priority === compacted[i] ? group : { ...group, priority: compacted[i]! },
  );
}
