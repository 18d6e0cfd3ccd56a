import type { MeshConfigModel } from "@meshwright/core";
import { isWildcardHost, mostSpecificHostMatch } from "./host-match";

/**
 * The cluster-local host table istiod builds from MeshConfig (`pilot/pkg/model/cluster_local.go`
 * clusterLocalProvider.onMeshUpdated): exact and wildcard hosts, each cluster-local or not.
 */
export interface ClusterLocalHosts {
  readonly specific: ReadonlyMap<string, boolean>;
  readonly wildcard: ReadonlyMap<string, boolean>;
}

/** Where the defaults come from: the cluster's DNS domain and istiod's discovery host. */
export interface ClusterLocalOptions {
  /** Kubernetes DNS domain suffix (default `cluster.local`). */
  readonly domainSuffix?: string;
  /** istiod's discovery host without port (default `istiod.istio-system.svc`; revisioned: `istiod-<rev>...`). */
  readonly discoveryHost?: string;
}

/** The host names istiod treats as cluster-local unless MeshConfig says otherwise (istio-semantics §4.2). */
export function defaultClusterLocalHosts(options: ClusterLocalOptions = {}): string[] {
  const domain = options.domainSuffix ?? "cluster.local";
  let discovery = options.discoveryHost ?? "istiod.istio-system.svc";
  // cluster_local.go appends the domain when the discovery address is not fully qualified.
  if (!discovery.endsWith(domain)) discovery = `${discovery}.${domain}`;
  return [`*.kube-system.svc.${domain}`, `kubernetes.default.svc.${domain}`, discovery];
}

/**
 * The cluster-local table for one istiod. `serviceSettings` are applied in order (a later entry
 * for the same host wins); a host with `clusterLocal: false` that equals a default, or ends with a
 * wildcard default's suffix, removes that default entirely (so `foo.kube-system.svc.cluster.local:
 * false` un-defaults all of kube-system); the remaining defaults are added last.
 */
export function clusterLocalHosts(
  meshConfig: Pick<MeshConfigModel, "serviceSettings">,
  options: ClusterLocalOptions = {},
): ClusterLocalHosts {
  const defaults: (string | undefined)[] = defaultClusterLocalHosts(options);
  const specific = new Map<string, boolean>();
  const wildcard = new Map<string, boolean>();
  for (const setting of meshConfig.serviceSettings) {
    const local = setting.settings.clusterLocal === true;
    if (!local) {
      for (const host of setting.hosts) {
        defaults.forEach((d, i) => {
          if (d !== undefined && (host === d || (isWildcardHost(d) && host.endsWith(d.slice(1))))) {
            defaults[i] = undefined;
          }
        });
      }
    }
    for (const host of setting.hosts) (isWildcardHost(host) ? wildcard : specific).set(host, local);
  }
  for (const d of defaults) {
    if (d !== undefined) (isWildcardHost(d) ? wildcard : specific).set(d, true);
  }
  return { specific, wildcard };
}

/** Whether a host is cluster-local, and which table entry decided it. */
export interface ClusterLocalVerdict {
  readonly clusterLocal: boolean;
  /** The entry that matched; absent when none did (not cluster-local). */
  readonly matchedBy?: string;
}

/**
 * `ClusterLocalHosts.IsClusterLocal`: the most specific entry decides; no entry = not
 * cluster-local. A cluster-local service's EDS holds only the proxy's own cluster's endpoints.
 */
export function isClusterLocal(hosts: ClusterLocalHosts, hostname: string): ClusterLocalVerdict {
  const match = mostSpecificHostMatch(hostname, hosts.specific, hosts.wildcard);
  return match === undefined ? { clusterLocal: false } : { clusterLocal: match.value, matchedBy: match.host };
}
