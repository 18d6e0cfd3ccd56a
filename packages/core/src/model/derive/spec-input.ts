import type {
  ClusterSpec,
  ControlPlaneRole,
  EastWestGatewayModel,
  EcsServiceModel,
  IpFamily,
  NodeModel,
  ProviderInfo,
  SidecarInjectorSettings,
} from "../cluster";
import type { KubeObject } from "../kube-object";
import type { Flavour, IstioVersion, NetworkModel } from "../mesh";
import type { MeshConfigModel } from "../mesh-config";

/** A node as the Mesh document writes it: a name and its locality parts (region defaults to the provider's). */
export interface NodeInput {
  readonly name: string;
  readonly region?: string;
  readonly zone?: string;
  readonly subzone?: string;
}

/** An east-west gateway as declared: name and kind required, everything else defaulted. */
export type EastWestGatewayInput = Pick<EastWestGatewayModel, "name" | "kind"> &
  Partial<Omit<EastWestGatewayModel, "name" | "kind">>;

/** An ECS cluster as declared: namespace defaults to its name, domain to `ecs.local`. */
export interface EcsClusterInput {
  readonly name: string;
  readonly namespace?: string;
  readonly domain?: string;
  readonly services?: readonly EcsServiceModel[];
  readonly taskCidr?: string;
}

/** A cluster as the user declares it, before defaults (`docs/mesh-document.md`). */
export interface ClusterSpecInput {
  readonly name: string;
  readonly provider?: ProviderInfo;
  readonly network?: string;
  readonly ipFamilies?: readonly IpFamily[];
  readonly podCidrs?: readonly string[];
  readonly serviceCidrs?: readonly string[];
  readonly apiServer?: string;
  /** Flat `{name, region, zone, subzone}` entries, or already-built NodeModels. */
  readonly nodes?: readonly (NodeInput | NodeModel)[];
  readonly controlPlane?: ControlPlaneRole;
  readonly istiodFeatures?: Readonly<Record<string, string>>;
  readonly remoteSecrets?: readonly string[];
  readonly eastWestGateways?: readonly EastWestGatewayInput[];
  readonly ecsClusters?: readonly EcsClusterInput[];
  readonly meshConfig?: ClusterSpec["meshConfig"];
  readonly sidecarInjector?: SidecarInjectorSettings;
  readonly resources?: readonly KubeObject[];
}

/** The Mesh document's `spec` as the user declares it, before defaults. */
export interface MeshSpecInput {
  readonly meshId: string;
  readonly trustDomain?: string;
  readonly trustDomainAliases?: readonly string[];
  readonly rootNamespace?: string;
  readonly istioVersion?: IstioVersion;
  readonly flavour?: Flavour;
  readonly meshConfig?: Partial<MeshConfigModel>;
  /** Network names, or `{name}` entries. */
  readonly networks?: readonly (string | NetworkModel)[];
  readonly clusters?: readonly ClusterSpecInput[];
}
