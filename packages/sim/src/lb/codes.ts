import { catalogueDiagnostic, type Diagnostic, type DiagnosticCode, type Severity } from "@meshwright/core";

/**
 * The catalogue of locality load-balancing diagnostics (MW4500–MW4599). The errors mirror istiod's
 * admission rules for `localityLbSetting` (`pkg/config/validation/agent/validation.go`
 * `ValidateLocalityLbSetting`); the warnings flag settings that Istio accepts but that do not do what
 * they seem to. Codes are stable: never renumber, only add.
 */
export interface LbCodeEntry {
  readonly code: DiagnosticCode;
  readonly name: string;
  readonly severity: Severity;
  /** One line: how to fix it. */
  readonly fix: string;
  readonly related?: string;
}

/** Every locality-LB code, by name. */
export const LB_CODES = {
  LB_SETTING_MALFORMED: {
    code: "MW4500",
    name: "LB_SETTING_MALFORMED",
    severity: "error",
    fix: "Correct the field to the type the DestinationRule CRD declares for localityLbSetting / zoneAwareLbSetting.",
  },
  LB_DISTRIBUTE_WITH_FAILOVER: {
    code: "MW4501",
    name: "LB_DISTRIBUTE_WITH_FAILOVER",
    severity: "error",
    fix: "Keep either `distribute` or `failover` in one localityLbSetting, not both.",
  },
  LB_FAILOVER_WITH_TOPOLOGY_PRIORITY: {
    code: "MW4502",
    name: "LB_FAILOVER_WITH_TOPOLOGY_PRIORITY",
    severity: "error",
    fix: "Drop region/zone/subzone labels from failoverPriority when `failover` is set (the locality tiers already order them).",
  },
  LB_DISTRIBUTE_WEIGHT_RANGE: {
    code: "MW4503",
    name: "LB_DISTRIBUTE_WEIGHT_RANGE",
    severity: "error",
    fix: "Give every `distribute.to` locality a whole weight between 1 and 100.",
  },
  LB_DISTRIBUTE_WEIGHT_SUM: {
    code: "MW4504",
    name: "LB_DISTRIBUTE_WEIGHT_SUM",
    severity: "error",
    fix: "Make the weights of each `distribute.to` map add up to exactly 100.",
  },
  LB_LOCALITY_PATTERN_INVALID: {
    code: "MW4505",
    name: "LB_LOCALITY_PATTERN_INVALID",
    severity: "error",
    fix: "Write localities as `region[/zone[/subzone]]` with no empty part and at most one `*`, at the end.",
  },
  LB_FAILOVER_SAME_REGION: {
    code: "MW4506",
    name: "LB_FAILOVER_SAME_REGION",
    severity: "error",
    fix: "Point each failover rule `from` one region `to` a different region.",
  },
  LB_FAILOVER_NOT_REGION: {
    code: "MW4507",
    name: "LB_FAILOVER_NOT_REGION",
    severity: "error",
    fix: "Name plain regions in failover `from`/`to`: no `/` and no `*`.",
  },
  LB_FAILOVER_WITHOUT_OUTLIER_DETECTION: {
    code: "MW4508",
    name: "LB_FAILOVER_WITHOUT_OUTLIER_DETECTION",
    severity: "warning",
    fix: "Add trafficPolicy.outlierDetection to the DestinationRule: without it istiod applies no failover priorities.",
  },
  LB_DISTRIBUTE_OVERLAP: {
    code: "MW4509",
    name: "LB_DISTRIBUTE_OVERLAP",
    severity: "warning",
    fix: "Make the `distribute.to` localities disjoint: istiod iterates the map in random order, so overlapping keys give a different split on every push.",
  },
  LB_ZONE_AWARE_UNSUPPORTED: {
    code: "MW4510",
    name: "LB_ZONE_AWARE_UNSUPPORTED",
    severity: "warning",
    fix: "zoneAwareLbSetting exists from Istio 1.31: upgrade, or use localityLbSetting.",
  },
} as const satisfies Record<string, LbCodeEntry>;

/** A locality-LB code's name. */
export type LbCodeName = keyof typeof LB_CODES;

/** What a diagnostic of a catalogued code needs besides the code itself. */
export interface LbDiagnosticDetails {
  readonly message: string;
  readonly path?: string;
  readonly expected?: string;
  readonly found?: string;
  /** Overrides the catalogue's fix when the setting at hand allows a more precise one. */
  readonly fix?: string;
}

/** Builds the `Diagnostic` of a catalogued code (severity and fix from the catalogue). */
export function lbDiagnostic(name: LbCodeName, details: LbDiagnosticDetails): Diagnostic {
  return catalogueDiagnostic(LB_CODES[name], details);
}
