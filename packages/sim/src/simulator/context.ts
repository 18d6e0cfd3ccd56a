import type { Cluster, IstioVersion, Mesh, Workload } from "@meshwright/core";
import { type ControlPlane, controlPlaneFor, controlPlanes } from "../compile/control-planes";
import { proxyKindOf, proxyViewOf } from "../compile/proxy-view";
import { type CompiledDns, compileDns } from "../dns";
import type { Fault } from "../faults/fault";
import { FaultState } from "../faults/fault-state";
import type { ProxyKind, ProxyView } from "../model/proxy";
import { ClusterTrust, type ClusterTrustSource } from "../mtls";
import { MeshIndex } from "./mesh-index";
import { PlaneView } from "./plane-view";

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
  readonly pki?: SimulationPki;
  private readonly trust = new Map<string, ClusterTrust | undefined>();

  constructor(
    readonly mesh: Mesh,
    options: CompileOptions,
  ) {
    this.index = new MeshIndex(mesh);
    this.faults = new FaultState(options.faults ?? []);
    this.planes = controlPlanes(mesh, options.faults ?? []);
    this.istioVersion = options.istioVersion ?? mesh.istioVersion;
    this.seed = options.seed ?? 0;
    if (options.pki) this.pki = options.pki;
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
    let view = this.planeViews.get(plane.cluster);
    if (!view) {
      view = new PlaneView(plane, this.index, this.faults, this.istioVersion, this.seed);
      this.planeViews.set(plane.cluster, view);
    }
    return view;
  }

  /** DNS of the mesh: kube-dns per cluster, sidecar DNS proxy and ztunnel DNS per istiod. */
  get dns(): CompiledDns {
    this.dnsMemo ??= compileDns(this.mesh, {
      routingFor: (cluster) => this.planeFor(cluster)?.routing,
      readsFor: (cluster) => this.planeFor(cluster)?.readClusters.map((c) => c.name) ?? [cluster],
      isGlobal: (service) => {
        const plane = this.planeFor(service.cluster);
        return plane?.ambientScope(service.hostname) === "GLOBAL" || this.index.hasGlobalLabel(service);
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
