import { type Cluster, istioObjects, type KubeObject, type Mesh } from "@meshwright/core";
import { DEFAULT_EXPORT_TO, type ExportTo, parseExportTo } from "../routing/export-to";
import { serviceExportTo } from "../routing/routable-service";
import { labelCount, mayNameHost } from "./host-patterns";
import type { MatrixDestination } from "./types";

/** A namespaced networking object of one istiod's config: where it lives and what it may touch. */
interface ScopedObject {
  readonly kind: "VirtualService" | "DestinationRule" | "ServiceEntry";
  readonly namespace: string;
  readonly hosts: readonly string[];
  /** Namespaces the object names: `exportTo` entries and VirtualService `sourceNamespace` matches. */
  readonly namedNamespaces: readonly string[];
  /** Exported to every namespace and (a DestinationRule) without `workloadSelector`. */
  readonly public: boolean;
}

/**
 * Whether clients of every namespace find `object` alike, so the namespace it lives in does not
 * count for `hostNamespace`'s host. A public VirtualService comes after the private and
 * exported-to ones of every namespace alike (`PushContext.VirtualServicesForGateway`; only routes
 * made from Gateway API resources are favoured in their own namespace, and the simulator reads
 * VirtualServices only; `vs-index.ts`). A public DestinationRule without selector living in the
 * host's namespace is found by that namespace's clients as their own namespace's rule and by the
 * others as the service namespace's export: the same rule (`PushContext.destinationRule` steps 1
 * and 3, `destination-rule.ts`). Elsewhere a DestinationRule is found only from its namespace (and
 * the root namespace, which always counts).
 */
function alikeFromEveryNamespace(object: ScopedObject, hostNamespace: string): boolean {
  if (!object.public) return false;
  if (object.kind === "VirtualService") return true;
  return object.kind === "DestinationRule" && object.namespace === hostNamespace;
}

type Json = Readonly<Record<string, unknown>>;
const record = (value: unknown): Json =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

/** An object's `exportTo` as routing reads it (routing reports its bad entries; here they are only skipped). */
const exportToOf = (spec: Json, namespace: string, defaults: readonly string[]): ExportTo =>
  parseExportTo(strings(spec.exportTo), namespace, defaults, "$.spec.exportTo").exportTo;

function sourceNamespaces(spec: Json): string[] {
  const out: string[] = [];
  for (const section of ["http", "tcp", "tls"]) {
    for (const route of Array.isArray(spec[section]) ? (spec[section] as unknown[]) : []) {
      const matches = record(route).match;
      for (const match of Array.isArray(matches) ? matches : []) {
        const ns = record(match).sourceNamespace;
        if (typeof ns === "string") out.push(ns);
      }
    }
  }
  return out;
}

function scopedObjects(resources: readonly KubeObject[]): ScopedObject[] {
  const out: ScopedObject[] = [];
  const namespaceOf = (o: KubeObject) => o.metadata.namespace ?? "default";
  for (const vs of istioObjects(resources, "VirtualService")) {
    const spec = record(vs.spec);
    const exportTo = exportToOf(spec, namespaceOf(vs), DEFAULT_EXPORT_TO.virtualService);
    out.push({
      kind: "VirtualService",
      namespace: namespaceOf(vs),
      hosts: strings(spec.hosts),
      namedNamespaces: [...exportTo.namespaces, ...sourceNamespaces(spec)],
      public: exportTo.public,
    });
  }
  for (const dr of istioObjects(resources, "DestinationRule")) {
    const spec = record(dr.spec);
    const exportTo = exportToOf(spec, namespaceOf(dr), DEFAULT_EXPORT_TO.destinationRule);
    out.push({
      kind: "DestinationRule",
      namespace: namespaceOf(dr),
      hosts: typeof spec.host === "string" ? [spec.host] : [],
      namedNamespaces: [...exportTo.namespaces],
      public: spec.workloadSelector === undefined && exportTo.public,
    });
  }
  for (const se of istioObjects(resources, "ServiceEntry")) {
    const spec = record(se.spec);
    const exportTo = exportToOf(spec, namespaceOf(se), DEFAULT_EXPORT_TO.service);
    out.push({
      kind: "ServiceEntry",
      namespace: namespaceOf(se),
      hosts: strings(spec.hosts),
      namedNamespaces: [...exportTo.namespaces],
      public: exportTo.public,
    });
  }
  return out;
}

/** What one istiod's config makes depend on the client's namespace and locality. */
interface PlaneFacts {
  readonly objects: readonly ScopedObject[];
  /** Namespaces holding a Sidecar: its egress scope changes what the namespace's clients see. */
  readonly sidecarNamespaces: readonly string[];
  /** MeshConfig locality settings that act without a DestinationRule (distribute, failover lists, zone-aware). */
  readonly meshLocality: boolean;
}

function planeFacts(cluster: Cluster): PlaneFacts {
  const lb = cluster.effectiveMeshConfig.localityLbSetting;
  const meshLocality =
    lb?.enabled !== false &&
    ((lb?.distribute?.length ?? 0) > 0 ||
      (lb?.failover?.length ?? 0) > 0 ||
      (lb?.failoverPriority?.length ?? 0) > 0 ||
      cluster.effectiveMeshConfig.zoneAwareLbSetting !== undefined);
  return {
    objects: scopedObjects(cluster.resources),
    sidecarNamespaces: istioObjects(cluster.resources, "Sidecar").map(
      (s) => s.metadata.namespace ?? "default",
    ),
    meshLocality,
  };
}

