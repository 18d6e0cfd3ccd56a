import {
  type Diagnostic,
  type IpFamily,
  type ServiceModel,
  type ServicePort,
  workloadSpiffeId,
} from "@meshwright/core";
import { ENDPOINT_CODES, endpointDiagnostic } from "./codes";
import { addressFamily } from "./ip-address";

/** The default address of a Service without a ClusterIP (`constants.UnspecifiedIP`). */
export const UNSPECIFIED_IP = "0.0.0.0";

/** Service annotations whose values istiod adds to a Service's accounts (`kube/conversion.go`). */
const CANONICAL_SA_ANNOTATION = "alpha.istio.io/canonical-serviceaccounts";
const KUBERNETES_SA_ANNOTATION = "alpha.istio.io/kubernetes-serviceaccounts";

/** One hostname as the aggregate registry of an istiod presents it (istio-semantics §4.1). */
export interface MergedService {
  readonly hostname: string;
  readonly namespace: string;
  readonly name: string;
  readonly origin: ServiceModel["origin"];
  /** The first registry's Service: it supplies ports, the default address and every other attribute. */
  readonly primary: ServiceModel;
  readonly ports: readonly ServicePort[];
  /** The first registry's ClusterIP, or 0.0.0.0 for headless Services. */
  readonly defaultAddress: string;
  /** ClusterIPs by cluster (`ClusterVIPs`). */
  readonly clusterVips: Readonly<Record<string, readonly string[]>>;
  /** Union of every cluster's declared service accounts, first-seen order. */
  readonly serviceAccounts: readonly string[];
  /** Clusters whose Service is merged in, registry order. */
  readonly clusters: readonly string[];
}

/** Options of the merge. */
export interface MergeServicesOptions {
  /** Trust domain for `alpha.istio.io/kubernetes-serviceaccounts` (default `cluster.local`). */
  readonly trustDomain?: string;
}

function declaredServiceAccounts(service: ServiceModel, trustDomain: string): string[] {
  const split = (value: string | undefined) => (value ? value.split(",") : []);
  return [
    ...split(service.annotations[CANONICAL_SA_ANNOTATION]),
    ...split(service.annotations[KUBERNETES_SA_ANNOTATION]).map((sa) =>
      workloadSpiffeId(trustDomain, service.namespace, sa),
    ),
  ];
}

function samePorts(a: readonly ServicePort[], b: readonly ServicePort[]): boolean {
  const text = (ports: readonly ServicePort[]) =>
    ports.map((p) => `${p.name ?? ""}/${p.port}/${p.protocol}/${p.appProtocol ?? ""}`).join(",");
  return text(a) === text(b);
}

/**
 * istio-semantics §4.1 — `aggregate/controller.go` Services + mergeService: Kubernetes Services
 * with the same hostname in any cluster are one service. Registries are walked in order (the
 * istiod's own cluster first): the first supplies ports, default address and attributes; each
 * later cluster adds its ClusterIPs (when the merged service has none for that cluster yet) and
 * its service accounts. Other origins (ServiceEntry-backed ECS services) are not merged.
 */
export function mergeServices(
  servicesByCluster: readonly (readonly ServiceModel[])[],
  options: MergeServicesOptions = {},
): { services: MergedService[]; diagnostics: Diagnostic[] } {
  const trustDomain = options.trustDomain ?? "cluster.local";
  const merged: Mutable[] = [];
  const byHost = new Map<string, Mutable>();
  const diagnostics: Diagnostic[] = [];
  for (const services of servicesByCluster) {
    for (const service of services) {
      const previous = service.origin === "kubernetes" ? byHost.get(service.hostname) : undefined;
      if (previous === undefined) {
        const entry = newEntry(service, trustDomain);
        merged.push(entry);
        if (service.origin === "kubernetes") byHost.set(service.hostname, entry);
        continue;
      }
      if (!samePorts(previous.primary.ports, service.ports)) {
        diagnostics.push(portsDiffer(previous, service));
      }
      if ((previous.clusterVips[service.cluster] ?? []).length === 0) {
        previous.clusterVips[service.cluster] = service.clusterIps;
      }
      for (const sa of declaredServiceAccounts(service, trustDomain)) {
        if (!previous.serviceAccounts.includes(sa)) previous.serviceAccounts.push(sa);
      }
      if (!previous.clusters.includes(service.cluster)) previous.clusters.push(service.cluster);
    }
  }
  return { services: merged, diagnostics };
}

type Mutable = Omit<MergedService, "clusterVips" | "serviceAccounts" | "clusters"> & {
  clusterVips: Record<string, readonly string[]>;
  serviceAccounts: string[];
  clusters: string[];
};

function newEntry(service: ServiceModel, trustDomain: string): Mutable {
  return {
    hostname: service.hostname,
    namespace: service.namespace,
    name: service.name,
    origin: service.origin,
    primary: service,
    ports: service.ports,
    defaultAddress: service.clusterIps[0] ?? UNSPECIFIED_IP,
    clusterVips: { [service.cluster]: service.clusterIps },
    serviceAccounts: [...new Set(declaredServiceAccounts(service, trustDomain))],
    clusters: [service.cluster],
  };
}

function portsDiffer(merged: Mutable, service: ServiceModel): Diagnostic {
  const show = (ports: readonly ServicePort[]) => ports.map((p) => `${p.name ?? "-"}:${p.port}`).join(", ");
  return endpointDiagnostic(ENDPOINT_CODES.mergedPortsDiffer, "warning", {
    message: `Service ${service.namespace}/${service.name} in ${service.cluster} has other ports than in ${merged.primary.cluster}; istiod uses ${merged.primary.cluster}'s ports for the merged service`,
    fix: "declare the same ports for the Service in every cluster",
    cluster: service.cluster,
    expected: show(merged.primary.ports),
    found: show(service.ports),
  });
}

/** The address a proxy uses for a service, and where it came from. */
export interface ProxyServiceAddress {
  readonly address: string;
  readonly source: "own-cluster-vip" | "default-address";
}

/**
 * `model/service.go` GetAddressForProxy: the proxy's own cluster's ClusterIP (of an IP family it
 * supports; an empty family list means no filtering), else the default address — so a proxy in a
 * cluster without the Service sees the first registry's ClusterIP.
 */
export function addressForProxy(
  service: Pick<MergedService, "clusterVips" | "defaultAddress">,
  proxyCluster: string,
  proxyFamilies: readonly IpFamily[] = [],
): ProxyServiceAddress {
  const own = (service.clusterVips[proxyCluster] ?? []).filter((vip) => {
    if (proxyFamilies.length === 0) return true;
    const family = addressFamily(vip);
    return family !== undefined && proxyFamilies.includes(family);
  });
  return own.length > 0
    ? { address: own[0]!, source: "own-cluster-vip" }
    : { address: service.defaultAddress, source: "default-address" };
}
