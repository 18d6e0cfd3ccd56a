import {
  DEFAULT_MESH_CONFIG,
  type Diagnostic,
  type IstioVersion,
  type MeshConfigModel,
  type TrafficDistribution,
} from "@meshwright/core";
import { lbDiagnostic } from "./codes";
import { type Normalized, normalizeLocalitySetting, normalizeZoneAwareSetting } from "./normalize-setting";
import { loadBalancerFields } from "./policy-fields";
import type { LbTrafficPolicy, LocalitySetting, ZoneAwareSetting } from "./setting-types";

/** Where the effective setting came from (istio-semantics §1.3). */
export type LbSettingSource = "destination-rule" | "traffic-distribution" | "mesh";

interface SettingCommon {
  readonly source: LbSettingSource;
  /** One line: why this setting won. */
  readonly reason: string;
  /** Malformed fields and version mismatches met while resolving. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The locality LB semantics that apply to one Envoy cluster (`GetEffectiveLbSetting`):
 * - `locality`: a `localityLbSetting`; `forced` = failover applies without outlier detection
 *   (traffic distribution);
 * - `zone-aware`: Istio 1.31 `zoneAwareLbSetting`; `forced` = routing enabled (zone-aware always
 *   forces failover unless `enabled: false`);
 * - `off`: locality LB disabled (`enabled: false` won), every group stays at priority 0.
 */
export type EffectiveLbSetting =
  | (SettingCommon & {
      readonly kind: "locality";
      readonly setting: LocalitySetting;
      readonly forced: boolean;
    })
  | (SettingCommon & {
      readonly kind: "zone-aware";
      readonly setting: ZoneAwareSetting;
      readonly forced: boolean;
    })
  | (SettingCommon & { readonly kind: "off"; readonly setting: null; readonly forced: false });

/** What `effectiveLbSetting` reads. */
export interface EffectiveLbSettingInput {
  /** The DestinationRule traffic policy merged for the cluster's subset and port, if a DR applies. */
  readonly destinationRulePolicy?: LbTrafficPolicy | undefined;
  /** The service's traffic distribution (spec, service annotation, namespace annotation; §1.3 step 3). */
  readonly trafficDistribution: TrafficDistribution;
  readonly meshConfig: Pick<MeshConfigModel, "localityLbSetting" | "zoneAwareLbSetting">;
  readonly istioVersion: IstioVersion;
}

const NETWORK = "topology.istio.io/network";
const REGION = "topology.kubernetes.io/region";
const ZONE = "topology.kubernetes.io/zone";
const SUBZONE = "topology.istio.io/subzone";
const HOSTNAME = "kubernetes.io/hostname";

/** The setting istiod synthesises for `PreferClose` / `PreferSameZone` (`GetEffectiveLbSetting`). */
export const PREFER_SAME_ZONE_SETTING: LocalitySetting = Object.freeze({
  enabled: true,
  distribute: [],
  failover: [],
  failoverPriority: Object.freeze([NETWORK, REGION, ZONE]),
});

/** The setting istiod synthesises for `PreferSameNode`. */
export const PREFER_SAME_NODE_SETTING: LocalitySetting = Object.freeze({
  enabled: true,
  distribute: [],
  failover: [],
  failoverPriority: Object.freeze([NETWORK, REGION, ZONE, SUBZONE, HOSTNAME]),
});

const DR_PATH = "$.spec.trafficPolicy.loadBalancer";
const MESH_PATH = "meshConfig";

function off(
  source: LbSettingSource,
  reason: string,
  diagnostics: readonly Diagnostic[],
): EffectiveLbSetting {
  return { kind: "off", setting: null, forced: false, source, reason, diagnostics };
}

function zoneAware(
  normalized: Normalized<ZoneAwareSetting>,
  source: "destination-rule" | "mesh",
  diagnostics: Diagnostic[],
): EffectiveLbSetting {
  diagnostics.push(...normalized.diagnostics);
  const routingEnabled = normalized.setting.enabled !== false;
  const where = source === "mesh" ? "MeshConfig" : "DestinationRule";
  return {
    kind: "zone-aware",
    setting: normalized.setting,
    forced: routingEnabled,
    source,
    reason: routingEnabled
      ? `${where} zoneAwareLbSetting wins (zone-aware LB, failover forced)`
      : `${where} zoneAwareLbSetting has enabled: false (Envoy zone routing switched off, no priorities)`,
    diagnostics,
  };
}

function unsupportedZoneAware(path: string): Diagnostic {
  return lbDiagnostic("LB_ZONE_AWARE_UNSUPPORTED", {
    message: `${path}.zoneAwareLbSetting is ignored: Istio 1.30 has no zone-aware LB`,
    path: `${path}.zoneAwareLbSetting`,
    expected: "istioVersion 1.31",
    found: "1.30",
  });
}

/**
 * Resolves the effective locality LB setting for one Envoy cluster (istio-semantics §1.3,
 * `GetEffectiveLbSetting`; 1.30 `GetLocalityLbSetting`): DestinationRule zone-aware (1.31) >
 * DestinationRule locality (used whole, never merged with the mesh's) > service traffic distribution
 * (forced failover) > mesh zone-aware (1.31) > mesh locality. `enabled: false` at the winning level
 * turns locality LB off.
 */
export function effectiveLbSetting(input: EffectiveLbSettingInput): EffectiveLbSetting {
  const diagnostics: Diagnostic[] = [];
  const lb = loadBalancerFields(input.destinationRulePolicy);
  const is131 = input.istioVersion === "1.31";

  if (lb.zoneAwareLbSetting !== undefined && lb.zoneAwareLbSetting !== null) {
    if (is131) {
      return zoneAware(
        normalizeZoneAwareSetting(lb.zoneAwareLbSetting, `${DR_PATH}.zoneAwareLbSetting`),
        "destination-rule",
        diagnostics,
      );
    }
    diagnostics.push(unsupportedZoneAware(DR_PATH));
  }

  if (lb.localityLbSetting !== undefined && lb.localityLbSetting !== null) {
    const { setting, diagnostics: found } = normalizeLocalitySetting(
      lb.localityLbSetting,
      `${DR_PATH}.localityLbSetting`,
    );
    diagnostics.push(...found);
    if (setting.enabled === false) {
      return off("destination-rule", "DestinationRule localityLbSetting has enabled: false", diagnostics);
    }
    return {
      kind: "locality",
      setting,
      forced: false,
      source: "destination-rule",
      reason: "DestinationRule localityLbSetting wins, used whole (no merge with MeshConfig, not forced)",
      diagnostics,
    };
  }

  const distribution = input.trafficDistribution;
  if (
    distribution === "PreferClose" ||
    distribution === "PreferSameZone" ||
    distribution === "PreferSameNode"
  ) {
    const sameNode = distribution === "PreferSameNode";
    const setting = sameNode ? PREFER_SAME_NODE_SETTING : PREFER_SAME_ZONE_SETTING;
    return {
      kind: "locality",
      setting,
      forced: true,
      source: "traffic-distribution",
      reason: `service trafficDistribution ${distribution} → failoverPriority [${setting.failoverPriority.join(", ")}], failover forced`,
      diagnostics,
    };
  }

  const mesh = input.meshConfig;
  if (mesh.zoneAwareLbSetting !== undefined && mesh.zoneAwareLbSetting !== null) {
    if (is131) {
      return zoneAware(
        normalizeZoneAwareSetting(mesh.zoneAwareLbSetting, `${MESH_PATH}.zoneAwareLbSetting`),
        "mesh",
        diagnostics,
      );
    }
    diagnostics.push(unsupportedZoneAware(MESH_PATH));
  }

  // MeshConfig always carries localityLbSetting in istiod (DefaultMeshConfig merges `{enabled: true}`),
  // so an absent field means the default, not "none".
  const meshDefault = mesh.localityLbSetting === undefined;
  const { setting, diagnostics: found } = normalizeLocalitySetting(
    mesh.localityLbSetting ?? DEFAULT_MESH_CONFIG.localityLbSetting,
    `${MESH_PATH}.localityLbSetting`,
  );
  diagnostics.push(...found);
  if (setting.enabled === false) {
    return off("mesh", "MeshConfig localityLbSetting has enabled: false", diagnostics);
  }
  return {
    kind: "locality",
    setting,
    forced: false,
    source: "mesh",
    reason: meshDefault
      ? "no DestinationRule setting or traffic distribution: MeshConfig default localityLbSetting {enabled: true}"
      : "no DestinationRule setting or traffic distribution: MeshConfig localityLbSetting",
    diagnostics,
  };
}
