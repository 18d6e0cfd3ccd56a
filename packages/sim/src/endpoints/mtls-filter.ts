import { decide, groupWeight } from "./decision";
import type { EdsLocalityGroup, EndpointDecision } from "./eds-types";
import type { DecisionSink } from "./split-horizon";

/**
 * `ep_filters.go` EndpointsWithMTLSFilter, applied to SNI-DNAT (`outbound_.`) clusters of
 * AUTO_PASSTHROUGH gateways: the gateway cannot see whether the passed-through bytes are Istio
 * mTLS, so only endpoints the mesh would send mTLS to are kept (HBONE endpoints carry no marker).
 */
export function endpointsWithMtls(groups: readonly EdsLocalityGroup[]): {
  groups: EdsLocalityGroup[];
  decisions: EndpointDecision[];
} {
  const decisions: EndpointDecision[] = [];
  return { groups: endpointsWithMtlsInto(groups, (_ep, d) => decisions.push(d)), decisions };
}

/** {@link endpointsWithMtls}, reporting each drop to `sink` (if any) with the endpoint it concerns. */
export function endpointsWithMtlsInto(
  groups: readonly EdsLocalityGroup[],
  sink?: DecisionSink,
): EdsLocalityGroup[] {
  return groups.map((group) => {
    const endpoints = group.endpoints.filter((ep) => {
      if (ep.tlsMode === "istio") return true;
      sink?.(ep, decide(ep, "dropped", ep.transport === "hbone" ? OVER_HBONE : NOT_MTLS));
      return false;
    });
    return { locality: group.locality, weight: groupWeight(endpoints), endpoints };
  });
}

const OVER_HBONE = "AUTO_PASSTHROUGH cluster keeps only mTLS endpoints; this one is reached over HBONE";
const NOT_MTLS = "AUTO_PASSTHROUGH cluster keeps only endpoints the mesh sends Istio mTLS to";
