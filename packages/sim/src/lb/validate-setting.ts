import type { Diagnostic } from "@meshwright/core";
import { lbDiagnostic } from "./codes";
import { normalizeLocalitySetting } from "./normalize-setting";
import type { LocalitySetting } from "./setting-types";

const TOPOLOGY_LABELS = new Set([
  "topology.kubernetes.io/region",
  "topology.kubernetes.io/zone",
  "topology.istio.io/subzone",
]);

/** Why a locality pattern is invalid (`validateLocalities` / `getLocalityParam`), or null. */
export function localityPatternProblem(pattern: string): string | null {
  const stars = pattern.split("*").length - 1;
  if (stars > 1 || (stars === 1 && !pattern.endsWith("*"))) return "at most one `*`, and only at the end";
  // SplitN(…, 3): the subzone keeps any further slashes, but no part may be empty.
  const first = pattern.indexOf("/");
  const second = first < 0 ? -1 : pattern.indexOf("/", first + 1);
  const parts =
    first < 0
      ? [pattern]
      : second < 0
        ? [pattern.slice(0, first), pattern.slice(first + 1)]
        : [pattern.slice(0, first), pattern.slice(first + 1, second), pattern.slice(second + 1)];
  if (parts.some((part) => part === "")) return "no empty region, zone or subzone";
  return null;
}

function validateDistribute(setting: LocalitySetting, path: string, out: Diagnostic[]): void {
  setting.distribute.forEach((rule, i) => {
    const at = `${path}.distribute[${i}]`;
    const fromProblem = localityPatternProblem(rule.from);
    if (fromProblem !== null) {
      out.push(
        lbDiagnostic("LB_LOCALITY_PATTERN_INVALID", {
          message: `${at}.from "${rule.from}": ${fromProblem}`,
          path: `${at}.from`,
          found: rule.from,
        }),
      );
    }
    let total = 0;
    for (const target of rule.to) {
      total += target.weight;
      if (!Number.isInteger(target.weight) || target.weight < 1 || target.weight > 100) {
        out.push(
          lbDiagnostic("LB_DISTRIBUTE_WEIGHT_RANGE", {
            message: `${at}.to["${target.locality}"] weight ${target.weight} is outside [1, 100]`,
            path: `${at}.to`,
            expected: "1..100",
            found: String(target.weight),
          }),
        );
      }
      const problem = localityPatternProblem(target.locality);
      if (problem !== null) {
        out.push(
          lbDiagnostic("LB_LOCALITY_PATTERN_INVALID", {
            message: `${at}.to locality "${target.locality}": ${problem}`,
            path: `${at}.to`,
            found: target.locality,
          }),
        );
      }
    }
    if (total !== 100) {
      out.push(
        lbDiagnostic("LB_DISTRIBUTE_WEIGHT_SUM", {
          message: `${at}.to weights add up to ${total}, not 100`,
          path: `${at}.to`,
          expected: "100",
          found: String(total),
        }),
      );
    }
  });
}

function validateFailover(setting: LocalitySetting, path: string, out: Diagnostic[]): void {
  setting.failover.forEach((rule, i) => {
    const at = `${path}.failover[${i}]`;
    if (rule.from === rule.to) {
      out.push(
        lbDiagnostic("LB_FAILOVER_SAME_REGION", {
          message: `${at} fails over from ${rule.from} to itself`,
          path: at,
          found: `${rule.from} → ${rule.to}`,
        }),
      );
    }
    if (`${rule.from}${rule.to}`.includes("/") || `${rule.from}${rule.to}`.includes("*")) {
      out.push(
        lbDiagnostic("LB_FAILOVER_NOT_REGION", {
          message: `${at} must name plain regions`,
          path: at,
          found: `${rule.from} → ${rule.to}`,
        }),
      );
    }
  });
}

/**
 * Checks a `localityLbSetting` the way istiod's admission webhook does (`ValidateLocalityLbSetting`,
 * istio-semantics §1.6 item 5 and §1.7): errors for what Istio rejects, a warning when failover is
 * configured without outlierDetection (it would do nothing), plus MW4500 for wrong types and MW4509
 * for overlapping `distribute.to` patterns. Never throws.
 */
export function validateLocalityLbSetting(
  raw: unknown,
  options: { readonly hasOutlierDetection: boolean; readonly path?: string },
): Diagnostic[] {
  const path = options.path ?? "$.spec.trafficPolicy.loadBalancer.localityLbSetting";
  const { setting, diagnostics } = normalizeLocalitySetting(raw, path);
  const out: Diagnostic[] = [...diagnostics];
  if (setting.distribute.length > 0 && setting.failover.length > 0) {
    out.push(
      lbDiagnostic("LB_DISTRIBUTE_WITH_FAILOVER", {
        message: `${path} sets both distribute and failover`,
        path,
      }),
    );
  }
  if (setting.failover.length > 0) {
    const topology = setting.failoverPriority.find((label) => TOPOLOGY_LABELS.has(label));
    if (topology !== undefined) {
      out.push(
        lbDiagnostic("LB_FAILOVER_WITH_TOPOLOGY_PRIORITY", {
          message: `${path} sets failover and topology label ${topology} in failoverPriority`,
          path: `${path}.failoverPriority`,
          found: topology,
        }),
      );
    }
  }
  validateDistribute(setting, path, out);
  validateFailover(setting, path, out);
  if ((setting.failover.length > 0 || setting.failoverPriority.length > 0) && !options.hasOutlierDetection) {
    out.push(
      lbDiagnostic("LB_FAILOVER_WITHOUT_OUTLIER_DETECTION", {
        message: `${path} configures failover but the DestinationRule has no outlierDetection: every locality stays at priority 0`,
        path,
      }),
    );
  }
  return out;
}
