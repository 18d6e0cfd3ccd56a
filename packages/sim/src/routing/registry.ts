import { compareByCreation } from "../model/config-order";
import { visibleIn } from "./export-to";
import type { RoutableService } from "./routable-service";

/**
 * The service registry of one istiod for routing (`PushContext.ServiceIndex`): every Kubernetes
 * service and ServiceEntry host, oldest first (`SortServicesByCreationTime`: creation time, then name,
 * then namespace), indexed by hostname and by address.
 */
export interface RoutingRegistry {
  /** Every service, in registry order (visibility is checked per namespace with `serviceVisibleIn`). */
  readonly services: readonly RoutableService[];
  /** Services of a hostname, one per namespace (`HostnameAndNamespace`), in registry order. */
  byHostname(hostname: string): readonly RoutableService[];
  /** Services that own an address (VIP, ServiceEntry address, auto-allocated address). */
  byAddress(address: string): readonly RoutableService[];
}

/**
 * Builds the registry. For one hostname and namespace the oldest service wins, except that a
 * Kubernetes Service always beats a ServiceEntry ("domain squatting" protection, `initServiceRegistry`).
 */
export function buildRoutingRegistry(services: readonly RoutableService[]): RoutingRegistry {
  const ordered = [...services].sort(compareByCreation);
  const byHost = new Map<string, RoutableService[]>();
  const kept: RoutableService[] = [];
  for (const service of ordered) {
    const list = byHost.get(service.hostname) ?? [];
    const existing = list.findIndex((s) => s.namespace === service.namespace);
    if (existing >= 0) {
      if (list[existing]!.registry !== "Kubernetes" && service.registry === "Kubernetes") {
        kept[kept.indexOf(list[existing]!)] = service;
        list[existing] = service;
      }
      continue;
    }
    list.push(service);
    byHost.set(service.hostname, list);
    kept.push(service);
  }
  const byAddr = new Map<string, RoutableService[]>();
  for (const service of kept) {
    for (const address of service.addresses) {
      const list = byAddr.get(address) ?? [];
      list.push(service);
      byAddr.set(address, list);
    }
  }
  return {
    services: kept,
    byHostname: (hostname) => byHost.get(hostname) ?? [],
    byAddress: (address) => byAddr.get(address) ?? [],
  };
}

/** Whether a service is visible to proxies of `namespace` (`IsServiceVisible`). */
export function serviceVisibleIn(service: RoutableService, namespace: string): boolean {
  return visibleIn(service.exportTo, service.namespace, namespace);
}

/**
 * Picks one service among same-hostname services of several namespaces imported into one scope
 * (`selectServices`, unified sidecar scoping): the config namespace's, else a Kubernetes Service
 * over ServiceEntries, else the first.
 */
export function pickServiceForNamespace(
  candidates: readonly RoutableService[],
  configNamespace: string,
): RoutableService | undefined {
  let chosen: RoutableService | undefined;
  for (const service of candidates) {
    if (chosen === undefined || service.namespace === configNamespace) chosen = service;
    else if (
      chosen.registry !== "Kubernetes" &&
      service.registry === "Kubernetes" &&
      chosen.namespace !== configNamespace
    )
      chosen = service;
    if (chosen.namespace === configNamespace) break;
  }
  return chosen;
}
