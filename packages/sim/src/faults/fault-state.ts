import type { Fault } from "./fault";

/**
 * Injected faults as fast lookups: what the data path can still reach, and what the control
 * planes were told. Built once per compile.
 */
export class FaultState {
  private readonly downClusters = new Set<string>();
  private readonly downGateways = new Set<string>();
  private readonly addresslessGateways = new Set<string>();
  private readonly unhealthy = new Set<string>();
  readonly ejected = new Set<string>();
  private readonly partitions = new Set<string>();

  constructor(readonly faults: readonly Fault[]) {
    for (const fault of faults) {
      switch (fault.kind) {
        case "cluster-down":
          this.downClusters.add(fault.cluster);
          break;
        case "gateway-down":
          this.downGateways.add(gatewayKey(fault.cluster, fault.gateway));
          break;
        case "gateway-no-address":
          this.addresslessGateways.add(gatewayKey(fault.cluster, fault.gateway));
          break;
        case "unhealthy":
          for (const w of fault.workloads) this.unhealthy.add(w);
          break;
        case "ejected":
          for (const w of fault.workloads) this.ejected.add(w);
          break;
        case "partition":
          this.partitions.add(pairKey(fault.networks[0], fault.networks[1]));
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

  /** True when a packet to the workload gets an answer (its cluster is up). */
  workloadAnswers(workloadId: string, cluster: string): boolean {
    return !this.downClusters.has(cluster) && !this.unhealthy.has(workloadId);
  }

  /** True when the east-west gateway's pods are down (or its whole cluster is). */
  gatewayDown(cluster: string, name: string): boolean {
    // The sets are empty unless faults were injected: no key is built then (a view asks per gateway host).
    return (
      this.downClusters.has(cluster) ||
      (this.downGateways.size > 0 &&
        (this.downGateways.has(gatewayKey(cluster, name)) ||
          this.downGateways.has(gatewayKey(cluster, undefined))))
    );
  }

  /** True when the gateway's Service lost its load-balancer address. */
  gatewayWithoutAddress(cluster: string, name: string): boolean {
    return (
      this.addresslessGateways.size > 0 &&
      (this.addresslessGateways.has(gatewayKey(cluster, name)) ||
        this.addresslessGateways.has(gatewayKey(cluster, undefined)))
    );
  }

  /** True when traffic can pass between the two networks. */
  networksConnected(a: string, b: string): boolean {
    return a === b || this.partitions.size === 0 || !this.partitions.has(pairKey(a, b));
  }
}

function gatewayKey(cluster: string, gateway: string | undefined): string {
  return `${cluster}\u0000${gateway ?? "*"}`;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}
