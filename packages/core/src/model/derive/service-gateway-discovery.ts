import type { EastWestGatewayModel } from "../cluster";
import { isIstioKind } from "../istio-config";
import { type ClusterContext, objectNamespace, type ResourceRef, resourcesOf } from "./cluster-context";
import type { DiscoveredGateway } from "./discovered-gateway";
import { gatewayAddress } from "./gateway-address";
import { type Labels, matchesLabelMap } from "./label-selector";
import { NETWORK_LABEL } from "./network";
import { asArray, asNumber, asRecord, asString, field, stringMap } from "./object-access";
import type { WorkloadSelectorIndex } from "./workload-selector-index";

/** Label that moves a gateway Service's mTLS port off 15443 (`label.NetworkingGatewayPort`). */
const GATEWAY_PORT_LABEL = "networking.istio.io/gatewayPort";
const DEFAULT_MTLS_PORT = 15443;

/** The Service's port entry for `port`, with its targetPort (numeric ones only). */
function exposedPort(service: unknown, port: number): { port: number; targetPort: number } | undefined {
  for (const entry of asArray(field(service, "spec", "ports"))) {
    const record = asRecord(entry);
    if (asNumber(record?.port) === port) return { port, targetPort: asNumber(record?.targetPort) ?? port };
  }
  return undefined;
}

/** True when a Gateway `hosts` entry (optionally `namespace/host`) covers every `*.local` host. */
function coversLocal(host: unknown): boolean {
  if (typeof host !== "string") return false;
  const bare = host.includes("/") ? host.slice(host.indexOf("/") + 1) : host;
  return bare === "*" || bare === "*.local";
}

/** True when an Istio Gateway server is the cross-network AUTO_PASSTHROUGH server on one of `ports`. */
function isPassthroughServer(server: unknown, ports: ReadonlySet<number>): boolean {
  const number = asNumber(field(server, "port", "number"));
  return (
    number !== undefined &&
    ports.has(number) &&
    asString(field(server, "tls", "mode")) === "AUTO_PASSTHROUGH" &&
    asArray(field(server, "hosts")).some(coversLocal)
  );
}

/**
 * Whether an Istio `Gateway` exposes the mesh's services through this gateway Service
 * (`samples/multicluster/expose-services.yaml`): a TLS server on the mTLS port with
 * `AUTO_PASSTHROUGH` and hosts covering `*.local`, whose `selector` matches the pods the Service
 * selects, or, when none is declared, the Service's own selector. Gateway selectors reach across
 * namespaces (`PILOT_SCOPE_GATEWAY_TO_NAMESPACE` defaults to false).
 */
function exposesServices(
  ctx: ClusterContext,
  service: ResourceRef,
  ports: ReadonlySet<number>,
  workloads: () => WorkloadSelectorIndex,
): boolean {
  const serviceSelector = stringMap(field(service.object, "spec", "selector"));
  const pods =
    Object.keys(serviceSelector).length === 0
      ? []
      : workloads().select(ctx.cluster.name, objectNamespace(service.object)!, serviceSelector);
  const selects = (gatewaySelector: Labels) =>
    pods.length > 0
      ? pods.some((pod) => matchesLabelMap(gatewaySelector, pod.labels))
      : matchesLabelMap(gatewaySelector, serviceSelector);
  return resourcesOf(ctx, "networking.istio.io/Gateway").some(
    ({ object }) =>
      isIstioKind(object, "Gateway") &&
      asArray(field(object, "spec", "servers")).some((server) => isPassthroughServer(server, ports)) &&
      selects(stringMap(field(object, "spec", "selector"))),
  );
}

function discover(
  ctx: ClusterContext,
  ref: ResourceRef,
  workloads: () => WorkloadSelectorIndex,
): EastWestGatewayModel | undefined {
  const service = ref.object;
  const labels = stringMap(service.metadata.labels);
  const network = labels[NETWORK_LABEL];
  if (network === undefined) return undefined;
  const labelledPort = Number.parseInt(labels[GATEWAY_PORT_LABEL] ?? "", 10);
  const mtls = exposedPort(service, Number.isInteger(labelledPort) ? labelledPort : DEFAULT_MTLS_PORT);
  if (mtls === undefined) return undefined;
  const ingress = asRecord(asArray(field(service, "status", "loadBalancer", "ingress"))[0]);
  const address =
    gatewayAddress(asString(ingress?.ip)) ?? gatewayAddress(asString(ingress?.hostname), "Hostname");
  const type = asString(field(service, "spec", "type")) ?? "ClusterIP";
  return {
    name: service.metadata.name,
    namespace: objectNamespace(service)!,
    kind: "classic",
    network,
    ...(address === undefined ? {} : { address }),
    serviceType: (["LoadBalancer", "NodePort"].includes(type)
      ? type
      : "ClusterIP") as EastWestGatewayModel["serviceType"],
    annotations: stringMap(service.metadata.annotations),
    ports: asArray(field(service, "spec", "ports"))
      .map((entry) => asNumber(asRecord(entry)?.port))
      .filter((port): port is number => port !== undefined),
    exposesServices: exposesServices(ctx, ref, new Set([mtls.port, mtls.targetPort]), workloads),
    origin: { kind: "Service", name: service.metadata.name },
  };
}

/**
 * Classic (sidecar-mode) east-west gateways discovered from Services labelled
 * `topology.istio.io/network` that expose the mTLS port: `networking.istio.io/gatewayPort` or
 * 15443 (`kube/controller/network.go`, istio-semantics §3.2). The address is the load balancer's
 * first ingress IP or hostname. `workloads` builds the selector index on first use: most
 * clusters have no gateway Service, and then the index is never built.
 */
export function serviceEastWestGateways(
  ctx: ClusterContext,
  workloads: () => WorkloadSelectorIndex,
): DiscoveredGateway[] {
  return resourcesOf(ctx, "/Service").flatMap((ref) => {
    const gateway = discover(ctx, ref, workloads);
    return gateway === undefined ? [] : [{ gateway, source: ref }];
  });
}
