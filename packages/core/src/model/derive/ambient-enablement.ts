import type { LabelSelector } from "../mesh-config";
import { type Labels, matchesLabelSelector } from "./label-selector";

/** The label that enrols a namespace or a pod in ambient (`istio.io/dataplane-mode`). */
export const DATAPLANE_MODE_LABEL = "istio.io/dataplane-mode";

/** The annotation istio-cni sets on a pod it captured (`ambient.istio.io/redirection: enabled`). */
export const AMBIENT_REDIRECTION_ANNOTATION = "ambient.istio.io/redirection";

/** One istio-cni enablement selector: a pod selector and a namespace selector, both must match. */
interface EnablementSelector {
  readonly podSelector: LabelSelector;
  readonly namespaceSelector: LabelSelector;
  /** Which label decided, for `dataplaneReason`. */
  readonly reason: string;
}

/**
 * istio-cni's default `ambient.enablementSelectors` (`manifests/charts/istio-cni/values.yaml`):
 * a pod labelled ambient, or any pod not labelled `none` in a namespace labelled ambient.
 */
const DEFAULT_ENABLEMENT_SELECTORS: readonly EnablementSelector[] = [
  {
    podSelector: { matchLabels: { [DATAPLANE_MODE_LABEL]: "ambient" } },
    namespaceSelector: {},
    reason: "pod label istio.io/dataplane-mode=ambient",
  },
  {
    podSelector: { matchExpressions: [{ key: DATAPLANE_MODE_LABEL, operator: "NotIn", values: ["none"] }] },
    namespaceSelector: { matchLabels: { [DATAPLANE_MODE_LABEL]: "ambient" } },
    reason: "namespace label istio.io/dataplane-mode=ambient",
  },
];

/** istio-cni's default `excludeNamespaces` (`manifests/charts/istio-cni/values.yaml`). */
const AMBIENT_EXCLUDED_NAMESPACES: ReadonlySet<string> = new Set(["kube-system"]);

/** Whether ztunnel captures the pod, and why (or why not). */
export interface AmbientDecision {
  readonly captured: boolean;
  /** An enablement selector matched (the pod may still be left out: sidecar, excluded namespace). */
  readonly selected: boolean;
  readonly reason: string;
}

/** The pod facts ambient enrolment reads. */
export interface AmbientSubject {
  readonly namespace: string;
  readonly labels: Labels;
  readonly hostNetwork: boolean;
  /** The pod gets (or has) a sidecar. */
  readonly hasSidecar: boolean;
}

/**
 * `cni/pkg/util/enablement_selector.go` CompiledEnablementSelectors.Matches plus the node agent's
 * `excludeNamespaces` check (`cni/pkg/nodeagent/informers.go`): hostNetwork pods and pods with a
 * sidecar are never captured; otherwise the first enablement selector that matches decides.
 */
export function ambientEnablement(pod: AmbientSubject, namespaceLabels: Labels): AmbientDecision {
  if (pod.hostNetwork) {
    return { captured: false, selected: false, reason: "hostNetwork pod (enablement_selector.go Matches)" };
  }
  const podMode = pod.labels[DATAPLANE_MODE_LABEL];
  const matched = DEFAULT_ENABLEMENT_SELECTORS.find(
    (selector) =>
      matchesLabelSelector(selector.podSelector, pod.labels) &&
      matchesLabelSelector(selector.namespaceSelector, namespaceLabels),
  );
  if (matched === undefined) {
    return {
      captured: false,
      selected: false,
      reason:
        podMode === "none"
          ? "pod label istio.io/dataplane-mode=none"
          : "no istio.io/dataplane-mode=ambient label on the namespace or the pod",
    };
  }
  if (pod.hasSidecar) {
    return {
      captured: false,
      selected: true,
      reason: `${matched.reason}, but a pod with a sidecar is never captured by ambient`,
    };
  }
  if (AMBIENT_EXCLUDED_NAMESPACES.has(pod.namespace)) {
    return {
      captured: false,
      selected: true,
      reason: `${matched.reason}, but istio-cni excludes namespace ${pod.namespace}`,
    };
  }
  return { captured: true, selected: true, reason: matched.reason };
}
