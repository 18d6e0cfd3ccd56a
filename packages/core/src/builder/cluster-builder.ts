import type { IpFamily, ProviderInfo, SidecarInjectorSettings } from "../model/cluster";
import type {
  ClusterSpecInput,
  EastWestGatewayInput,
  EcsClusterInput,
  NodeInput,
} from "../model/derive/spec-input";
import type { KubeObject } from "../model/kube-object";
import type { MeshConfigModel } from "../model/mesh-config";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Fluent, immutable builder of one cluster of a mesh: every method returns a new builder, so a
 * partly configured builder can be reused safely. Unset fields take the Mesh document's defaults
 * (`applySpecDefaults`).
 */
export class ClusterBuilder {
  private readonly input: ClusterSpecInput;

  /** A builder for cluster `name` (or continuing from a previous input). */
  constructor(nameOrInput: string | ClusterSpecInput) {
    this.input = typeof nameOrInput === "string" ? { name: nameOrInput } : nameOrInput;
  }

  private with(change: Partial<Mutable<ClusterSpecInput>>): ClusterBuilder {
    return new ClusterBuilder({ ...this.input, ...change });
  }

  /** An EKS cluster in `region` (with its AWS account / VPC, if known). */
  eks(provider: Omit<Extract<ProviderInfo, { kind: "eks" }>, "kind">): ClusterBuilder {
    return this.with({ provider: { kind: "eks", ...provider } });
  }

  /** An AKS cluster in `region` (with its subscription / resource group, if known). */
  aks(provider: Omit<Extract<ProviderInfo, { kind: "aks" }>, "kind">): ClusterBuilder {
    return this.with({ provider: { kind: "aks", ...provider } });
  }

  /** Any other Kubernetes cluster. */
  generic(provider: Omit<Extract<ProviderInfo, { kind: "generic" }>, "kind"> = {}): ClusterBuilder {
    return this.with({ provider: { kind: "generic", ...provider } });
  }

  /** The cluster's network (its istio-system namespace label). */
  network(name: string): ClusterBuilder {
    return this.with({ network: name });
  }

  /** IP families, primary first (default IPv4). */
  ipFamilies(...families: IpFamily[]): ClusterBuilder {
    return this.with({ ipFamilies: families });
  }

  /** Pod CIDRs (default per cluster index). */
  podCidrs(...cidrs: string[]): ClusterBuilder {
    return this.with({ podCidrs: cidrs });
  }

  /** Service CIDRs (default per cluster index). */
  serviceCidrs(...cidrs: string[]): ClusterBuilder {
    return this.with({ serviceCidrs: cidrs });
  }

  /** The API server endpoint other clusters' remote secrets point at. */
  apiServer(url: string): ClusterBuilder {
    return this.with({ apiServer: url });
  }

  /** Replaces the nodes (region defaults to the provider's). */
  nodes(nodes: readonly NodeInput[]): ClusterBuilder {
    return this.with({ nodes });
  }

  /** Adds one node. */
  node(node: NodeInput): ClusterBuilder {
    return this.with({ nodes: [...(this.input.nodes ?? []), node] });
  }

  /** The cluster runs its own istiod (the default). */
  primary(): ClusterBuilder {
    return this.with({ controlPlane: { role: "primary" } });
  }

  /** The cluster is a remote driven by `primary`'s istiod. */
  remoteOf(primary: string): ClusterBuilder {
    return this.with({ controlPlane: { role: "remote", primary } });
  }

  /** This cluster's istiod reads the API servers of `clusters` (remote secrets installed here). */
  reads(...clusters: string[]): ClusterBuilder {
    return this.with({ remoteSecrets: [...(this.input.remoteSecrets ?? []), ...clusters] });
  }

  /** Declares an east-west gateway (namespace, network, ports... defaulted). */
  eastWestGateway(gateway: EastWestGatewayInput): ClusterBuilder {
    return this.with({ eastWestGateways: [...(this.input.eastWestGateways ?? []), gateway] });
  }

  /** Attaches an ECS cluster (Solo ECS integration; EKS only). */
  ecsCluster(ecs: EcsClusterInput): ClusterBuilder {
    return this.with({ ecsClusters: [...(this.input.ecsClusters ?? []), ecs] });
  }

  /** Sets an istiod feature flag (environment variable), e.g. `AMBIENT_ENABLE_MULTI_NETWORK`. */
  feature(name: string, value: string): ClusterBuilder {
    return this.with({ istiodFeatures: { ...this.input.istiodFeatures, [name]: value } });
  }

  /** Per-istiod MeshConfig overrides (merged with earlier calls). */
  meshConfig(config: Partial<MeshConfigModel>): ClusterBuilder {
    return this.with({ meshConfig: { ...this.input.meshConfig, ...config } });
  }

  /** How the sidecar injector is installed (revisions, autoInject, selectors). */
  sidecarInjector(settings: SidecarInjectorSettings): ClusterBuilder {
    return this.with({ sidecarInjector: settings });
  }

  /** Adds Kubernetes / Istio objects to the cluster (kept unchanged, in order). */
  resources(objects: readonly KubeObject[]): ClusterBuilder {
    return this.with({ resources: [...(this.input.resources ?? []), ...objects] });
  }

  /** The cluster as declared so far. */
  toInput(): ClusterSpecInput {
    return this.input;
  }
}
