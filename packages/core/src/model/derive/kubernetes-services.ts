import type { IpFamily } from "../cluster";
import type { ServiceModel, ServicePort } from "../service";
import { type AddressPools, type AddressRequest, assignAddresses } from "./address-assignment";
import {
  type ClusterContext,
  objectNamespace,
  type ResourceRef,
  report,
  resourceFieldPath,
  resourcesOf,
} from "./cluster-context";
import type { NamespaceIndex } from "./namespace-index";
import { asArray, asBoolean, asNumber, asRecord, asString, field, stringMap } from "./object-access";
import { inferPortProtocol } from "./port-protocol";
import { resolveTrafficDistribution } from "./traffic-distribution";

/** The cluster DNS domain Service hostnames end in (istiod's default `--domain`). */
export const CLUSTER_DOMAIN = "cluster.local";

const SERVICE_TYPES: ReadonlySet<string> = new Set(["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]);
const TRANSPORTS: ReadonlySet<string> = new Set(["TCP", "UDP", "SCTP"]);

function servicePorts(spec: unknown): ServicePort[] {
  const ports: ServicePort[] = [];
  for (const entry of asArray(field(spec, "ports"))) {
    const record = asRecord(entry);
    const port = asNumber(record?.port);
    if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) continue;
    const name = asString(record?.name);
    const transport = asString(record?.protocol) ?? "TCP";
    const protocol = (TRANSPORTS.has(transport) ? transport : "TCP") as ServicePort["protocol"];
    const targetPort = asNumber(record?.targetPort) ?? asString(record?.targetPort) ?? port;
    const appProtocol = inferPortProtocol(port, name, protocol, asString(record?.appProtocol));
    ports.push({
      ...(name === undefined ? {} : { name }),
      port,
      targetPort,
      protocol,
      ...(appProtocol === undefined ? {} : { appProtocol }),
    });
  }
  return ports;
}

/**
 * Families a Service gets ClusterIPs of when it declares none (`spec.ipFamilyPolicy`):
 * SingleStack (default) = its first `spec.ipFamilies` entry or the cluster's primary family;
 * PreferDualStack / RequireDualStack = every family of the cluster, its own order first.
 */
function serviceFamilies(spec: unknown, clusterFamilies: readonly IpFamily[]): IpFamily[] {
  const requested = asArray(field(spec, "ipFamilies")).filter(
    (family): family is IpFamily => family === "IPv4" || family === "IPv6",
  );
  const ordered = [...requested, ...clusterFamilies].filter(
    (family, i, all) => clusterFamilies.includes(family) && all.indexOf(family) === i,
  );
  const policy = asString(field(spec, "ipFamilyPolicy")) ?? "SingleStack";
  return policy === "SingleStack" ? ordered.slice(0, 1) : ordered;
}

function declaredClusterIps(spec: unknown): string[] {
  const listed = asArray(field(spec, "clusterIPs")).filter(
    (ip): ip is string => typeof ip === "string" && ip !== "",
  );
  if (listed.length > 0) return listed;
  const single = asString(field(spec, "clusterIP"));
  return single === undefined || single === "" ? [] : [single];
}

interface ServiceDraft {
  readonly ref: ResourceRef;
  readonly model: Omit<ServiceModel, "clusterIps">;
  readonly request?: AddressRequest;
}

function draftService(ctx: ClusterContext, ref: ResourceRef, namespaces: NamespaceIndex): ServiceDraft {
  const service = ref.object;
  const spec = asRecord(service.spec) ?? {};
  const namespace = objectNamespace(service)!;
  const name = service.metadata.name;
  const id = `${ctx.cluster.name}/${namespace}/${name}`;
  const annotations = stringMap(service.metadata.annotations);
  const typeText = asString(spec.type) ?? "ClusterIP";
  const type = (SERVICE_TYPES.has(typeText) ? typeText : "ClusterIP") as ServiceModel["type"];
  const declared = declaredClusterIps(spec);
  const headless = declared.includes("None");
  const selector = stringMap(spec.selector);
  const distribution = resolveTrafficDistribution(
    asString(spec.trafficDistribution),
    annotations,
    namespaces.annotations(namespace),
  );
  if (distribution.unknown !== undefined) {
    report(ctx, "trafficDistributionUnknown", {
      message: `Service ${namespace}/${name}: traffic distribution "${distribution.unknown.value}" on the ${distribution.unknown.on} is unknown; Istio uses Any`,
      path:
        distribution.unknown.on === "service"
          ? resourceFieldPath(ctx, ref, "metadata", "annotations", "networking.istio.io/traffic-distribution")
          : undefined,
      expected: "PreferClose, PreferSameZone or PreferSameNode",
      found: distribution.unknown.value,
      fix: "use one of PreferClose, PreferSameZone, PreferSameNode (or remove the annotation)",
    });
  }
  const model: Omit<ServiceModel, "clusterIps"> = {
    id,
    cluster: ctx.cluster.name,
    namespace,
    name,
    origin: "kubernetes",
    hostname: `${name}.${namespace}.svc.${CLUSTER_DOMAIN}`,
    labels: stringMap(service.metadata.labels),
    annotations,
    // An empty selector is no selector: Kubernetes manages no endpoints for it.
    selector: Object.keys(selector).length === 0 ? null : selector,
    ports: servicePorts(spec),
    headless,
    type,
    publishNotReadyAddresses: asBoolean(spec.publishNotReadyAddresses) ?? false,
    internalTrafficPolicy: asString(spec.internalTrafficPolicy) === "Local" ? "Local" : "Cluster",
    trafficDistribution: distribution.value,
    trafficDistributionSource: distribution.source,
  };
  if (headless || type === "ExternalName") return { ref, model };
  return {
    ref,
    model,
    request: {
      key: id,
      declared,
      families: serviceFamilies(spec, ctx.cluster.ipFamilies),
      owner: `Service ${namespace}/${name}`,
      path: resourceFieldPath(ctx, ref, "spec", "clusterIPs"),
    },
  };
}

/**
 * The cluster's Kubernetes Services: ports with targetPort (default = port) and Istio's protocol,
 * selector, ClusterIPs (declared ones honoured, others generated from the service CIDRs; `None` =
 * headless), type, publishNotReadyAddresses, internalTrafficPolicy and traffic distribution.
 */
export function kubernetesServices(
  ctx: ClusterContext,
  namespaces: NamespaceIndex,
  pools: AddressPools,
): ServiceModel[] {
  const drafts = resourcesOf(ctx, "/Service").map((ref) => draftService(ctx, ref, namespaces));
  const withRequests = drafts.filter((draft) => draft.request !== undefined);
  const addresses = assignAddresses(
    ctx,
    pools,
    withRequests.map((draft) => draft.request!),
  );
  const byDraft = new Map(withRequests.map((draft, i) => [draft, addresses[i]!]));
  return drafts.map((draft) => ({ ...draft.model, clusterIps: byDraft.get(draft) ?? [] }));
}
