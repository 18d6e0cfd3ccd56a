import type { Diagnostic } from "../../diagnostics/diagnostic";
import type { ClusterSpec } from "../cluster";
import type { Cluster, MeshSpec } from "../mesh";
import type { Workload } from "../workload";
import { addressPools } from "./address-assignment";
import { type ClusterContext, clusterContext, clusterFieldPath, report } from "./cluster-context";
import { deriveEcs } from "./ecs";
import { deriveGateways } from "./gateways";
import { kubernetesServices } from "./kubernetes-services";
import { NamespaceIndex } from "./namespace-index";
import { deriveNamespaces } from "./namespaces";
import { NETWORK_LABEL, SYSTEM_NAMESPACE } from "./network";
import { NodePlacer } from "./node-placement";
import { overlayDefined } from "./object-access";
import { checkObjects } from "./object-checks";
import { podInstances } from "./pod-sources";
import { podWorkloads } from "./pod-workloads";
import { waypointPodInstances } from "./waypoints";
import { workloadEntryWorkloads } from "./workload-entries";
import { WorkloadSelectorIndex } from "./workload-selector-index";

function byId<T extends { readonly id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The istio-system namespace label sets the network of every pod without its own label
 * (istio-semantics §3.1), so a label that disagrees with the declared cluster network silently
 * moves the whole cluster: warn.
 */
function checkSystemNamespaceNetwork(ctx: ClusterContext, namespaces: NamespaceIndex): void {
  const labelled = namespaces.systemNetwork();
  if (labelled === undefined || labelled === "" || labelled === ctx.cluster.network) return;
  report(ctx, "namespaceNetworkConflict", {
    message: `namespace ${SYSTEM_NAMESPACE} is labelled ${NETWORK_LABEL}=${labelled} but cluster ${ctx.cluster.name} declares network ${ctx.cluster.network}; istiod uses the label`,
    path: clusterFieldPath(ctx, "network"),
    expected: ctx.cluster.network,
    found: labelled,
    fix: `make the cluster's network and the ${SYSTEM_NAMESPACE} label agree`,
  });
}

/** Workloads whose network (from a label) is not a declared network: one warning per network. */
function checkWorkloadNetworks(ctx: ClusterContext, workloads: readonly Workload[]): void {
  const declared = new Set(ctx.mesh.networks.map((network) => network.name));
  const reported = new Set<string>();
  for (const workload of workloads) {
    if (
      workload.networkSource === "cluster" ||
      declared.has(workload.network) ||
      reported.has(workload.network)
    ) {
      continue;
    }
    reported.add(workload.network);
    report(ctx, "networkLabelUndeclared", {
      message: `${workload.kind} ${workload.namespace}/${workload.name} (and maybe others) is on network ${workload.network} (${workload.networkSource}), which spec.networks does not list`,
      expected: [...declared].join(", "),
      found: workload.network,
      fix: `add { name: ${workload.network} } to spec.networks, or correct the ${NETWORK_LABEL} label`,
    });
  }
}

/** Keeps the first workload of each id (a Pod object and a generated replica may collide). */
function uniqueWorkloads(ctx: ClusterContext, workloads: readonly Workload[]): Workload[] {
  const seen = new Set<string>();
  return workloads.filter((workload) => {
    if (!seen.has(workload.id)) {
      seen.add(workload.id);
      return true;
    }
    report(ctx, "duplicateObject", {
      message: `two workloads of cluster ${ctx.cluster.name} are named ${workload.namespace}/${workload.name}; the later (${workload.owner.kind} ${workload.owner.name}) is ignored`,
      found: workload.id,
      fix: "rename the Pod or the controller so their pods differ",
    });
    return false;
  });
}

/**
 * Derives one cluster (its spec with defaults applied, at `index` in the mesh): object checks,
 * namespaces, workloads (pods, VMs, ECS tasks), services, gateways and the effective MeshConfig.
 */
export function deriveCluster(
  mesh: MeshSpec,
  spec: ClusterSpec,
  index: number,
  diagnostics: Diagnostic[],
): Cluster {
  const named = checkObjects(spec, index, diagnostics);
  const ctx = clusterContext(mesh, spec, index, named, diagnostics);
  const namespaceList = deriveNamespaces(ctx, named);
  const namespaces = new NamespaceIndex(namespaceList);
  checkSystemNamespaceNetwork(ctx, namespaces);
  const placer = new NodePlacer(spec.nodes);
  const podPools = addressPools("pod", clusterFieldPath(ctx, "podCidrs"), spec.podCidrs);
  const servicePools = addressPools("service", clusterFieldPath(ctx, "serviceCidrs"), spec.serviceCidrs);
  const instances = [...podInstances(ctx, placer), ...waypointPodInstances(ctx)];
  const pods = podWorkloads(ctx, instances, placer, namespaces, podPools);
  const ecs = deriveEcs(ctx, namespaces, podPools);
  const workloads = uniqueWorkloads(ctx, [
    ...pods,
    ...workloadEntryWorkloads(ctx, namespaces),
    ...ecs.workloads,
  ]).sort(byId);
  checkWorkloadNetworks(ctx, workloads);
  const services = [...kubernetesServices(ctx, namespaces, servicePools), ...ecs.services].sort(byId);
  let selectorIndex: WorkloadSelectorIndex | undefined;
  const gateways = deriveGateways(ctx, () => (selectorIndex ??= new WorkloadSelectorIndex(workloads)));
  return {
    ...spec,
    effectiveMeshConfig: overlayDefined(mesh.meshConfig, spec.meshConfig),
    namespaces: namespaceList,
    workloads,
    services,
    gateways,
  };
}
