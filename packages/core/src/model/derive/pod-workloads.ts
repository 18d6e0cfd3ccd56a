import { workloadSpiffeId } from "../../pki/generate/spiffe";
import type { Workload } from "../workload";
import { type AddressPools, type AddressRequest, assignAddresses } from "./address-assignment";
import { type ClusterContext, report, resourceFieldPath } from "./cluster-context";
import { containerPorts } from "./container-ports";
import { type DataplaneOutcome, resolveDataplane } from "./dataplane";
import { DEFAULT_SERVICE_ACCOUNT } from "./identity";
import type { NamespaceIndex } from "./namespace-index";
import { resolveNetwork } from "./network";
import { type NodePlacer, type Placement, placementLocality } from "./node-placement";
import { asString, field } from "./object-access";
import type { PodInstance } from "./pod-sources";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What every replica of one source object has in common. */
interface SharedFacts {
  readonly dataplane: DataplaneOutcome;
  readonly serviceAccount: string;
  readonly identity: string;
  readonly network: string;
  readonly networkSource: Workload["networkSource"];
  readonly ports: Workload["ports"];
  readonly owner: string;
  readonly ipsPath: string;
}

function serviceAccountOf(podSpec: unknown): string {
  // `serviceAccount` is the deprecated alias Kubernetes still honours when the name is unset.
  const name = asString(field(podSpec, "serviceAccountName")) ?? asString(field(podSpec, "serviceAccount"));
  return name === undefined || name === "" ? DEFAULT_SERVICE_ACCOUNT : name;
}

function reportPlacement(ctx: ClusterContext, pod: PodInstance, placement: Placement): void {
  const owner = `${pod.owner.kind} ${pod.namespace}/${pod.owner.name}`;
  const specPath = pod.owner.kind === "Pod" ? ["spec"] : ["spec", "template", "spec"];
  if (placement.kind === "unknown-node") {
    report(ctx, "nodeUnknown", {
      message: `${owner}: nodeName ${placement.node} is not a node of cluster ${ctx.cluster.name}; its locality is unknown`,
      path: resourceFieldPath(ctx, pod.source, ...specPath, "nodeName"),
      expected: ctx.cluster.nodes.map((node) => node.name).join(", "),
      found: placement.node,
      fix: `declare node ${placement.node} (with its zone) under the cluster's nodes`,
    });
  } else if (placement.kind === "unschedulable") {
    report(ctx, "podUnschedulable", {
      message: `${owner}: no node matches nodeSelector ${JSON.stringify(placement.selector)}; pod ${pod.name} stays Pending`,
      path: resourceFieldPath(ctx, pod.source, ...specPath, "nodeSelector"),
      found: JSON.stringify(placement.selector),
      fix: "declare a node in that zone/region, or change the nodeSelector",
    });
  }
}

/**
 * The workloads of a cluster's pods: node and locality from placement, addresses from the pod
 * CIDRs (or `status.podIPs`), the dataplane mode and the labels the injector adds, the network by
 * istio-semantics §3.1, and the SPIFFE identity of the pod's service account.
 */
export function podWorkloads(
  ctx: ClusterContext,
  pods: readonly PodInstance[],
  placer: NodePlacer,
  namespaces: NamespaceIndex,
  pools: AddressPools,
): Workload[] {
  const { cluster, mesh } = ctx;
  const systemNetwork = namespaces.systemNetwork();
  // Replicas of one source object share everything but name, node, address and health: derive it once.
  const shared = new Map<number, SharedFacts>();
  const sharedFacts = (pod: PodInstance): SharedFacts => {
    let facts = shared.get(pod.source.index);
    if (facts === undefined) {
      const serviceAccount = serviceAccountOf(pod.podSpec);
      const network = resolveNetwork(pod.labels, systemNetwork, cluster.network);
      facts = {
        dataplane: resolveDataplane(
          {
            namespace: pod.namespace,
            workloadName: pod.owner.name,
            labels: pod.labels,
            annotations: pod.annotations,
            podSpec: pod.podSpec,
          },
          namespaces.labels(pod.namespace),
          cluster.sidecarInjector,
        ),
        serviceAccount,
        identity: workloadSpiffeId(mesh.trustDomain, pod.namespace, serviceAccount),
        network: network.network,
        networkSource: network.source,
        ports: containerPorts(pod.podSpec),
        owner: `${pod.owner.kind} ${pod.namespace}/${pod.owner.name}`,
        ipsPath: resourceFieldPath(ctx, pod.source, "status", "podIPs"),
      };
      shared.set(pod.source.index, facts);
    }
    return facts;
  };
  const ids = pods.map((pod) => `${cluster.name}/${pod.namespace}/${pod.name}`);
  const placements = pods.map((pod) => placer.place(pod.podSpec, pod.ordinal));
  // Pending pods get no address; the others' requests are indexed by pod.
  const requestOf: number[] = new Array(pods.length).fill(-1);
  const requests: AddressRequest[] = [];
  pods.forEach((pod, i) => {
    const placement = placements[i]!;
    if (placement.kind !== "scheduled") reportPlacement(ctx, pod, placement);
    if (placement.kind === "unschedulable") return;
    const facts = sharedFacts(pod);
    requestOf[i] = requests.length;
    requests.push({
      key: ids[i]!,
      declared: pod.declaredIps,
      families: cluster.ipFamilies,
      owner: facts.owner,
      path: facts.ipsPath,
    });
  });
  const addresses = assignAddresses(ctx, pools, requests);
  return pods.map((pod, i): Workload => {
    const placement = placements[i]!;
    const facts = sharedFacts(pod);
    const id = ids[i]!;
    const scheduled = placement.kind !== "unschedulable";
    const workload: Mutable<Workload> = {
      id,
      cluster: cluster.name,
      namespace: pod.namespace,
      name: pod.name,
      kind: "Pod",
      owner: pod.owner,
      labels: facts.dataplane.labels,
      annotations: facts.dataplane.annotations,
      serviceAccount: facts.serviceAccount,
      identity: facts.identity,
      ips: scheduled ? addresses[requestOf[i]!]! : [],
      locality: placementLocality(placement),
      network: facts.network,
      networkSource: facts.networkSource,
      health: scheduled ? pod.health : "unhealthy",
      dataplane: facts.dataplane.dataplane,
      dataplaneReason: facts.dataplane.reason,
      ports: facts.ports,
    };
    if (scheduled) workload.node = placement.node;
    return workload;
  });
}
