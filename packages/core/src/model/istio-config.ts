import type { IDestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";
import type { IGateway } from "@kubernetes-models/istio/networking.istio.io/v1/Gateway";
import type { IServiceEntry } from "@kubernetes-models/istio/networking.istio.io/v1/ServiceEntry";
import type { ISidecar } from "@kubernetes-models/istio/networking.istio.io/v1/Sidecar";
import type { IVirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";
import type { IWorkloadEntry } from "@kubernetes-models/istio/networking.istio.io/v1/WorkloadEntry";
import type { IWorkloadGroup } from "@kubernetes-models/istio/networking.istio.io/v1/WorkloadGroup";
import type { IAuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy";
import type { IPeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication";
import type { IRequestAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/RequestAuthentication";
import type { ITelemetry } from "@kubernetes-models/istio/telemetry.istio.io/v1/Telemetry";
import { getOrCreate } from "../memo/memo";
import type { KubeObject, ObjectMeta } from "./kube-object";

/** An Istio object: the user's object, typed by its kind's generated interface. */
export type Typed<T extends { spec?: unknown }> = KubeObject & {
  readonly metadata: ObjectMeta;
  readonly spec?: T["spec"];
};

/** Typed views of the Istio kinds the simulator reads, by kind (any served apiVersion). */
export interface IstioKinds {
  readonly AuthorizationPolicy: Typed<IAuthorizationPolicy>;
  readonly PeerAuthentication: Typed<IPeerAuthentication>;
  readonly RequestAuthentication: Typed<IRequestAuthentication>;
  readonly DestinationRule: Typed<IDestinationRule>;
  readonly VirtualService: Typed<IVirtualService>;
  readonly ServiceEntry: Typed<IServiceEntry>;
  readonly Gateway: Typed<IGateway>;
  readonly Sidecar: Typed<ISidecar>;
  readonly WorkloadEntry: Typed<IWorkloadEntry>;
  readonly WorkloadGroup: Typed<IWorkloadGroup>;
  readonly Telemetry: Typed<ITelemetry>;
}

/** API groups whose kinds above are Istio's (Gateway also exists in Gateway API, with another group). */
const ISTIO_GROUPS = new Set(["networking.istio.io", "security.istio.io", "telemetry.istio.io"]);

/** True when the object is the Istio kind `kind` (so `Gateway` of gateway.networking.k8s.io is not). */
export function isIstioKind<K extends keyof IstioKinds>(
  object: KubeObject,
  kind: K,
): object is IstioKinds[K] {
  const slash = object.apiVersion.indexOf("/");
  return object.kind === kind && slash > 0 && ISTIO_GROUPS.has(object.apiVersion.slice(0, slash));
}

/**
 * Every Istio object of `kind` in `resources`, in load order. For a frozen array (a loaded
 * cluster's resources) the answer is kept and frozen: the simulator and the matrix planner ask
 * each cluster for each kind many times (a what-if's successor compile asks for all 50 clusters'),
 * and filtering thousands of objects per question was a tenth of a diff.
 */
export function istioObjects<K extends keyof IstioKinds>(
  resources: readonly KubeObject[],
  kind: K,
): readonly IstioKinds[K][] {
  if (!Object.isFrozen(resources)) return ofKind(resources, kind);
  const byKind = getOrCreate(BY_KIND, resources, () => new Map<keyof IstioKinds, readonly KubeObject[]>());
  return getOrCreate(byKind, kind, () => Object.freeze(ofKind(resources, kind))) as readonly IstioKinds[K][];
}

const BY_KIND = new WeakMap<readonly KubeObject[], Map<keyof IstioKinds, readonly KubeObject[]>>();

function ofKind<K extends keyof IstioKinds>(resources: readonly KubeObject[], kind: K): IstioKinds[K][] {
  return resources.filter((object): object is IstioKinds[K] => isIstioKind(object, kind));
}
