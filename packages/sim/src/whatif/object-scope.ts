import {
  type Cluster,
  isIstioKind,
  istioObjects,
  type KubeObject,
  type Mesh,
  type Workload,
} from "@meshwright/core";
import { mayNameHost } from "../matrix/host-patterns";

/** What the scope of an object change needs to know of a simulation. */
export interface ScopeView {
  readonly mesh: Mesh;
  /** The config cluster of the istiod serving a cluster's proxies. */
  readonly configClusterOf: (cluster: string) => Cluster | undefined;
  /** The workloads a service selects. */
  readonly servers: (host: string) => readonly Workload[];
}

type Json = Readonly<Record<string, unknown>>;
const record = (value: unknown): Json =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

/** The hosts of every service of the mesh. */
function allHosts(mesh: Mesh): Set<string> {
  return new Set(mesh.clusters.flatMap((c) => c.services.map((s) => s.hostname)));
}

/** Whether a policy in `namespace` with `matchLabels` can attach to `w` (istio-semantics §2.1; generous). */
function mayAttach(w: Workload, namespace: string, matchLabels: Json, rootNamespace: string): boolean {
  if (namespace !== w.namespace && namespace !== rootNamespace) return false;
  return Object.entries(matchLabels).every(([k, v]) => w.labels[k] === v);
}

/** Hosts whose servers a policy (AuthorizationPolicy / PeerAuthentication) may attach to. */
function policyHosts(
  view: ScopeView,
  policy: KubeObject,
  cluster: string,
  serverSideOnly: boolean,
): Set<string> {
  const namespace = policy.metadata.namespace ?? "default";
  const matchLabels = record(record(record(policy.spec).selector).matchLabels);
  const out = new Set<string>();
  for (const host of allHosts(view.mesh)) {
    const hit = view
      .servers(host)
      .some(
        (w) =>
          (!serverSideOnly || view.configClusterOf(w.cluster)?.name === cluster) &&
          mayAttach(w, namespace, matchLabels, view.mesh.rootNamespace),
      );
    if (hit) out.add(host);
  }
  return out;
}

/** The hosts an object names (VirtualService / ServiceEntry `hosts`, DestinationRule `host`); empty = all. */
function namedHosts(object: KubeObject): string[] {
  const spec = record(object.spec);
  return object.kind === "DestinationRule" ? strings([spec.host]) : strings(spec.hosts);
}

/** Hosts of VirtualServices (any cluster) with a route to a host one of `patterns` may name. */
function hostsRoutingTo(mesh: Mesh, patterns: readonly string[], hosts: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const cluster of mesh.clusters) {
    for (const vs of istioObjects(cluster.resources, "VirtualService")) {
      const spec = record(vs.spec);
      const targets: string[] = [];
      for (const section of ["http", "tcp", "tls"]) {
        for (const route of Array.isArray(spec[section]) ? (spec[section] as unknown[]) : []) {
          for (const r of Array.isArray(record(route).route) ? (record(route).route as unknown[]) : []) {
            const host = record(record(r).destination).host;
            if (typeof host === "string") targets.push(host);
          }
        }
      }
      if (!targets.some((t) => patterns.some((p) => mayNameHost(t, p) || mayNameHost(p, t)))) continue;
      const vsHosts = strings(spec.hosts);
      for (const host of hosts)
        if (vsHosts.length === 0 || vsHosts.some((h) => mayNameHost(h, host))) out.add(host);
    }
  }
  return out;
}

/**
 * The destination hosts whose outcomes an added or removed object in `cluster` may change, or
 * undefined when it may change any:
 * - AuthorizationPolicy: hosts with a workload it may attach to among the workloads enforced with
 *   the config of `cluster`'s istiod (istio-semantics §2.1, §4.4);
 * - PeerAuthentication: hosts with a workload it may attach to anywhere (the istiod of `cluster`
 *   also reads it for its clients' auto mTLS, `mtls_checker.go`);
 * - VirtualService / DestinationRule / ServiceEntry: the hosts it may name, and the hosts of
 *   VirtualServices routing to them;
 * - anything else (Sidecar, workloads, Services, gateways...): every host.
 */
export function objectHosts(view: ScopeView, object: KubeObject, cluster: string): Set<string> | undefined {
  if (isIstioKind(object, "AuthorizationPolicy")) return policyHosts(view, object, cluster, true);
  if (isIstioKind(object, "PeerAuthentication")) return policyHosts(view, object, cluster, false);
  const routing =
    isIstioKind(object, "VirtualService") ||
    isIstioKind(object, "DestinationRule") ||
    isIstioKind(object, "ServiceEntry");
  if (!routing) return undefined;
  const patterns = namedHosts(object).map((h) => h.toLowerCase());
  if (patterns.length === 0) return undefined;
  const hosts = allHosts(view.mesh);
  const out = new Set([...hosts].filter((host) => patterns.some((p) => mayNameHost(p, host))));
  for (const host of hostsRoutingTo(view.mesh, patterns, hosts)) out.add(host);
  return out;
}
