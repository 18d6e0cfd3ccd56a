import { getOrCreate } from "@meshwright/core";
import { describeFault, type Fault } from "./fault";

/** The name a gateway fault without a gateway name stands for: every gateway of its cluster. */
const EVERY_GATEWAY = "*";

/**
 * Injected faults as fast lookups: what the data path can still reach, and what the control
 * planes were told. Built once per compile.
 */
export class FaultState {
  private readonly downClusters = new Set<string>();
  // Nested by cluster (by network for partitions): the data path asks per gateway host of every
  // view, and a lookup builds no key.
  private readonly downGateways = new Map<string, Set<string>>();
  private readonly addresslessGateways = new Map<string, Set<string>>();
  private readonly unhealthy = new Set<string>();
  readonly ejected = new Set<string>();
  private readonly partitions = new Map<string, Set<string>>();

  /** The faults as traces list them (`describeFault`), made once. */
  readonly described: readonly string[];

  constructor(readonly faults: readonly Fault[]) {
    this.described = Object.freeze(faults.map(describeFault));
    for (const fault of faults) {
      switch (fault.kind) {
        case "cluster-down":
          this.downClusters.add(fault.cluster);
          break;
        case "gateway-down":
          getOrCreate(this.downGateways, fault.cluster, () => new Set()).add(fault.gateway ?? EVERY_GATEWAY);
          break;
        case "gateway-no-address":
          getOrCreate(this.addresslessGateways, fault.cluster, () => new Set()).add(
            fault.gateway ?? EVERY_GATEWAY,
          );
          break;
        case "unhealthy":
          for (const w of fault.workloads) this.unhealthy.add(w);
          break;
        case "ejected":
          for (const w of fault.workloads) this.ejected.add(w);
          break;
        case "partition":
          getOrCreate(this.partitions, fault.networks[0], () => new Set()).add(fault.networks[1]);
          getOrCreate(this.partitions, fault.networks[1], () => new Set()).add(fault.networks[0]);
          break;
        case "remote-api-unreachable":
          // Applied where the control planes are built (controlPlanes()).
          break;
      }
    }
  }

  /** True when the cluster's nodes are gone. */
  clusterDown(cluster: string): boolean {
    return this.downClusters.has(cluster);
  }

  /** True when readiness fails for the workload (it leaves EDS / WDS as unhealthy). */
  isUnhealthy(workloadId: string): boolean {
    return this.unhealthy.has(workloadId);
  }

  /** True when the workload is ready: healthy in the model, and no readiness fault on it. */
  isReady(workload: { readonly id: string; readonly health: string }): boolean {
    return workload.health === "healthy" && !this.unhealthy.has(workload.id);
  }

  /** True when a packet to the workload gets an answer (its cluster is up). */
  workloadAnswers(workloadId: string, cluster: string): boolean {
    return !this.downClusters.has(cluster) && !this.unhealthy.has(workloadId);
  }

  /** True when the east-west gateway's pods are down (or its whole cluster is). */
  gatewayDown(cluster: string, name: string): boolean {
    return this.downClusters.has(cluster) || names(this.downGateways.get(cluster), name);
  }

  /**
   * `gatewayDown` for a network gateway of istiod's EDS index, which names it
   * `<namespace>/<name>` (a fault names the gateway alone).
   */
  networkGatewayDown(gw: { readonly cluster: string; readonly name: string }): boolean {
    return this.gatewayDown(gw.cluster, gw.name.slice(gw.name.indexOf("/") + 1));
  }

  /** True when the gateway's Service lost its load-balancer address. */
  gatewayWithoutAddress(cluster: string, name: string): boolean {
    return names(this.addresslessGateways.get(cluster), name);
  }

  /** True when traffic can pass between the two networks. */
  networksConnected(a: string, b: string): boolean {
    return a === b || !this.partitions.get(a)?.has(b);
  }
}

/** Whether a cluster's gateway faults (`undefined`: none) name this gateway. */
function names(faulted: ReadonlySet<string> | undefined, gateway: string): boolean {
  return faulted !== undefined && (faulted.has(gateway) || faulted.has(EVERY_GATEWAY));
}
