import type { IDestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";

type TrafficPolicy = NonNullable<NonNullable<IDestinationRule["spec"]>["trafficPolicy"]>;

/** MeshConfig `localityLbSetting` (same shape as DestinationRule `trafficPolicy.loadBalancer.localityLbSetting`). */
export type LocalityLbSetting = NonNullable<NonNullable<TrafficPolicy["loadBalancer"]>["localityLbSetting"]>;

/** One MeshConfig `serviceSettings` entry: hosts (exact or `*.`-wildcard) and whether they are cluster-local. */
export interface ServiceSetting {
  readonly hosts: readonly string[];
  readonly settings: { readonly clusterLocal?: boolean };
}

/** A label selector as Kubernetes writes it (`matchLabels` + `matchExpressions`). */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    readonly values?: readonly string[];
  }[];
}

/** One MeshConfig `serviceScopeConfigs` entry (ambient multicluster service scope, istio-semantics §3.5). */
export interface ServiceScopeConfig {
  readonly namespaceSelector?: LabelSelector;
  readonly servicesSelector?: LabelSelector;
  readonly scope: "GLOBAL" | "LOCAL";
}

/**
 * The MeshConfig fields (and the agent / istiod settings next to them) that change what the
 * simulator computes. Everything else in a user's MeshConfig is irrelevant to traffic and not kept.
 */
export interface MeshConfigModel {
  /** Mesh-wide locality LB (default `{enabled: true}`, istio-semantics §0). */
  readonly localityLbSetting?: LocalityLbSetting;
  /** Istio 1.31 only: mesh-wide zone-aware LB (istio-semantics §1.9). */
  readonly zoneAwareLbSetting?: {
    readonly enabled?: boolean;
    readonly failover?: readonly { from: string; to: string }[];
  };
  /** `defaultConfig.proxyMetadata.ISTIO_META_DNS_CAPTURE`: sidecar DNS proxying. */
  readonly dnsCapture: boolean;
  /** `ISTIO_META_DNS_AUTO_ALLOCATE` or `PILOT_ENABLE_IP_AUTOALLOCATE`: VIPs for ServiceEntries without addresses. */
  readonly dnsAutoAllocate: boolean;
  /** Ambient: ztunnel DNS capture (`cni.ambient.dnsCapture`, default on since 1.25). */
  readonly ambientDnsCapture: boolean;
  /** Ambient multicluster service scope rules; the flavour's global label is always honoured too. */
  readonly serviceScopeConfigs: readonly ServiceScopeConfig[];
  /** `serviceSettings`: cluster-local hosts (istio-semantics §4.2). */
  readonly serviceSettings: readonly ServiceSetting[];
  /** `enableAutoMtls` (default true). */
  readonly enableAutoMtls: boolean;
}

/** Istio's defaults (`pkg/config/mesh/mesh.go` DefaultMeshConfig, istio-semantics §0). */
export const DEFAULT_MESH_CONFIG: MeshConfigModel = Object.freeze({
  localityLbSetting: { enabled: true },
  dnsCapture: false,
  dnsAutoAllocate: false,
  ambientDnsCapture: true,
  serviceScopeConfigs: [],
  serviceSettings: [],
  enableAutoMtls: true,
});
