import { isDeepStrictEqual } from "node:util";
import {
  type Cluster,
  getOrCreate,
  type IstioVersion,
  type Mesh,
  PathMemo,
  type Workload,
} from "@meshwright/core";
import type { Authorizer } from "../authz";
import { type ControlPlane, controlPlaneFor, controlPlanes } from "../compile/control-planes";
import { proxyKindOf, proxyViewOf } from "../compile/proxy-view";
import { type CompiledDns, compileDns, DnsCaches } from "../dns";
import type { AmbientService } from "../endpoints";
import type { Fault } from "../faults/fault";
import { FaultState } from "../faults/fault-state";
import type { ProxyKind, ProxyView } from "../model/proxy";
import { ClusterTrust, type ClusterTrustSource } from "../mtls";
import { type CompileInputs, carryOver } from "./carry-over";
import type { EnvoyClusterView } from "./envoy-balancer";
import type { ServerAuthorizers } from "./inbound";
import { MeshIndex } from "./mesh-index";
import { type PlaneMemos, PlaneView } from "./plane-view";
import { SharedAmbientMerges } from "./shared-ambient-merges";
import type { ResolvedEnvoyCluster } from "./sidecar-outbound";
import { SimMemos } from "./sim-memos";
import type { SimulatedMesh } from "./simulated-mesh";

/** Options of `compile()`. */
export interface CompileOptions {
  /** Istio rules to apply (default: the mesh's `istioVersion`). */
  readonly istioVersion?: IstioVersion;
  /** Seed of every deterministic pick (default 0). Same seed, same answers. */
  readonly seed?: number;
  /** Faults in effect. */
  readonly faults?: readonly Fault[];
  /**
   * The mesh's certificates: every TLS / HBONE session of a trace is then checked with them.
   * Without it sessions are recorded as assumed valid (see `compileWithPki`).
   */
  readonly pki?: SimulationPki;
  /**
   * An earlier compile of (nearly) the same mesh — typically of the Mesh this one was rebuilt from
   * with `createMesh(spec, { previous })`. Each istiod whose inputs did not change (same clusters
   * read, same outbound config, same faults, version and seed) takes that compile's derived views
   * as they are, so only what the change touched is derived again. Answers are the same as without it.
   */
  readonly previous?: SimulatedMesh;
}

/** The certificates a simulation checks sessions with, per cluster, at a simulated moment. */
export interface SimulationPki {
  readonly clusters: ReadonlyMap<string, ClusterTrustSource>;
  /** The simulated time certificates are issued and validated at. */
  readonly at: Date;
}

/** Everything a query needs, built once by `compile()`. */
export class SimContext {
  readonly index: MeshIndex;
  readonly faults: FaultState;
  readonly planes: readonly ControlPlane[];
  readonly istioVersion: IstioVersion;
  readonly seed: number;
  private readonly planeViews = new Map<string, PlaneView>();
  private readonly proxies = new Map<string, { kind: ProxyKind; view: ProxyView } | undefined>();
  private dnsMemo?: CompiledDns;
  private readonly dnsCaches: DnsCaches;
  /** The ambient index merges the istiods of this compile share. */
  private readonly ambientMerges: SharedAmbientMerges;
  /** Per-query memos (Envoy and ztunnel views, proxy class ids). */
  readonly memos: SimMemos;
  readonly pki?: SimulationPki;
  private readonly trust = new Map<string, ClusterTrust | undefined>();
  /**
   * A server proxy's authorizers (see `deliver`) per (labels object, cluster, namespace), then per
   * enforcer and filter-chain protocol: the replicas of a Deployment share their labels object, so
   * they share one authorizer, made on the first request to any of them.
   */
  readonly deploymentAuthorizers = new PathMemo<
    readonly [Readonly<Record<string, string>>, string, string],
    ServerAuthorizers
  >();
  /** Each server workload's entry of `deploymentAuthorizers`: one lookup per request, not three. */
  readonly serverAuthorizers = new WeakMap<Workload, ServerAuthorizers>();
  /** A waypoint's authorizer per (waypoint workload, service it serves, filter-chain protocol). */
  readonly waypointAuthorizers = new PathMemo<
    readonly [Workload, AmbientService, "http" | "tcp"],
    Authorizer
  >();
  /** Per client SPIFFE id, its principal (`spiffe://` dropped; "" for other ids). */
  readonly principals = new Map<string, string>();
  /**
   * Per client view and caller cluster, what `resolveEnvoyCluster` derives from the view (this
   * compile's: the gateway views it leads to read its faults). Goes with the view when it is evicted.
   */
  readonly resolvedClusters = new WeakMap<EnvoyClusterView, Map<string, ResolvedEnvoyCluster>>();