/**
 * Which attributes of a client can change the client side of a request to a destination, for the
 * clients of one istiod. Everything else about two clients being equal, their requests are
 * processed alike up to the server:
 * - the namespace matters only where some object makes it matter: a Sidecar in it, a VirtualService /
 *   DestinationRule / ServiceEntry for the host living in it (unless every namespace finds it alike,
 *   see `alikeFromEveryNamespace`) or naming it (`exportTo`, `sourceNamespace`; the
 *   client-namespace DestinationRule takes precedence, `pilot/pkg/model/sidecar.go` destinationRule
 *   lookup), the root namespace, a host its DNS search
 *   path could complete to (`<name>.<ns>.svc...`), and the host's own namespace only where a client
 *   there may see the Service when others do not: a declaration exports it to fewer than all
 *   namespaces (`exportTo: .`, names, `~`), or the istiod has a Sidecar (its `./*` egress import
 *   means the client's own namespace; `SidecarScope` resolves `.` per proxy namespace). A public
 *   Service is visible alike from every namespace (`servicesExportedToNamespace`);
 * - the locality (and node) matters only where a load-balancing rule reads it: a DestinationRule for
 *   the host (locality failover, `failoverPriority`, `distribute`), MeshConfig `distribute` / failover
 *   / zone-aware settings, or a service traffic distribution other than `Any` / internalTrafficPolicy
 *   `Local` (istio-semantics §1.3–1.10).
 */
export class ClientRelevance {
  private readonly facts = new Map<string, PlaneFacts>();
  private readonly namespaceMemo = new Map<string, ReadonlySet<string>>();
  private readonly topologyMemo = new Map<string, boolean>();
  /** Namespaces a search-path completion of an FQDN could hit (hosts with extra labels under `.<ns>.svc.`). */
  private readonly searchPathNamespaces: ReadonlySet<string>;
  /**
   * Per host: its Services' named `exportTo` namespaces, whether any declaration exports it to
   * fewer than all namespaces, and whether any has a non-default distribution.
   */
  private readonly hostFacts = new Map<
    string,
    { exportNamespaces: string[]; restricted: boolean; topology: boolean }
  >();

  constructor(
    private readonly mesh: Mesh,
    private readonly configClusterOf: (cluster: string) => Cluster | undefined,
  ) {
    const searchPath = new Set<string>();
    const note = (host: string) => {
      const labels = host.split(".");
      const svc = labels.indexOf("svc");
      // `<a>.<b>.<ns>.svc.<domain>`: a client of `<ns>` asking for `<a>.<b>` would reach it.
      if (svc >= 3) searchPath.add(labels[svc - 1]!);
    };
    for (const cluster of mesh.clusters) {
      for (const service of cluster.services) {
        if (labelCount(service.hostname) > 5) note(service.hostname);
        const entry = this.hostFacts.get(service.hostname) ?? {
          exportNamespaces: [],
          restricted: false,
          topology: false,
        };
        const exportTo = serviceExportTo(service, DEFAULT_EXPORT_TO.service);
        entry.exportNamespaces.push(...exportTo.namespaces);
        if (!exportTo.public) entry.restricted = true;
        if (service.trafficDistribution !== "Any" || service.internalTrafficPolicy === "Local")
          entry.topology = true;
        this.hostFacts.set(service.hostname, entry);
      }
      for (const se of istioObjects(cluster.resources, "ServiceEntry")) {
        for (const host of strings(record(se.spec).hosts)) note(host.toLowerCase());
      }
    }
    this.searchPathNamespaces = searchPath;
  }

  private factsOf(plane: Cluster): PlaneFacts {
    let facts = this.facts.get(plane.name);
    if (!facts) {
      facts = planeFacts(plane);
      this.facts.set(plane.name, facts);
    }
    return facts;
  }

  /** Namespaces whose clients of `cluster` may see `destination` differently from any other namespace's. */
  namespaces(cluster: string, destination: MatrixDestination): ReadonlySet<string> {
    const plane = this.configClusterOf(cluster);
    const key = `${plane?.name ?? ""}\u0000${destination.host}`;
    let found = this.namespaceMemo.get(key);
    if (found) return found;
    const out = new Set<string>([...this.searchPathNamespaces, this.mesh.rootNamespace]);
    const host = this.hostFacts.get(destination.host);
    for (const ns of host?.exportNamespaces ?? []) out.add(ns);
    const facts = plane && this.factsOf(plane);
    const hostNamespace = destination.service.slice(0, destination.service.indexOf("/"));
    // A host without facts cannot be a destination; counted as restricted to stay generous.
    if (!facts || (host?.restricted ?? true) || facts.sidecarNamespaces.length > 0) {
      out.add(hostNamespace);
      out.add(destination.host.split(".")[1] ?? "");
    }
    if (facts) {
      for (const ns of facts.sidecarNamespaces) out.add(ns);
      for (const object of facts.objects) {
        if (object.hosts.length > 0 && !object.hosts.some((h) => mayNameHost(h, destination.host))) continue;
        if (!alikeFromEveryNamespace(object, hostNamespace)) out.add(object.namespace);
        for (const ns of object.namedNamespaces) out.add(ns);
      }
    }
    found = out;
    this.namespaceMemo.set(key, found);
    return found;
  }

  /** Whether the locality (and node) of a client of `cluster` may change its balancing for `destination`. */
  topology(cluster: string, destination: MatrixDestination): boolean {
    const plane = this.configClusterOf(cluster);
    const key = `${plane?.name ?? ""}\u0000${destination.host}`;
    let found = this.topologyMemo.get(key);
    if (found !== undefined) return found;
    found = this.hostFacts.get(destination.host)?.topology ?? false;
    if (!found && plane) {
      const facts = this.factsOf(plane);
      found =
        facts.meshLocality ||
        facts.objects.some(
          (o) => o.kind === "DestinationRule" && o.hosts.some((h) => mayNameHost(h, destination.host)),
        );
    }
    this.topologyMemo.set(key, found);
    return found;
  }
}
