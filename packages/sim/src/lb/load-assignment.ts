import type { IstioVersion } from "@meshwright/core";
import type { ProxyView } from "../model/proxy";
import { applyLocalityWeights } from "./distribute";
import type { EffectiveLbSetting } from "./effective-setting";
import { explain, SOURCES, type StepSink } from "./explanation";
import type { FailoverDecision } from "./failover-gate";
import { applyFailoverPriorities } from "./failover-priority";
import { applyLocalityFailover } from "./locality-failover";
import type { LbEndpoint, LocalityLbGroup } from "./locality-groups";
import { applyZoneAwareRegionalFailover } from "./zone-aware";

/** What `applyLocalityLoadBalancer` reads. */
export interface LoadAssignmentInput<E extends LbEndpoint = LbEndpoint> {
  /** The proxy's EDS groups before locality LB (`localityLbGroups`, after the split-horizon filter). */
  readonly groups: readonly LocalityLbGroup<E>[];
  readonly setting: EffectiveLbSetting;
  readonly failover: FailoverDecision;
  readonly proxy: Pick<ProxyView, "locality" | "labels">;
  readonly istioVersion: IstioVersion;
  /** Explanation steps are appended here when given. */
  readonly steps?: StepSink;
}

/** `P0 r/z/s ×2 w2, P1 …`: the groups as one line, for explanations. */
export function describeGroups(groups: readonly LocalityLbGroup[]): string {
  if (groups.length === 0) return "no groups";
  return groups
    .map((group) => `P${group.priority} ${group.localityKey} ×${group.endpoints.length} w${group.weight}`)
    .join(", ");
}

function distribute<E extends LbEndpoint>(
  input: LoadAssignmentInput<E>,
  steps: StepSink,
): LocalityLbGroup<E>[] {
  const rules = input.setting.kind === "locality" ? input.setting.setting.distribute : [];
  const result = applyLocalityWeights(input.groups, input.proxy.locality, rules);
  explain(steps, "distribute", SOURCES.distribute, () => {
    if (result.rule === undefined) {
      return "distribute: no rule's `from` matches the proxy locality; group weights unchanged";
    }
    const claims = result.claims
      .map((claim) => `${claim.target.locality}=${claim.target.weight} → [${claim.localities.join(", ")}]`)
      .join("; ");
    const removed =
      result.removed.length > 0 ? `; unmatched localities get 0 traffic: ${result.removed.join(", ")}` : "";
    return `distribute: first matching from "${result.rule.from}" wins; ${claims} (ceil rounding)${removed}`;
  });
  return result.groups;
}

/**
 * Applies the effective locality LB setting to a proxy's EDS groups (`ApplyLocalityLoadBalancer` /
 * `ApplyZoneAwareLoadBalancer`, istio-semantics §1.4–§1.9), taking the branch the failover gate chose.
 * Returns the groups istiod would send to this proxy.
 */
export function applyLocalityLoadBalancer<E extends LbEndpoint>(
  input: LoadAssignmentInput<E>,
): LocalityLbGroup<E>[] {
  const steps = input.steps ?? null;
  const { setting, failover, proxy, istioVersion } = input;
  let groups: LocalityLbGroup<E>[];
  switch (failover.branch) {
    case "none":
      return [...input.groups];
    case "distribute":
      return distribute(input, steps);
    case "failover-priority":
    case "failover-priority+failover":
    case "locality-failover": {
      const local = setting.kind === "locality" ? setting.setting : undefined;
      groups = [...input.groups];
      if (failover.branch !== "locality-failover" && local !== undefined) {
        groups = applyFailoverPriorities(groups, proxy.labels, local.failoverPriority, istioVersion);
        explain(steps, "failover-priority", SOURCES.failoverPriority, () =>
          labelStepMessage(local.failoverPriority, istioVersion, groups),
        );
      }
      if (failover.branch !== "failover-priority") {
        const rules = local?.failover ?? [];
        groups = applyLocalityFailover(groups, proxy.locality, rules);
        explain(steps, "locality-failover", SOURCES.localityFailover, () => {
          const how =
            failover.branch === "locality-failover"
              ? "tiers by region/zone/subzone vs the proxy"
              : "label priority × 5 + locality tier";
          const withRules =
            rules.length > 0 ? ` with failover ${rules.map((r) => `${r.from}→${r.to}`).join(", ")}` : "";
          return `locality failover${withRules}: ${how}, compacted to ${describeGroups(groups)}`;
        });
      }
      return groups;
    }
    case "zone-aware": {
      const zoneAware = setting.kind === "zone-aware" ? setting.setting : undefined;
      groups = [...input.groups];
      if (zoneAware !== undefined && zoneAware.failoverPriority.length > 0) {
        groups = applyFailoverPriorities(groups, proxy.labels, zoneAware.failoverPriority, istioVersion);
        explain(steps, "failover-priority", SOURCES.failoverPriority, () =>
          labelStepMessage(zoneAware.failoverPriority, istioVersion, groups),
        );
      }
      groups = applyZoneAwareRegionalFailover(groups, proxy.locality, zoneAware?.failover ?? []);
      explain(
        steps,
        "zone-aware",
        SOURCES.zoneAware,
        () => `zone-aware region buckets, compacted: ${describeGroups(groups)}`,
      );
      return groups;
    }
  }
}

function labelStepMessage(
  entries: readonly string[],
  istioVersion: IstioVersion,
  groups: readonly LocalityLbGroup[],
): string {
  const network =
    entries[0] === "topology.istio.io/network"
      ? istioVersion === "1.31"
        ? " (1.31: network preferred, not required)"
        : " (1.30: other networks collapse into the lowest tier)"
      : "";
  return `failoverPriority [${entries.join(", ")}]${network}: groups split per endpoint priority, compacted: ${describeGroups(groups)}`;
}
