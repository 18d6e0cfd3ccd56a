import { createMesh, type Flavour, type IstioVersion, type Mesh, type MeshSpec } from "@meshwright/core";
import { arbMeshSpec } from "@meshwright/core/testing";
import fc from "fast-check";
import { arbEastWest, type EastWestShape, withEastWest, withNetworks } from "./east-west-topology";
import {
  arbReplicatedService,
  type ReplicatedServiceShape,
  type RuleOptions,
  replicatedServiceObjects,
} from "./replicated-service";

/** Bounds and switches of `arbMesh`. */
export interface MeshArbitraryOptions {
  /** Cluster count bounds (default 2..3). */
  readonly minClusters?: number;
  readonly maxClusters?: number;
  /** Extra application namespaces per cluster, from core's `arbMeshSpec` (default at most 2). */
  readonly maxNamespaces?: number;
  /** Deployments per such namespace (default at most 2). */
  readonly maxDeployments?: number;
  /** Fix the flavour (default: either). */
  readonly flavour?: Flavour;
  /** Fix the Istio version whose rules apply (default: either). */
  readonly istioVersion?: IstioVersion;
  /** Allow IPv6 and dual-stack clusters (default true). */
  readonly ipv6?: boolean;
  /** Allow remote (primary-remote) clusters (default true). */
  readonly remotes?: boolean;
  /**
   * The replicated service's DestinationRule: whether it has one (default: sometimes), and which
   * `outlierDetection` and `localityLbSetting` variants to draw from (default: all).
   */
  readonly destinationRule?: RuleOptions;
}

/** The pieces an `arbMesh` value is made of, before `createMesh`. */
interface MeshShape {
  readonly spec: MeshSpec;
  readonly version: IstioVersion;
  readonly eastWest: EastWestShape;
  readonly service: ReplicatedServiceShape;
}

/** The spec with the east-west topology and the replicated service applied to every cluster. */
function specOfShape(shape: MeshShape): MeshSpec {
  const { eastWest, service } = shape;
  const spec = withNetworks(shape.spec, eastWest);
  const regions = [...new Set(spec.clusters.flatMap((c) => c.nodes.map((n) => n.locality.region)))].sort();
  return {
    ...spec,
    istioVersion: shape.version,
    clusters: spec.clusters.map((cluster, i) => {
      const withGateways = withEastWest(cluster, i, eastWest);
      return {
        ...withGateways,
        resources: [
          ...withGateways.resources,
          ...replicatedServiceObjects(service, i, withGateways, regions, spec.flavour),
        ],
      };
    }),
  };
}

/**
 * Valid multi-cluster meshes for property tests of routing and load balancing: core's
 * `arbMeshSpec` (primaries and remotes, one or more networks, IPv4 / IPv6 / dual-stack, sidecar,
 * ambient and plain namespaces, ECS tasks, PeerAuthentications, AuthorizationPolicies) plus, in
 * every cluster, east-west gateways (classic, ambient, both or none; addressed or pending), the
 * ambient multi-network flag, and one replicated service `web.shared` whose pods run in several
 * clusters and localities, with an optional DestinationRule (outlierDetection, localityLbSetting:
 * failover, failoverPriority, distribute, off). Every mesh passes `createMesh` without error.
 * Deterministic for a given fast-check seed.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { compile } from "@meshwright/sim";
 * import { arbMesh, arbRequestFor } from "@meshwright/sim/testing";
 *
 * fc.assert(
 *   fc.property(
 *     arbMesh().chain((mesh) => fc.tuple(fc.constant(mesh), arbRequestFor(mesh))),
 *     ([mesh, request]) => {
 *       const trace = compile(mesh).request(request);
 *       return trace.outcome.ok || trace.outcome.code.startsWith("MW");
 *     },
 *   ),
 *   { numRuns: 50, seed: 42 },
 * );
 * ```
 */
export function arbMesh(options: MeshArbitraryOptions = {}): fc.Arbitrary<Mesh> {
  const maxClusters = options.maxClusters ?? 3;
  const spec = arbMeshSpec({
    minClusters: options.minClusters ?? 2,
    maxClusters,
    maxNamespaces: options.maxNamespaces ?? 2,
    maxDeployments: options.maxDeployments ?? 2,
    ...(options.flavour ? { flavour: options.flavour } : {}),
    ipv6: options.ipv6 ?? true,
    remotes: options.remotes ?? true,
  });
  const shape = fc.record({
    spec,
    version: options.istioVersion
      ? fc.constant(options.istioVersion)
      : fc.constantFrom<IstioVersion>("1.30", "1.31"),
    eastWest: arbEastWest(maxClusters),
    service: arbReplicatedService(maxClusters, options.destinationRule),
  });
  return shape.map((s) => createMesh(specOfShape(s)).mesh);
}
