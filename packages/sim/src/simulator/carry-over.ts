import { isDeepStrictEqual } from "node:util";
import {
  type Cluster,
  type IstioVersion,
  type KubeObject,
  type Mesh,
  sameItems,
  sameMeshSettings,
} from "@meshwright/core";
import { type ControlPlane, controlPlaneFor } from "../compile/control-planes";
import type { Fault } from "../faults/fault";

/**
 * Kinds no istiod puts into a proxy's outbound configuration: an AuthorizationPolicy is enforced
 * where the request arrives (server sidecar, destination ztunnel, waypoint), and the simulator
 * reads it there, per request, from the serving istiod's cluster (istio-semantics §2.1, §4.4).
 * Adding or removing one changes no EDS / WDS view, route or DNS answer.
 */
const ENFORCED_ON_ARRIVAL = new Set(["AuthorizationPolicy"]);

/** What a compile was built from, as far as carrying work over between compiles goes. */
export interface CompileInputs {
  readonly mesh: Mesh;
  readonly planes: readonly ControlPlane[];
  readonly faults: readonly Fault[];
  readonly istioVersion: IstioVersion;
  readonly seed: number;
}

/** The config objects of a cluster that shape outbound views: all but those enforced on arrival. */
function outboundConfig(resources: readonly KubeObject[]): KubeObject[] {
  return resources.filter((o) => !ENFORCED_ON_ARRIVAL.has(o.kind));
}

/**
 * Whether an istiod reading cluster `before` (now `after`) sees it unchanged: every derived and
 * declared field the same object, except its config objects, which only its own istiod reads —
 * and those must be the same objects too, apart from the kinds enforced on arrival.
 */
function sameForIstiod(before: Cluster, after: Cluster, own: boolean): boolean {
  if (before === after) return true;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (key === "resources") continue;
    if (before[key as keyof Cluster] !== after[key as keyof Cluster]) return false;
  }
  return !own || sameItems(outboundConfig(before.resources), outboundConfig(after.resources));
}

/**
 * The istiods of `next` whose derived views (registry, routing, network gateways, ambient index,
 * Envoy and ztunnel views, DNS tables) are those of the same istiod in `previous`, so a successor
 * compile can carry them over instead of deriving them again: same Istio version, seed, faults
 * and mesh-wide settings, the same control-plane shape, and every cluster it reads unchanged for
 * it (`createMesh`'s `previous` keeps unchanged clusters, workloads and services the same objects).
 */
function carriedPlanes(previous: CompileInputs, next: CompileInputs): ReadonlySet<string> {
  const carried = new Set<string>();
  if (
    previous.istioVersion !== next.istioVersion ||
    previous.seed !== next.seed ||
    !isDeepStrictEqual(previous.faults, next.faults) ||
    !sameMeshSettings(previous.mesh, next.mesh)
  ) {
    return carried;
  }
  const clustersBefore = new Map(previous.mesh.clusters.map((c) => [c.name, c]));
  const clustersAfter = new Map(next.mesh.clusters.map((c) => [c.name, c]));
  for (const plane of next.planes) {
    const before = previous.planes.find((p) => p.cluster === plane.cluster);
    if (!before || !isDeepStrictEqual(before, plane)) continue;
    const unchanged = plane.reads.every((read) => {
      const [b, a] = [clustersBefore.get(read.cluster), clustersAfter.get(read.cluster)];
      return b !== undefined && a !== undefined && sameForIstiod(b, a, read.cluster === plane.cluster);
    });
    if (unchanged) carried.add(plane.cluster);
  }
  return carried;
}

/** What a successor compile takes over from its predecessor. */
export interface Carry {
  /** Istiods whose derived views are carried (see `carriedPlanes`). */
  readonly planes: ReadonlySet<string>;
  /** Whether the DNS of a client cluster is carried. */
  readonly dns: (cluster: string) => boolean;
  /** True when every cluster's istiod and DNS are carried: every memo holds for both compiles. */
  readonly everything: boolean;
}

/**
 * What `next` can take over from `previous`: the istiods whose views are unchanged, and the client
 * clusters whose DNS is. A cluster's DNS also depends on the ambient scope other istiods give the
 * services its istiod reads (the "is global" test of ztunnel DNS), so it is carried only when the
 * istiods of every cluster its istiod reads are.
 */
export function carryOver(previous: CompileInputs, next: CompileInputs): Carry {
  const planes = carriedPlanes(previous, next);
  const carriedScope = (cluster: string) => {
    const plane = controlPlaneFor(next.planes, cluster);
    return plane === undefined || planes.has(plane.cluster);
  };
  const dns = new Map(
    next.mesh.clusters.map((c) => {
      const plane = controlPlaneFor(next.planes, c.name);
      const carried =
        plane !== undefined && planes.has(plane.cluster) && plane.reads.every((r) => carriedScope(r.cluster));
      return [c.name, carried];
    }),
  );
  return {
    planes,
    dns: (cluster) => dns.get(cluster) === true,
    everything: [...dns.values()].every(Boolean),
  };
}
