import type { EastWestGatewayModel } from "../cluster";
import { type ClusterContext, clusterFieldPath, report, resourceFieldPath } from "./cluster-context";
import type { DiscoveredGateway } from "./discovered-gateway";
import { gatewayApiEastWestGateways } from "./gateway-api-discovery";
import { NETWORK_LABEL } from "./network";
import { serviceEastWestGateways } from "./service-gateway-discovery";
import type { WorkloadSelectorIndex } from "./workload-selector-index";

function gatewayKey(gateway: EastWestGatewayModel): string {
  return `${gateway.namespace}/${gateway.name}`;
}

/**
 * A declared gateway completed by the discovered one of the same namespace/name: the declaration
 * wins, but the manifests can supply an address the document left pending and the AUTO_PASSTHROUGH
 * exposure it did not mention.
 */
function mergeInto(declared: EastWestGatewayModel, discovered: EastWestGatewayModel): EastWestGatewayModel {
  const address = declared.address ?? discovered.address;
  return {
    ...declared,
    ...(address === undefined ? {} : { address }),
    exposesServices: declared.exposesServices || discovered.exposesServices,
  };
}

/**
 * The cluster's east-west gateways: the declared ones (merged with a discovered one of the same
 * namespace/name), then the ones discovered from Gateway API Gateways and from labelled Services
 * (the first discovery of a namespace/name wins). Gateways on undeclared networks (declared
 * ones are checked with the spec) and gateways without an address are reported.
 */
export function deriveGateways(
  ctx: ClusterContext,
  workloads: () => WorkloadSelectorIndex,
): EastWestGatewayModel[] {
  const discovered = new Map<string, DiscoveredGateway>();
  for (const found of [...gatewayApiEastWestGateways(ctx), ...serviceEastWestGateways(ctx, workloads)]) {
    const key = gatewayKey(found.gateway);
    if (!discovered.has(key)) discovered.set(key, found);
  }
  const networks = new Set(ctx.mesh.networks.map((network) => network.name));
  const gateways: EastWestGatewayModel[] = [];
  ctx.cluster.eastWestGateways.forEach((declared, i) => {
    const match = discovered.get(gatewayKey(declared));
    discovered.delete(gatewayKey(declared));
    const gateway = match === undefined ? declared : mergeInto(declared, match.gateway);
    gateways.push(gateway);
    if (gateway.address === undefined)
      reportPending(ctx, gateway, clusterFieldPath(ctx, `eastWestGateways[${i}].address`));
  });
  for (const { gateway, source } of discovered.values()) {
    gateways.push(gateway);
    const described = `${source.object.kind} ${gatewayKey(gateway)}`;
    if (!networks.has(gateway.network)) {
      report(ctx, "networkLabelUndeclared", {
        message: `east-west gateway ${described} serves network ${gateway.network}, which spec.networks does not list`,
        path: resourceFieldPath(ctx, source, "metadata", "labels", NETWORK_LABEL),
        expected: [...networks].join(", "),
        found: gateway.network,
        fix: `add { name: ${gateway.network} } to spec.networks, or correct the ${NETWORK_LABEL} label`,
      });
    }
    if (gateway.address === undefined) reportPending(ctx, gateway, resourceFieldPath(ctx, source, "status"));
  }
  return gateways;
}

function reportPending(ctx: ClusterContext, gateway: EastWestGatewayModel, path: string): void {
  report(ctx, "gatewayAddressMissing", {
    message: `east-west gateway ${gatewayKey(gateway)} has no address yet; remote networks cannot reach ${gateway.network} through it`,
    path,
    expected: "an IP or hostname",
    fix: "declare its address in the Mesh document, or include the object's status with its load balancer address",
  });
}
