import type { SidecarInjectorSettings } from "../cluster";
import type { DataplaneMode } from "../workload";
import { AMBIENT_REDIRECTION_ANNOTATION, ambientEnablement } from "./ambient-enablement";
import type { Labels } from "./label-selector";
import { asBoolean, field } from "./object-access";
import { sidecarInjection } from "./sidecar-injection";

/** The dataplane of a pod with the labels and annotations the injector or istio-cni add to it. */
export interface DataplaneOutcome {
  readonly dataplane: DataplaneMode;
  readonly reason: string;
  readonly labels: Labels;
  readonly annotations: Labels;
}

/** The pod facts the dataplane decision reads. */
export interface DataplaneSubject {
  readonly namespace: string;
  /** The name the injector's `DeploymentMeta` would carry (the controller's name, or the pod's). */
  readonly workloadName: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly podSpec: unknown;
}

const TLS_MODE_LABEL = "security.istio.io/tlsMode";
const CANONICAL_NAME_LABEL = "service.istio.io/canonical-name";
const CANONICAL_REVISION_LABEL = "service.istio.io/canonical-revision";

/** Go template `trimAll "-_."` after `trunc 63`, as the injection template renders the canonical name. */
function canonicalName(text: string): string {
  return text.slice(0, 63).replace(/^[-_.]+|[-_.]+$/g, "");
}

/**
 * Labels the injection template adds (`manifests/charts/istio-control/istio-discovery/files/
 * injection-template.yaml`): `security.istio.io/tlsMode` (default `istio`) and the canonical
 * service name / revision, each keeping a value the pod already has.
 */
function injectedLabels(pod: DataplaneSubject): Labels {
  const labels = pod.labels;
  return {
    ...labels,
    [TLS_MODE_LABEL]: labels[TLS_MODE_LABEL] ?? "istio",
    [CANONICAL_NAME_LABEL]: canonicalName(
      labels[CANONICAL_NAME_LABEL] ?? labels["app.kubernetes.io/name"] ?? labels.app ?? pod.workloadName,
    ),
    [CANONICAL_REVISION_LABEL]:
      labels[CANONICAL_REVISION_LABEL] ?? labels["app.kubernetes.io/version"] ?? labels.version ?? "latest",
  };
}

/**
 * A pod's dataplane exactly as Istio decides it: hostNetwork pods get neither a sidecar nor
 * ambient capture; a pod the injector injects runs a sidecar (and is then never captured by
 * ambient, `enablement_selector.go`); otherwise istio-cni's enablement selectors decide ambient.
 * Ambient pods get no tlsMode label: istio-cni only annotates them `ambient.istio.io/redirection:
 * enabled`, and istiod derives HBONE support from that (`ambient/workloads.go` setTunnelProtocol).
 */
export function resolveDataplane(
  pod: DataplaneSubject,
  namespaceLabels: Labels,
  settings: SidecarInjectorSettings | undefined,
): DataplaneOutcome {
  const hostNetwork = asBoolean(field(pod.podSpec, "hostNetwork")) === true;
  const injection = sidecarInjection(
    { namespace: pod.namespace, labels: pod.labels, annotations: pod.annotations, hostNetwork },
    namespaceLabels,
    settings,
  );
  const ambient = ambientEnablement(
    { namespace: pod.namespace, labels: pod.labels, hostNetwork, hasSidecar: injection.inject },
    namespaceLabels,
  );
  if (injection.inject) {
    return {
      dataplane: "sidecar",
      reason: ambient.selected ? `${injection.reason}; ${ambient.reason}` : injection.reason,
      labels: injectedLabels(pod),
      annotations: pod.annotations,
    };
  }
  if (ambient.captured) {
    return {
      dataplane: "ambient",
      reason: ambient.reason,
      labels: pod.labels,
      annotations: { ...pod.annotations, [AMBIENT_REDIRECTION_ANNOTATION]: "enabled" },
    };
  }
  const reason = hostNetwork
    ? "hostNetwork pod: never injected (inject.go injectRequired) nor captured (enablement_selector.go)"
    : `${injection.reason}; ${ambient.reason}`;
  return { dataplane: "none", reason, labels: pod.labels, annotations: pod.annotations };
}
