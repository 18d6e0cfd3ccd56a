import { catalogueDiagnostic, type Diagnostic, type DiagnosticCode, type Severity } from "@meshwright/core";

/**
 * Stable codes of the multi-network endpoint rules (range MW4600–MW4699). Gateway discovery
 * findings are MW460x, service scope MW461x, endpoint views MW462x, ambient WDS / double HBONE
 * MW463x, namespace sameness MW464x, istiod flags MW465x.
 */
export const ENDPOINT_CODES = Object.freeze({
  /** An east-west gateway has no address yet (LoadBalancer pending): istiod drops it. */
  gatewayPending: "MW4601",
  /** A hostname gateway address while RESOLVE_HOSTNAME_GATEWAYS=false: istiod drops it. */
  gatewayHostnameNotResolved: "MW4602",
  /** A hostname gateway address that resolves to nothing: istiod drops it. */
  gatewayHostnameUnresolvable: "MW4603",
  /** A gateway Service that exposes neither its mTLS port nor 15008: istiod ignores it. */
  gatewayNoPorts: "MW4604",
  /** A classic gateway without the AUTO_PASSTHROUGH `Gateway` (expose-services.yaml). */
  gatewayNotExposingServices: "MW4605",
  /** A gateway address that is neither an IP nor a hostname. */
  gatewayBadAddress: "MW4606",
  /** A serviceScopeConfigs selector Kubernetes would reject: the entry is skipped. */
  scopeSelectorInvalid: "MW4610",
  /** A serviceScopeConfigs namespaceSelector could not be evaluated: the namespace is unknown. */
  scopeNamespaceUnknown: "MW4611",
  /** A remote endpoint needs Istio mTLS to cross a network and would not get it. */
  remoteWithoutMtls: "MW4620",
  /** Endpoints asked for a proxy that does not consume EDS (ztunnel reads WDS). */
  proxyWithoutEds: "MW4621",
  /** A cluster name that is not an SNI-DNAT (`outbound_.<port>_.<subset>_.<host>`) name. */
  sniMalformed: "MW4622",
  /** A remote network of a GLOBAL service has no ambient east-west gateway. */
  ambientNetworkWithoutGateway: "MW4630",
  /** A double-HBONE target cannot be built: no network gateway. */
  doubleHboneNoGateway: "MW4631",
  /** A double-HBONE gateway hostname that resolves to nothing. */
  doubleHboneUnresolvable: "MW4632",
  /** Same-name services whose ports differ between clusters (the first registry wins). */
  mergedPortsDiffer: "MW4640",
  /** An istiod flag whose value Go's strconv.ParseBool rejects (the default is kept). */
  flagNotBoolean: "MW4650",
} satisfies Record<string, DiagnosticCode>);

/** Everything a finding of these rules carries besides its code and severity. */
export interface EndpointFindingFields {
  readonly message: string;
  readonly fix: string;
  readonly path?: string;
  readonly cluster?: string;
  readonly expected?: string;
  readonly found?: string;
}

/** Builds a Diagnostic of this area (no field is left `undefined`, so results compare and serialise cleanly). */
export function endpointDiagnostic(
  code: DiagnosticCode,
  severity: Severity,
  fields: EndpointFindingFields,
): Diagnostic {
  return catalogueDiagnostic({ code, severity }, fields);
}