  constructor(
    readonly mesh: Mesh,
    options: CompileOptions,
  ) {
    const previous = options.previous?.ctx;
    const faults = options.faults ?? [];
    this.istioVersion = options.istioVersion ?? mesh.istioVersion;
    this.seed = options.seed ?? 0;
    if (options.pki) this.pki = options.pki;
    this.planes = controlPlanes(mesh, faults);
    const inputs = { mesh, planes: this.planes, faults, istioVersion: this.istioVersion, seed: this.seed };
    const carry = previous ? carryOver(previous.inputs(), inputs) : undefined;
    this.index = new MeshIndex(mesh, previous?.index);
    this.ambientMerges = new SharedAmbientMerges(this.index);
    // The fault state keys the registry endpoints shared between istiods: keep it when faults are the same.
    this.faults =
      previous && isDeepStrictEqual(previous.faults.faults, faults)
        ? previous.faults
        : new FaultState(faults);
    this.memos = previous && carry ? previous.memos.carried(carry.planes, carry.everything) : new SimMemos();
    this.dnsCaches =
      previous && carry ? previous.dnsCaches.carried(carry.dns, carry.everything) : new DnsCaches();
    for (const plane of this.planes) {
      const before = carry?.planes.has(plane.cluster) ? previous?.planeViews.get(plane.cluster) : undefined;
      if (before) this.planeViews.set(plane.cluster, this.newPlaneView(plane, before.memos));
    }
  }

  /** What this compile was built from (see `carryOver`). */
  private inputs(): CompileInputs {
    const { mesh, planes, istioVersion, seed } = this;
    return { mesh, planes, faults: this.faults.faults, istioVersion, seed };
  }

  private newPlaneView(plane: ControlPlane, memos?: PlaneMemos): PlaneView {
    return new PlaneView(
      plane,
      this.index,
      this.faults,
      this.istioVersion,
      this.seed,
      this.ambientMerges,
      memos,
    );
  }

  /** A cluster's CA and roots, when a PKI is attached and has material for it. */
  trustOf(cluster: string): ClusterTrust | undefined {
    if (!this.pki) return undefined;
    if (!this.trust.has(cluster)) {
      const source = this.pki.clusters.get(cluster);
      this.trust.set(
        cluster,
        source
          ? new ClusterTrust(
              source,
              source.trustDomain ?? this.mesh.trustDomain,
              source.trustDomainAliases ?? this.mesh.trustDomainAliases,
              this.pki.at,
            )
          : undefined,
      );
    }
    return this.trust.get(cluster);
  }

  /** The istiod serving `cluster`'s proxies, or undefined for a remote cluster without a primary. */
  planeFor(cluster: string): PlaneView | undefined {
    const plane = controlPlaneFor(this.planes, cluster);
    if (!plane) return undefined;
    return getOrCreate(this.planeViews, plane.cluster, () => this.newPlaneView(plane));
  }

  /** DNS of the mesh: kube-dns per cluster, sidecar DNS proxy and ztunnel DNS per istiod. */
  get dns(): CompiledDns {
    this.dnsMemo ??= compileDns(this.mesh, {
      caches: this.dnsCaches,
      routingFor: (cluster) => this.planeFor(cluster)?.routing,
      readsFor: (cluster) => this.planeFor(cluster)?.readClusters.map((c) => c.name) ?? [cluster],
      isGlobal: (service) => {
        const plane = this.planeFor(service.cluster);
        return plane?.ambientScopeOfService(service) === "GLOBAL" || this.index.hasGlobalLabel(service);
      },
    });
    return this.dnsMemo;
  }

  /** The cluster of a workload. */
  clusterOf(workload: Workload): Cluster {
    return this.index.cluster(workload.cluster);
  }

  /**
   * The proxy that carries a workload's outbound traffic, or undefined when it has none. Memoised
   * per workload: one stable ProxyView lets the balancers memoise what they compute for it.
   */
  proxyOf(workload: Workload): { kind: ProxyKind; view: ProxyView } | undefined {
    if (this.proxies.has(workload.id)) return this.proxies.get(workload.id);
    const kind = proxyKindOf(workload);
    const proxy = kind ? { kind, view: proxyViewOf(workload, this.clusterOf(workload), kind) } : undefined;
    this.proxies.set(workload.id, proxy);
    return proxy;
  }
}
