import type { EastWestGatewayModel } from "../cluster";
import {
  type ClusterContext,
  objectNamespace,
  type ResourceRef,
  report,
  resourceFieldPath,
  resourcesOf,
} from "./cluster-context";
import type { DiscoveredGateway } from "./discovered-gateway";
import { gatewayAddress } from "./gateway-address";
import { NETWORK_LABEL } from "./network";
import { asArray, asNumber, asRecord, asString, field, stringMap } from "./object-access";

/** East-west GatewayClasses: upstream Istio's and the Solo distribution's (istio-semantics §3.2). */
const EAST_WEST_CLASSES: ReadonlySet<string> = new Set(["istio-east-west", "istio-eastwest"]);

/** The Gateway annotation Istio's gateway deployment controller reads for the Service type. */
const SERVICE_TYPE_ANNOTATION = "networking.istio.io/service-type";

const SERVICE_TYPES: ReadonlySet<string> = new Set(["LoadBalancer", "NodePort", "ClusterIP"]);

function firstAddress(gateway: unknown): EastWestGatewayModel["address"] {
  for (const entry of asArray(field(gateway, "status", "addresses"))) {
    const record = asRecord(entry);
    const address = gatewayAddress(asString(record?.value), asString(record?.type));
    if (address !== undefined) return address;
  }
  return undefined;
}

function discover(ctx: ClusterContext, ref: ResourceRef): EastWestGatewayModel | undefined {
  const gateway = ref.object;
  const gatewayClass = asString(field(gateway, "spec", "gatewayClassName"));
  const network = stringMap(gateway.metadata.labels)[NETWORK_LABEL];
  if (gatewayClass === undefined || !EAST_WEST_CLASSES.has(gatewayClass) || network === undefined)
    return undefined;
  const namespace = objectNamespace(gateway)!;
  const expectedClass = ctx.traits.eastWestGatewayClass;
  if (gatewayClass !== expectedClass) {
    report(ctx, "gatewayClassFlavourMismatch", {
      message: `Gateway ${namespace}/${gateway.metadata.name}: class ${gatewayClass} is not served by ${ctx.mesh.flavour} Istio, so no east-west gateway is deployed`,
      path: resourceFieldPath(ctx, ref, "spec", "gatewayClassName"),
      expected: expectedClass,
      found: gatewayClass,
      fix: `set spec.gatewayClassName: ${expectedClass} (or change the mesh flavour)`,
    });
  }
  const annotations = stringMap(gateway.metadata.annotations);
  const serviceType = annotations[SERVICE_TYPE_ANNOTATION] ?? "LoadBalancer";
  const address = firstAddress(gateway);
  return {
    name: gateway.metadata.name,
    namespace,
    kind: "ambient",
    network,
    ...(address === undefined ? {} : { address }),
    serviceType: (SERVICE_TYPES.has(serviceType)
      ? serviceType
      : "LoadBalancer") as EastWestGatewayModel["serviceType"],
    annotations: stringMap(field(gateway, "spec", "infrastructure", "annotations")),
    ports: asArray(field(gateway, "spec", "listeners"))
      .map((listener) => asNumber(asRecord(listener)?.port))
      .filter((port): port is number => port !== undefined),
    exposesServices: false,
    origin: { kind: "Gateway", name: gateway.metadata.name },
  };
}

/**
 * Ambient east-west gateways discovered from Gateway API `Gateway`s (gateway.networking.k8s.io)
 * of class `istio-east-west` / `istio-eastwest` labelled `topology.istio.io/network`
 * (`ambient/networks.go`, istio-semantics §3.2); the address is the first of `status.addresses`.
 * A class of the other flavour is reported: that Istio does not program it.
 */
export function gatewayApiEastWestGateways(ctx: ClusterContext): DiscoveredGateway[] {
  return resourcesOf(ctx, "gateway.networking.k8s.io/Gateway").flatMap((ref) => {
    const gateway = discover(ctx, ref);
    return gateway === undefined ? [] : [{ gateway, source: ref }];
  });
}
