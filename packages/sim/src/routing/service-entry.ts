import {
  type Diagnostic,
  type IstioKinds,
  type Locality,
  matchesLabelMap,
  parseLocality,
  type Workload,
} from "@meshwright/core";
import { routingDiagnostic } from "./codes";
import { type ExportTo, parseExportTo } from "./export-to";
import { isIpAddress } from "./host-name";
import { objectRef } from "./object-ref";
import { portTraffic } from "./port-protocol";
import type { RoutableService } from "./routable-service";
import {
  type ReadContext,
  readNumber,
  readRecord,
  readRecordList,
  readString,
  readStringList,
  readStringMap,
} from "./spec-reader";

/** `ServiceEntry.location`: whether the service is part of the mesh (mTLS, identities) or outside it. */
export type ServiceEntryLocation = "MESH_EXTERNAL" | "MESH_INTERNAL";

/** `ServiceEntry.resolution`: how the proxy finds the endpoints. */
export type ServiceEntryResolution = "NONE" | "STATIC" | "DNS" | "DNS_ROUND_ROBIN" | "DYNAMIC_DNS";

/** One port of a ServiceEntry. */
export interface ServiceEntryPort {
  readonly number: number;
  readonly name: string;
  /** As written (`HTTP`, `TCP`, `TLS`, ...); empty when omitted. */
  readonly protocol: string;
  readonly targetPort?: number;
}

/** One endpoint of a ServiceEntry host (an inline WorkloadEntry, or the host itself for DNS). */
export interface ServiceEntryEndpoint {
  /** IP, DNS name (DNS resolutions), or `unix://` path. */
  readonly address: string;
  readonly addressKind: "ip" | "hostname" | "unix";
  /** Service port number → the port the endpoint listens on (we.ports > targetPort > number). */
  readonly ports: Readonly<Record<number, number>>;
  readonly labels: Readonly<Record<string, string>>;
  /** The endpoint's network, or the ServiceEntry's cluster network when unset. */
  readonly network: string;
  readonly locality: Locality;
  /** LB weight; default 1. */
  readonly weight: number;
  readonly serviceAccount?: string;
  /** `security.istio.io/tlsMode` label, else `istio` when a serviceAccount is set (`getTLSModeFromWorkloadEntry`). */
  readonly tlsMode: "istio" | "disabled";
}

/**
 * One host of a ServiceEntry as a registry service (`serviceentry/conversion.go` convertServices:
 * a ServiceEntry with N hosts is N services) — the neutral structure the simulator merges into the
 * registry of the istiod that reads the ServiceEntry's cluster.
 */
export interface ServiceEntryService {
  /** `<namespace>/<hostname>`, the registry key (`Service.Key()`). */
  readonly key: string;
  readonly hostname: string;
  readonly namespace: string;
  /** The ServiceEntry object's name. */
  readonly entryName: string;
  readonly cluster: string;
  readonly creationTimestamp?: string;
  readonly location: ServiceEntryLocation;
  readonly resolution: ServiceEntryResolution;
  /** `spec.addresses` (CIDRs of one address become the address). */
  readonly addresses: readonly string[];
  /** Addresses from `status.addresses` for this host (written by istiod's IP allocator), if present. */
  readonly statusAddresses: readonly string[];
  readonly ports: readonly ServiceEntryPort[];
  readonly endpoints: readonly ServiceEntryEndpoint[];
  /** Where the endpoints come from. */
  readonly endpointSource: "endpoints" | "workload-selector" | "hostname" | "none";
  readonly workloadSelector?: Readonly<Record<string, string>>;
  /** Ids of the workloads (pods, WorkloadEntries) the selector picks, in the ServiceEntry's namespace. */
  readonly selectedWorkloads: readonly string[];
  readonly exportTo: ExportTo;
  readonly subjectAltNames: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  /** Opt-out label `networking.istio.io/enable-autoallocate-ip: "false"`. */
  readonly autoAllocateOptOut: boolean;
}

