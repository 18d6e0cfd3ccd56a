import { workloadSpiffeId } from "../../pki/generate/spiffe";
import type { EcsClusterModel, EcsServiceModel, IpFamily } from "../cluster";
import type { ServiceModel } from "../service";
import type { Workload } from "../workload";
import { type AddressPools, type AddressRequest, addressPools, assignAddresses } from "./address-assignment";
import { type ClusterContext, clusterFieldPath } from "./cluster-context";
import type { Labels } from "./label-selector";
import type { NamespaceIndex } from "./namespace-index";
import { resolveNetwork } from "./network";
import { podNames } from "./pod-names";
import { resolveTrafficDistribution } from "./traffic-distribution";

/** The ECS-derived part of a cluster: the tasks (workloads) and the services they back. */
export interface EcsDerivation {
  readonly workloads: readonly Workload[];
  readonly services: readonly ServiceModel[];
}

/**
 * Labels of an ECS service and its tasks: the user's, then `app: <service>` (which the service
 * selects) and the flavour's global-service label, because the Solo ECS integration (seed 000)
 * publishes ECS services mesh-wide.
 */
function ecsLabels(ctx: ClusterContext, service: EcsServiceModel): Labels {
  const global = ctx.traits.globalServiceLabel;
  return { ...service.labels, app: service.name, [global.key]: global.value };
}

function ecsHost(ecs: EcsClusterModel, service: EcsServiceModel): string {
  return `${service.name}.${ecs.name}.${ecs.domain}`;
}

function ecsService(
  ctx: ClusterContext,
  ecs: EcsClusterModel,
  service: EcsServiceModel,
  namespaces: NamespaceIndex,
): ServiceModel {
  const hostname = ecsHost(ecs, service);
  const labels = ecsLabels(ctx, service);
  const distribution = resolveTrafficDistribution(undefined, {}, namespaces.annotations(ecs.namespace));
  return {
    // Keyed by hostname: two ECS clusters may share a namespace and a service name.
    id: `${ctx.cluster.name}/${ecs.namespace}/${hostname}`,
    cluster: ctx.cluster.name,
    namespace: ecs.namespace,
    name: service.name,
    origin: "ecs",
    hostname,
    labels,
    annotations: {},
    selector: { app: service.name },
    ports: [
      {
        name: `tcp-${service.port}`,
        port: service.port,
        targetPort: service.port,
        protocol: "TCP",
        appProtocol: "TCP",
      },
    ],
    // Registered as a ServiceEntry without addresses: a VIP exists only if DNS auto-allocation gives one.
    clusterIps: [],
    headless: false,
    type: "ClusterIP",
    publishNotReadyAddresses: false,
    internalTrafficPolicy: "Cluster",
    trafficDistribution: distribution.value,
    trafficDistributionSource: distribution.source,
  };
}

interface TaskDraft {
  readonly workload: Omit<Workload, "ips">;
  readonly request: AddressRequest;
}

function taskDrafts(
  ctx: ClusterContext,
  ecs: EcsClusterModel,
  service: EcsServiceModel,
  ecsIndex: number,
  serviceIndex: number,
  namespaces: NamespaceIndex,
  families: readonly IpFamily[],
): TaskDraft[] {
  const { cluster, mesh } = ctx;
  const labels = ecsLabels(ctx, service);
  const serviceAccount = service.serviceAccount ?? service.name;
  const network = resolveNetwork(labels, namespaces.systemNetwork(), cluster.network);
  const ownerKey = `${cluster.name}/${ecs.namespace}/${ecs.name}/${service.name}`;
  return podNames("EcsService", ownerKey, service.name, service.tasks).map((name) => {
    const id = `${cluster.name}/${ecs.namespace}/${name}`;
    return {
      workload: {
        id,
        cluster: cluster.name,
        namespace: ecs.namespace,
        name,
        kind: "EcsTask",
        owner: { kind: "EcsService", name: service.name },
        labels,
        annotations: {},
        serviceAccount,
        identity: workloadSpiffeId(mesh.trustDomain, ecs.namespace, serviceAccount),
        locality: { region: cluster.provider.region ?? "", zone: "", subzone: "" },
        network: network.network,
        networkSource: network.source,
        health: "healthy",
        dataplane: "ambient",
        dataplaneReason: "ECS task with ztunnel sidecar",
        ports: [{ port: service.port, protocol: "TCP" }],
      },
      request: {
        key: id,
        declared: [],
        families,
        owner: `ECS service ${ecs.name}/${service.name}`,
        path: clusterFieldPath(ctx, `ecsClusters[${ecsIndex}].services[${serviceIndex}]`),
      },
    };
  });
}

/**
 * ECS services and tasks of the Solo ECS integration (seed 000): each service is a mesh service
 * `<service>.<ecs cluster>.<domain>` in the ECS cluster's namespace, each task an ambient workload
 * (ztunnel runs beside it) with an address from the ECS cluster's task CIDR, or else from the EKS
 * cluster's pod CIDRs (sharing their pool, so addresses stay unique within the cluster).
 */
export function deriveEcs(
  ctx: ClusterContext,
  namespaces: NamespaceIndex,
  podPools: AddressPools,
): EcsDerivation {
  const workloads: Workload[] = [];
  const services: ServiceModel[] = [];
  const seenClusters = new Set<string>();
  ctx.cluster.ecsClusters.forEach((ecs, ecsIndex) => {
    // Repeated ECS clusters and services are reported by the spec checks; derive the first only.
    if (seenClusters.has(ecs.name)) return;
    seenClusters.add(ecs.name);
    const seenServices = new Set<string>();
    const pools =
      ecs.taskCidr === undefined
        ? podPools
        : addressPools("ECS task", clusterFieldPath(ctx, `ecsClusters[${ecsIndex}].taskCidr`), [
            ecs.taskCidr,
          ]);
    const families = ecs.taskCidr === undefined ? ctx.cluster.ipFamilies : [...pools.byFamily.keys()];
    const drafts = ecs.services.flatMap((service, serviceIndex) => {
      if (seenServices.has(service.name)) return [];
      seenServices.add(service.name);
      services.push(ecsService(ctx, ecs, service, namespaces));
      return taskDrafts(ctx, ecs, service, ecsIndex, serviceIndex, namespaces, families);
    });
    const addresses = assignAddresses(
      ctx,
      pools,
      drafts.map((draft) => draft.request),
    );
    drafts.forEach((draft, i) => {
      workloads.push({ ...draft.workload, ips: addresses[i]! });
    });
  });
  return { workloads, services };
}
