import type { KubeObject } from "./kube-object";
import type { Locality } from "./locality";
import type { LabelSelector, MeshConfigModel } from "./mesh-config";

/** Cloud provider of a cluster, with the metadata meshwright uses to render, apply and explain. */
export type ProviderInfo =
  | {
      readonly kind: "eks";
      readonly region: string;
      readonly accountId?: string;
      readonly vpcId?: string;
    }
  | {
      readonly kind: "aks";
      readonly region: string;
      readonly subscriptionId?: string;
      readonly resourceGroup?: string;
    }
  | { readonly kind: "generic"; readonly region?: string };

/** IP families a cluster's pods and services use. */
export type IpFamily = "IPv4" | "IPv6";

/** A node: where pods land, and so which locality they have. */
export interface NodeModel {
  readonly name: string;
  readonly locality: Locality;
}

/** Whether the cluster runs its own istiod, or is a remote driven by another cluster's istiod. */
export type ControlPlaneRole =
  | { readonly role: "primary" }
  | { readonly role: "remote"; readonly primary: string };

/**
 * An east-west gateway. `classic` = sidecar-mode gateway exposing `*.local` on 15443 with
 * AUTO_PASSTHROUGH; `ambient` = Gateway API class `istio-east-west` (upstream) / `istio-eastwest`
 * (Solo) terminating HBONE on 15008 (istio-semantics §3.2).
 */
export interface EastWestGatewayModel {
  readonly name: string;
  readonly namespace: string;
  readonly kind: "classic" | "ambient";
  /** The network it serves (defaults to its cluster's). */
  readonly network: string;
  /** Public address as the load balancer reports it; absent = pending (no address). */
  readonly address?:
    | { readonly ip: string }
    | { readonly hostname: string; readonly resolvesTo: readonly string[] };
  readonly serviceType: "LoadBalancer" | "NodePort" | "ClusterIP";
  readonly annotations: Readonly<Record<string, string>>;
  /** Ports the gateway Service exposes (e.g. 15443, 15008, 15012, 15021). */
  readonly ports: readonly number[];
  /** For classic gateways: whether an AUTO_PASSTHROUGH `Gateway` for `*.local` on 15443 exists (expose-services.yaml). */
  readonly exposesServices: boolean;
  /** Where meshwright learned of it: the Mesh document, or the named manifest object. */
  readonly origin: "mesh" | { readonly kind: string; readonly name: string };
}

/** An ECS service attached to the mesh through the Solo distribution's ECS integration (seed 000). */
export interface EcsServiceModel {
  readonly name: string;
  readonly port: number;
  readonly tasks: number;
  /** Identity the tasks get (the service account name in their SPIFFE id); defaults to the service name. */
  readonly serviceAccount?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** An ECS cluster whose services join the mesh through an EKS cluster's istiod. */
export interface EcsClusterModel {
  readonly name: string;
  /** Kubernetes namespace the ECS cluster's services are placed in (default: the ECS cluster name). */
  readonly namespace: string;
  /** DNS domain of its services (default `ecs.local`): hosts are `<service>.<ecs-cluster>.<domain>`. */
  readonly domain: string;
  readonly services: readonly EcsServiceModel[];
  /** Task subnet CIDR used to allocate deterministic task IPs (defaults to the EKS cluster's pod CIDR). */
  readonly taskCidr?: string;
}

/** The Cluster part of the Mesh document: what the user declares. */
export interface ClusterSpec {
  /** DNS-1123 label; also istiod's `multiCluster.clusterName` and the `topology.istio.io/cluster` label value. */
  readonly name: string;
  readonly provider: ProviderInfo;
  readonly network: string;
  readonly ipFamilies: readonly IpFamily[];
  readonly podCidrs: readonly string[];
  readonly serviceCidrs: readonly string[];
  readonly apiServer?: string;
  readonly nodes: readonly NodeModel[];
  readonly controlPlane: ControlPlaneRole;
  /** istiod environment flags (e.g. `AMBIENT_ENABLE_MULTI_NETWORK: "true"`). */
  readonly istiodFeatures: Readonly<Record<string, string>>;
  /** Names of the clusters whose API servers this cluster's istiod reads (remote secrets installed here). */
  readonly remoteSecrets: readonly string[];
  /** East-west gateways declared in the Mesh document (more can be discovered from manifests). */
  readonly eastWestGateways: readonly EastWestGatewayModel[];
  readonly ecsClusters: readonly EcsClusterModel[];
  /** Per-istiod MeshConfig overrides on top of the mesh-wide MeshConfig. */
  readonly meshConfig?: Partial<MeshConfigModel>;
  /** How the cluster's sidecar injector is installed; absent = Istio's defaults (see SidecarInjectorSettings). */
  readonly sidecarInjector?: SidecarInjectorSettings;
  /** Every Kubernetes object of this cluster, unchanged, in load order. */
  readonly resources: readonly KubeObject[];
}

/**
 * The sidecar injector's installation settings that decide which pods get a sidecar
 * (`manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml` and the
 * injector ConfigMap read by `pkg/kube/inject/inject.go` injectRequired). Every field is optional;
 * absent fields take Istio's defaults.
 */
export interface SidecarInjectorSettings {
  /**
   * Control-plane revisions (and revision tags) installed in the cluster. `default` (the default)
   * is an istiod installed without `revision`: it also serves the legacy `istio-injection` webhooks.
   */
  readonly revisions?: readonly string[];
  /** `values.global.proxy.autoInject` (default `enabled`): injection when nothing on the pod decides. */
  readonly autoInject?: "enabled" | "disabled";
  /** `sidecarInjectorWebhook.neverInjectSelector` (default none). */
  readonly neverInjectSelector?: readonly LabelSelector[];
  /** `sidecarInjectorWebhook.alwaysInjectSelector` (default none). */
  readonly alwaysInjectSelector?: readonly LabelSelector[];
  /** `sidecarInjectorWebhook.enableNamespacesByDefault` (default false): inject in unlabelled namespaces. */
  readonly enableNamespacesByDefault?: boolean;
}