/** Where the ServiceEntries come from and what they may select. */
export interface ServiceEntryContext {
  readonly cluster: string;
  /** Network of endpoints that do not set one (the cluster's network). */
  readonly defaultNetwork: string;
  /** Workloads that `workloadSelector` may pick (same namespace as the ServiceEntry). */
  readonly workloads: readonly Workload[];
  readonly defaultExportTo: readonly string[];
}

const RESOLUTIONS = new Set<ServiceEntryResolution>([
  "NONE",
  "STATIC",
  "DNS",
  "DNS_ROUND_ROBIN",
  "DYNAMIC_DNS",
]);
const TLS_MODE_LABEL = "security.istio.io/tlsMode";
const AUTOALLOCATE_LABEL = "networking.istio.io/enable-autoallocate-ip";

/**
 * Reads ServiceEntries into registry services (one per host), in the order given. Defaults as the
 * API: `location: MESH_EXTERNAL`, `resolution: NONE` (both are enum value 0). A DNS ServiceEntry
 * without endpoints or selector gets its own host as the endpoint (`convertServiceEntryToInstances`).
 */
export function serviceEntryServices(
  entries: readonly IstioKinds["ServiceEntry"][],
  context: ServiceEntryContext,
): { services: ServiceEntryService[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const services: ServiceEntryService[] = [];
  const workloadsByNamespace = new Map<string, Workload[]>();
  for (const w of context.workloads) {
    const list = workloadsByNamespace.get(w.namespace) ?? [];
    list.push(w);
    workloadsByNamespace.set(w.namespace, list);
  }
  for (const entry of entries) {
    const namespace = entry.metadata.namespace ?? "default";
    const ctx: ReadContext = { object: objectRef(entry), cluster: context.cluster, diagnostics };
    const spec = readRecord(ctx, entry.spec, "$.spec") ?? {};
    const hosts = readStringList(ctx, spec.hosts, "$.spec.hosts") ?? [];
    if (hosts.length === 0) {
      diagnostics.push(
        routingDiagnostic("SE_NO_HOSTS", {
          message: `${ctx.object} has no hosts; it defines no service`,
          path: "$.spec.hosts",
          cluster: context.cluster,
        }),
      );
      continue;
    }
    const ports = readPorts(ctx, spec.ports);
    if (ports.length === 0)
      diagnostics.push(
        routingDiagnostic("SE_NO_PORTS", {
          message: `${ctx.object} declares no ports`,
          path: "$.spec.ports",
          cluster: context.cluster,
        }),
      );
    const location: ServiceEntryLocation =
      readString(ctx, spec.location, "$.spec.location") === "MESH_INTERNAL"
        ? "MESH_INTERNAL"
        : "MESH_EXTERNAL";
    const resolutionText = readString(ctx, spec.resolution, "$.spec.resolution") ?? "NONE";
    const resolution = RESOLUTIONS.has(resolutionText as ServiceEntryResolution)
      ? (resolutionText as ServiceEntryResolution)
      : "NONE";
    const addresses = readAddresses(ctx, spec.addresses);
    const selector = readStringMap(
      ctx,
      readRecord(ctx, spec.workloadSelector, "$.spec.workloadSelector")?.labels,
      "$.spec.workloadSelector.labels",
    );
    const inlineEndpoints = readEndpoints(ctx, spec.endpoints, ports, context.defaultNetwork);
    if (inlineEndpoints.length > 0 && selector !== undefined)
      diagnostics.push(
        routingDiagnostic("SE_ENDPOINTS_AND_SELECTOR", {
          message: `${ctx.object} sets both endpoints and workloadSelector`,
          path: "$.spec.workloadSelector",
          cluster: context.cluster,
        }),
      );
    if (resolution === "STATIC" && inlineEndpoints.length === 0 && selector === undefined)
      diagnostics.push(
        routingDiagnostic("SE_STATIC_WITHOUT_ENDPOINTS", {
          message: `${ctx.object} has resolution STATIC but no endpoints or workloadSelector`,
          path: "$.spec.endpoints",
          cluster: context.cluster,
        }),
      );
    const exportTo = parseExportTo(
      readStringList(ctx, spec.exportTo, "$.spec.exportTo"),
      namespace,
      context.defaultExportTo,
      "$.spec.exportTo",
    );
    diagnostics.push(...exportTo.diagnostics.map((d) => ({ ...d, cluster: context.cluster })));
    const selectedWorkloads =
      selector === undefined
        ? []
        : (workloadsByNamespace.get(namespace) ?? [])
            .filter((w) => matchesLabelMap(selector, w.labels))
            .map((w) => w.id);
    const statusByHost = readStatusAddresses(ctx, entry.status);
    const labels = entry.metadata.labels ?? {};
    for (const hostname of hosts) {
      const dnsHost =
        inlineEndpoints.length === 0 &&
        selector === undefined &&
        (resolution === "DNS" || resolution === "DNS_ROUND_ROBIN");
      const endpoints = dnsHost ? [hostEndpoint(hostname, ports, context.defaultNetwork)] : inlineEndpoints;
      services.push({
        key: `${namespace}/${hostname}`,
        hostname,
        namespace,
        entryName: entry.metadata.name,
        cluster: context.cluster,
        ...(entry.metadata.creationTimestamp !== undefined
          ? { creationTimestamp: entry.metadata.creationTimestamp }
          : {}),
        location,
        resolution,
        addresses,
        statusAddresses: statusByHost.get(hostname) ?? [],
        ports,
        endpoints,
        endpointSource: dnsHost
          ? "hostname"
          : inlineEndpoints.length > 0
            ? "endpoints"
            : selector !== undefined
              ? "workload-selector"
              : "none",
        ...(selector !== undefined ? { workloadSelector: selector } : {}),
        selectedWorkloads,
        exportTo: exportTo.exportTo,
        subjectAltNames: readStringList(ctx, spec.subjectAltNames, "$.spec.subjectAltNames") ?? [],
        labels,
        autoAllocateOptOut: labels[AUTOALLOCATE_LABEL]?.toLowerCase() === "false",
      });
    }
  }
  return { services, diagnostics };
}

function readPorts(ctx: ReadContext, value: unknown): ServiceEntryPort[] {
  const out: ServiceEntryPort[] = [];
  for (const { record, index } of readRecordList(ctx, value, "$.spec.ports")) {
    const path = `$.spec.ports[${index}]`;
    const number = readNumber(ctx, record.number, `${path}.number`);
    if (number === undefined) continue;
    const targetPort = readNumber(ctx, record.targetPort, `${path}.targetPort`);
    out.push({
      number,
      name: readString(ctx, record.name, `${path}.name`) ?? "",
      protocol: (readString(ctx, record.protocol, `${path}.protocol`) ?? "").toUpperCase(),
      ...(targetPort !== undefined && targetPort > 0 ? { targetPort } : {}),
    });
  }
  return out;
}

/** IPs as written; a CIDR of a single address (`/32`, `/128`) becomes that address (`convertServices`). */
function readAddresses(ctx: ReadContext, value: unknown): string[] {
  const out: string[] = [];
  (readStringList(ctx, value, "$.spec.addresses") ?? []).forEach((address, index) => {
    const slash = address.indexOf("/");
    const ip = slash < 0 ? address : address.slice(0, slash);
    const bits = slash < 0 ? undefined : Number(address.slice(slash + 1));
    if (!isIpAddress(ip) || (bits !== undefined && !Number.isInteger(bits))) {
      ctx.diagnostics.push(
        routingDiagnostic("SE_ADDRESS_INVALID", {
          message: `${ctx.object}: ${JSON.stringify(address)} is not an IP address or CIDR`,
          path: `$.spec.addresses[${index}]`,
          found: address,
          ...(ctx.cluster !== undefined ? { cluster: ctx.cluster } : {}),
        }),
      );
      return;
    }
    const full = ip.includes(":") ? 128 : 32;
    out.push(bits === undefined || bits === full ? ip : address);
  });
  return out;
}

function readEndpoints(
  ctx: ReadContext,
  value: unknown,
  ports: readonly ServiceEntryPort[],
  defaultNetwork: string,
): ServiceEntryEndpoint[] {
  const out: ServiceEntryEndpoint[] = [];
  for (const { record, index } of readRecordList(ctx, value, "$.spec.endpoints")) {
    const path = `$.spec.endpoints[${index}]`;
    const address = readString(ctx, record.address, `${path}.address`) ?? "";
    const labels = readStringMap(ctx, record.labels, `${path}.labels`) ?? {};
    const namedPorts = readStringMap(ctx, record.ports, `${path}.ports`) ?? {};
    const serviceAccount = readString(ctx, record.serviceAccount, `${path}.serviceAccount`);
    const weight = readNumber(ctx, record.weight, `${path}.weight`);
    const portMap: Record<number, number> = {};
    for (const port of ports) {
      // Port priority: endpoint's named port > targetPort > service port (convertWorkloadInstanceToServiceInstance).
      const named = namedPorts[port.name];
      portMap[port.number] = named !== undefined ? Number(named) : (port.targetPort ?? port.number);
    }
    const tlsLabel = labels[TLS_MODE_LABEL];
    out.push({
      address,
      addressKind: address.startsWith("unix://") ? "unix" : isIpAddress(address) ? "ip" : "hostname",
      ports: portMap,
      labels,
      network: readString(ctx, record.network, `${path}.network`) ?? defaultNetwork,
      locality: parseLocality(readString(ctx, record.locality, `${path}.locality`) ?? ""),
      weight: weight !== undefined && weight > 0 ? weight : 1,
      ...(serviceAccount !== undefined ? { serviceAccount } : {}),
      tlsMode:
        tlsLabel !== undefined
          ? tlsLabel === "istio"
            ? "istio"
            : "disabled"
          : serviceAccount !== undefined && serviceAccount !== ""
            ? "istio"
            : "disabled",
    });
  }
  return out;
}

function hostEndpoint(
  hostname: string,
  ports: readonly ServiceEntryPort[],
  network: string,
): ServiceEntryEndpoint {
  const portMap: Record<number, number> = {};
  for (const port of ports) portMap[port.number] = port.targetPort ?? port.number;
  return {
    address: hostname,
    addressKind: "hostname",
    ports: portMap,
    labels: {},
    network,
    locality: parseLocality(""),
    weight: 1,
    tlsMode: "disabled",
  };
}

function readStatusAddresses(ctx: ReadContext, status: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const record = readRecord(ctx, status, "$.status");
  for (const { record: address, index } of readRecordList(ctx, record?.addresses, "$.status.addresses")) {
    const host = readString(ctx, address.host, `$.status.addresses[${index}].host`);
    const value = readString(ctx, address.value, `$.status.addresses[${index}].value`);
    if (host === undefined || value === undefined || !isIpAddress(value)) continue;
    out.set(host, [...(out.get(host) ?? []), value]);
  }
  return out;
}

/** The routing view of a ServiceEntry host (registry `External`, ports classified by protocol). */
export function routableFromServiceEntry(
  service: ServiceEntryService,
  autoAllocated: readonly string[] = [],
): RoutableService {
  return {
    hostname: service.hostname,
    namespace: service.namespace,
    name: service.hostname,
    registry: "External",
    ports: service.ports.map((p) => ({
      port: p.number,
      ...(p.name !== "" ? { name: p.name } : {}),
      // ServiceEntry ports declare their protocol; unlike Service ports the name is not parsed.
      traffic: portTraffic({ appProtocol: p.protocol }),
    })),
    exportTo: service.exportTo,
    ...(service.creationTimestamp !== undefined ? { creationTimestamp: service.creationTimestamp } : {}),
    addresses: service.addresses.length > 0 ? service.addresses : autoAllocated,
  };
}
