import type { Diagnostic } from "@meshwright/core";
import { ENDPOINT_CODES, endpointDiagnostic } from "./codes";

/** The istiod feature flags the multi-network endpoint rules read. */
export interface MultiNetworkFlags {
  /** `AMBIENT_ENABLE_MULTI_NETWORK` (default false, `pilot/pkg/features/ambient.go`). */
  readonly ambientMultiNetwork: boolean;
  /** `AMBIENT_ENABLE_MULTI_NETWORK_WAYPOINT` (default true): waypoints may use E/W gateways. */
  readonly ambientMultiNetworkWaypoint: boolean;
  /** `AMBIENT_ENABLE_MULTI_NETWORK_INGRESS` (default false): ingress gateways may use E/W gateways. */
  readonly ambientMultiNetworkIngress: boolean;
  /** `PILOT_PREFER_SENDING_HBONE` (default false): sidecars tunnel to HBONE-capable endpoints even when mTLS works. */
  readonly preferHboneSend: boolean;
  /** `RESOLVE_HOSTNAME_GATEWAYS` (default true, `pilot/pkg/features/pilot.go`): istiod resolves gateway hostnames. */
  readonly resolveHostnameGateways: boolean;
}

/** Istio's defaults (istio-semantics §0). */
export const DEFAULT_MULTI_NETWORK_FLAGS: MultiNetworkFlags = Object.freeze({
  ambientMultiNetwork: false,
  ambientMultiNetworkWaypoint: true,
  ambientMultiNetworkIngress: false,
  preferHboneSend: false,
  resolveHostnameGateways: true,
});

const ENV_NAMES: Readonly<Record<keyof MultiNetworkFlags, string>> = {
  ambientMultiNetwork: "AMBIENT_ENABLE_MULTI_NETWORK",
  ambientMultiNetworkWaypoint: "AMBIENT_ENABLE_MULTI_NETWORK_WAYPOINT",
  ambientMultiNetworkIngress: "AMBIENT_ENABLE_MULTI_NETWORK_INGRESS",
  preferHboneSend: "PILOT_PREFER_SENDING_HBONE",
  resolveHostnameGateways: "RESOLVE_HOSTNAME_GATEWAYS",
};

const TRUE_WORDS = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE_WORDS = new Set(["0", "f", "F", "FALSE", "false", "False"]);

/** Go's `strconv.ParseBool`, which istiod's `env.Register` uses; undefined when the text is not a bool. */
function parseGoBool(text: string): boolean | undefined {
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return undefined;
}

/**
 * The flags of one istiod from its environment (`ClusterSpec.istiodFeatures`). A value Go cannot
 * parse keeps the default, as `env.Register` does, and yields a warning.
 */
export function multiNetworkFlags(
  istiodFeatures: Readonly<Record<string, string>>,
  cluster?: string,
): { flags: MultiNetworkFlags; diagnostics: Diagnostic[] } {
  const flags: { -readonly [K in keyof MultiNetworkFlags]: boolean } = { ...DEFAULT_MULTI_NETWORK_FLAGS };
  const diagnostics: Diagnostic[] = [];
  for (const key of Object.keys(ENV_NAMES) as (keyof MultiNetworkFlags)[]) {
    const name = ENV_NAMES[key];
    const raw = istiodFeatures[name];
    if (raw === undefined) continue;
    const value = parseGoBool(raw);
    if (value === undefined) {
      diagnostics.push(
        endpointDiagnostic(ENDPOINT_CODES.flagNotBoolean, "warning", {
          message: `istiod flag ${name} is not a boolean; istiod keeps its default (${flags[key]})`,
          fix: `set ${name} to "true" or "false"`,
          path: `$.istiod.features.${name}`,
          expected: "true | false",
          found: raw,
          ...(cluster === undefined ? {} : { cluster }),
        }),
      );
      continue;
    }
    flags[key] = value;
  }
  return { flags, diagnostics };
}

/** Fills unset flags with Istio's defaults. */
export function withDefaultFlags(flags: Partial<MultiNetworkFlags> | undefined): MultiNetworkFlags {
  return { ...DEFAULT_MULTI_NETWORK_FLAGS, ...flags };
}
