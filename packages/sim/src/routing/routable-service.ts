import { type Diagnostic, getOrCreate, type ServiceModel } from "@meshwright/core";
import { type ExportTo, parseExportTo } from "./export-to";
import { type PortTraffic, portTraffic } from "./port-protocol";

/** One port of a service as routing sees it. */
export interface RoutablePort {
  readonly port: number;
  readonly name?: string;
  readonly traffic: PortTraffic;
}

/**
 * A service in the registry of the client's istiod, reduced to what routing needs: a Kubernetes
 * Service (namespace sameness already applied: one entry per hostname and namespace, ports from
 * the first cluster in registry order, istio-semantics §4.1) or one host of a ServiceEntry.
 */
export interface RoutableService {
  readonly hostname: string;
  readonly namespace: string;
  /** Kubernetes Service name, or the host for ServiceEntries. */
  readonly name: string;
  /** `Kubernetes` services win over ServiceEntries of the same host (`initServiceRegistry`). */
  readonly registry: "Kubernetes" | "External";
  readonly ports: readonly RoutablePort[];
  readonly exportTo: ExportTo;
  readonly creationTimestamp?: string;
  /** Addresses the proxy's listener and virtual-host domains use for this service. */
  readonly addresses: readonly string[];
}

/** The annotation that sets a Kubernetes Service's `exportTo` (`networking.istio.io/exportTo`). */
export const SERVICE_EXPORT_TO_ANNOTATION = "networking.istio.io/exportTo";

/**
 * Routable services from the Kubernetes / ECS services an istiod reads, in registry order (own
 * cluster first). Same hostname + namespace = one service (namespace sameness): the first supplies
 * ports and exportTo; later clusters only add their VIPs (`aggregate/controller.go` mergeService).
 */
export function routableServicesFromModel(
  services: readonly ServiceModel[],
  defaultExportTo: readonly string[],
): { services: RoutableService[]; diagnostics: Diagnostic[] } {
  const byKey = new Map<string, { service: RoutableService; addresses: string[]; seen: Set<string> }>();
  const diagnostics: Diagnostic[] = [];
  const defaultsKey = defaultExportTo.join(",");
  for (const model of services) {
    const own = ownPart(model, defaultExportTo, defaultsKey);
    const existing = byKey.get(own.key);
    if (existing) {
      for (const ip of model.clusterIps) {
        if (existing.seen.has(ip)) continue;
        existing.seen.add(ip);
        existing.addresses.push(ip);
      }
      continue;
    }
    diagnostics.push(...own.diagnostics);
    const addresses = [...model.clusterIps];
    byKey.set(own.key, {
      addresses,
      seen: new Set(addresses),
      service: {
        hostname: model.hostname,
        namespace: model.namespace,
        name: model.name,
        registry: model.origin === "kubernetes" ? "Kubernetes" : "External",
        ports: own.ports,
        exportTo: own.exportTo,
        addresses,
      },
    });
  }
  return { services: [...byKey.values()].map((entry) => entry.service), diagnostics };
}

/** A Kubernetes Service's exportTo (its annotation, else the defaults), kept per object. */
export function serviceExportTo(model: ServiceModel, defaultExportTo: readonly string[]): ExportTo {
  return ownPart(model, defaultExportTo, defaultExportTo.join(",")).exportTo;
}

/** What one Service object contributes whichever istiod reads it (for a given default exportTo). */
interface OwnPart {
  /** `<namespace>/<hostname>`: the namespace-sameness key. */
  readonly key: string;
  readonly ports: readonly RoutablePort[];
  readonly exportTo: ExportTo;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Every istiod reading a cluster converts the same Service objects (an istiod of a 50-cluster mesh
 * reads all 50), so the conversion is kept per object and default exportTo.
 */
const OWN_PARTS = new WeakMap<ServiceModel, Map<string, OwnPart>>();

function ownPart(model: ServiceModel, defaultExportTo: readonly string[], defaultsKey: string): OwnPart {
  const byDefaults = getOrCreate(OWN_PARTS, model, () => new Map<string, OwnPart>());
  return getOrCreate(byDefaults, defaultsKey, () => {
    const annotation = model.annotations[SERVICE_EXPORT_TO_ANNOTATION];
    const values = annotation
      ?.split(",")
      .map((v) => v.trim())
      .filter((v) => v !== "");
    const parsed = parseExportTo(
      values,
      model.namespace,
      defaultExportTo,
      `Service/${model.namespace}/${model.name}.metadata.annotations["${SERVICE_EXPORT_TO_ANNOTATION}"]`,
    );
    return {
      key: `${model.namespace}/${model.hostname}`,
      ports: model.ports.map((p) => ({
        port: p.port,
        ...(p.name !== undefined ? { name: p.name } : {}),
        traffic: portTraffic(p),
      })),
      exportTo: parsed.exportTo,
      diagnostics: parsed.diagnostics.map((d) => ({ ...d, cluster: model.cluster })),
    };
  });
}
