import type { DiagnosticCode } from "@meshwright/core";
import type { NetworkGateway, RegistryEndpoint } from "../model/endpoint";
import { type EdsEndpoint, type EndpointAction, type EndpointDecision, MAX_LB_WEIGHT } from "./eds-types";

/** The key that identifies a registry endpoint inside one service-port view. */
export function endpointKey(endpoint: Pick<RegistryEndpoint, "workloadId" | "address" | "port">): string {
  return `${endpoint.workloadId}\u0000${endpoint.address}\u0000${endpoint.port}`;
}

/** A decision about a registry endpoint (fields copied so the decision stands alone in a trace). */
export function decide(
  endpoint: { readonly workloadId?: string; readonly address: string; readonly port: number },
  action: EndpointAction,
  reason: string,
  gateways?: readonly NetworkGateway[],
  code?: DiagnosticCode,
): EndpointDecision {
  const decision: { -readonly [K in keyof EndpointDecision]: EndpointDecision[K] } = {
    endpoint: endpoint.workloadId ?? "",
    address: endpoint.address,
    port: endpoint.port,
    action,
    reason,
  };
  if (gateways) decision.gateways = gateways;
  if (code) decision.code = code;
  return decision;
}

/** a + b clipped at {@link MAX_LB_WEIGHT} (`addUint32`). */
export function addWeights(a: number, b: number): number {
  return Math.min(MAX_LB_WEIGHT, a + b);
}

/** Σ of endpoint weights, clipped like istiod's uint32 sum (`addUint32`): an EDS group's weight. */
export function groupWeight(endpoints: readonly EdsEndpoint[]): number {
  return endpoints.reduce((sum, ep) => addWeights(sum, ep.weight), 0);
}
