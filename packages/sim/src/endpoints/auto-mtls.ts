import type { IstioVersion } from "@meshwright/core";

/** DestinationRule `tls.mode` values. */
export type DrTlsMode = "DISABLE" | "SIMPLE" | "MUTUAL" | "ISTIO_MUTUAL";

/** The effective PeerAuthentication mode of a workload port (composed by the authz rules, UNSET resolved). */
export type EndpointPeerAuthMode = "STRICT" | "PERMISSIVE" | "DISABLE";

/** The part of a DestinationRule traffic policy the TLS mode is read from (any DR spec fits). */
export interface TlsTrafficPolicyView {
  readonly tls?: { readonly mode?: DrTlsMode };
  readonly portLevelSettings?: readonly {
    readonly port?: { readonly number?: number };
    readonly tls?: { readonly mode?: DrTlsMode };
  }[];
}

/** The part of a DestinationRule spec the TLS mode is read from. */
export interface TlsDestinationRuleView {
  readonly trafficPolicy?: TlsTrafficPolicyView;
  readonly subsets?: readonly { readonly name?: string; readonly trafficPolicy?: TlsTrafficPolicyView }[];
}

/**
 * `trafficPolicyTLSModeForPort` (`pilot/pkg/xds/endpoints/mtls_checker.go`): the policy's
 * `tls.mode`, overridden by the first `portLevelSettings` entry for `servicePort` that has `tls`.
 * A `tls` block without `mode` means DISABLE (the proto enum's zero value).
 */
export function tlsModeForPort(
  policy: TlsTrafficPolicyView | undefined,
  servicePort: number,
): DrTlsMode | undefined {
  if (policy === undefined) return undefined;
  let mode = policy.tls === undefined ? undefined : (policy.tls.mode ?? "DISABLE");
  const portLevel = policy.portLevelSettings?.find(
    (s) => s.port?.number === servicePort && s.tls !== undefined,
  );
  if (portLevel?.tls) mode = portLevel.tls.mode ?? "DISABLE";
  return mode;
}

/**
 * `tlsModeForDestinationRule`: the DR TLS mode for a service port and subset. A subset whose
 * policy sets no TLS mode for the port falls back to the DR-level mode in 1.31; in 1.30 it
 * yields none (auto mTLS decides) — the 1.31 change to mtls_checker.go. An unknown subset yields none.
 */
export function destinationRuleTlsMode(
  rule: TlsDestinationRuleView | undefined,
  servicePort: number,
  subset: string,
  istioVersion: IstioVersion,
): DrTlsMode | undefined {
  if (rule === undefined) return undefined;
  if (subset === "") return tlsModeForPort(rule.trafficPolicy, servicePort);
  const match = rule.subsets?.find((s) => s.name === subset);
  if (match === undefined) return undefined;
  const own = tlsModeForPort(match.trafficPolicy, servicePort);
  if (own !== undefined || istioVersion === "1.30") return own;
  return tlsModeForPort(rule.trafficPolicy, servicePort);
}

/** What the client rule is given for one endpoint. */
export interface AutoMtlsInput {
  /** The DR TLS mode for the service port / subset, if the DR sets one. */
  readonly drTlsMode?: DrTlsMode;
  /** The endpoint's `security.istio.io/tlsMode` (istio = sidecar-injected). */
  readonly endpointTlsMode: "istio" | "disabled";
  /** The effective PeerAuthentication mode of the endpoint's workload port. */
  readonly peerAuthMode: EndpointPeerAuthMode;
  /**
   * MeshConfig `enableAutoMtls` (default true). EDS endpoint metadata ignores it
   * (`checkMtlsEnabled`), but the cluster's transport socket does not: without a DR TLS mode and
   * with auto mTLS off the sidecar sends plaintext (`cluster_tls.go` buildUpstreamTLSSettings).
   */
  readonly enableAutoMtls?: boolean;
}

/** The client-side verdict, with the rule that decided it. */
export interface AutoMtlsVerdict {
  readonly mtls: boolean;
  readonly reason: string;
}

const VERDICTS = {
  drIstioMutual: {
    mtls: true,
    reason: "DestinationRule tls.mode ISTIO_MUTUAL (a DR setting wins over auto mTLS)",
  },
  autoMtlsOff: {
    mtls: false,
    reason: "no DestinationRule TLS setting and MeshConfig enableAutoMtls is false",
  },
  noSidecar: {
    mtls: false,
    reason: "auto mTLS: endpoint has no security.istio.io/tlsMode=istio (no sidecar)",
  },
  peerDisable: {
    mtls: false,
    reason: "auto mTLS: the endpoint's PeerAuthentication is DISABLE for this port",
  },
  strict: {
    mtls: true,
    reason: "auto mTLS: endpoint is sidecar-injected and its PeerAuthentication is STRICT",
  },
  permissive: {
    mtls: true,
    reason: "auto mTLS: endpoint is sidecar-injected and its PeerAuthentication is PERMISSIVE",
  },
} as const satisfies Record<string, AutoMtlsVerdict>;

/**
 * Whether a sidecar sends Istio mTLS to an endpoint (istio-semantics §2.8 client side,
 * `mtls_checker.go` checkMtlsEnabled): a DR TLS mode wins (only ISTIO_MUTUAL is Istio mTLS);
 * otherwise the endpoint must carry `tlsMode=istio` and its PeerAuthentication must not be DISABLE.
 */
export function sidecarSendsMtls(input: AutoMtlsInput): AutoMtlsVerdict {
  if (input.drTlsMode !== undefined) {
    return input.drTlsMode === "ISTIO_MUTUAL"
      ? VERDICTS.drIstioMutual
      : {
          mtls: false,
          reason: `DestinationRule tls.mode ${input.drTlsMode} (a DR setting wins over auto mTLS)`,
        };
  }
  if (input.enableAutoMtls === false) return VERDICTS.autoMtlsOff;
  if (input.endpointTlsMode !== "istio") return VERDICTS.noSidecar;
  if (input.peerAuthMode === "DISABLE") return VERDICTS.peerDisable;
  return input.peerAuthMode === "STRICT" ? VERDICTS.strict : VERDICTS.permissive;
}
