import type { SidecarInjectorSettings } from "../cluster";
import { isEmptySelector, type Labels, matchesLabelSelector } from "./label-selector";

/** Label / annotation keys the injector reads (`istio.io/api` label.go and annotation.go). */
export const INJECTION_KEYS = Object.freeze({
  namespaceInjection: "istio-injection",
  revision: "istio.io/rev",
  podInject: "sidecar.istio.io/inject",
  sidecarStatus: "sidecar.istio.io/status",
});

/**
 * Namespaces the injector never touches (`pkg/kube/inject/initializer.go` IgnoredNamespaces); the
 * webhook's `enableNamespacesByDefault` selector excludes the same list.
 */
export const INJECTION_IGNORED_NAMESPACES: ReadonlySet<string> = new Set([
  "kube-system",
  "kube-public",
  "kube-node-lease",
  "local-path-storage",
]);

/** What the injector decides for a pod, and the label or rule that decided it. */
export interface InjectionDecision {
  readonly inject: boolean;
  readonly reason: string;
}

/** The pod facts the injection decision reads. */
export interface InjectionSubject {
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly hostNetwork: boolean;
}

/**
 * Which sidecar-injector webhook of `mutatingwebhook.yaml` the API server calls for the pod, if
 * any. The objectSelector reads pod *labels* only, so the legacy annotation cannot select a webhook.
 */
function webhookMatch(
  pod: InjectionSubject,
  namespaceLabels: Labels,
  settings: SidecarInjectorSettings,
): InjectionDecision {
  const revisions = new Set(settings.revisions ?? ["default"]);
  const nsInjection = namespaceLabels[INJECTION_KEYS.namespaceInjection];
  const nsRevision = namespaceLabels[INJECTION_KEYS.revision];
  const podInject = pod.labels[INJECTION_KEYS.podInject];
  const podRevision = pod.labels[INJECTION_KEYS.revision];
  if (podInject === "false") return { inject: false, reason: "pod label sidecar.istio.io/inject=false" };
  // "rev.namespace": the namespace selects a revision; istio-injection takes precedence when both are set.
  if (nsInjection === undefined && nsRevision !== undefined) {
    return revisions.has(nsRevision)
      ? { inject: true, reason: `namespace label istio.io/rev=${nsRevision}` }
      : { inject: false, reason: `namespace label istio.io/rev=${nsRevision} names no installed revision` };
  }
  const legacyWebhooks = revisions.has("default");
  // "namespace": the legacy namespace label (only the default revision installs it).
  if (nsInjection !== undefined) {
    if (nsInjection === "enabled" && legacyWebhooks) {
      return { inject: true, reason: "namespace label istio-injection=enabled" };
    }
    return {
      inject: false,
      reason:
        nsInjection === "enabled"
          ? "namespace label istio-injection=enabled, but no default revision is installed"
          : `namespace label istio-injection=${nsInjection}`,
    };
  }
  // Unlabelled namespace: "rev.object" (pod selects a revision), then "object" (pod label inject=true).
  if (podRevision !== undefined) {
    return revisions.has(podRevision)
      ? { inject: true, reason: `pod label istio.io/rev=${podRevision}` }
      : { inject: false, reason: `pod label istio.io/rev=${podRevision} names no installed revision` };
  }
  if (podInject === "true" && legacyWebhooks)
    return { inject: true, reason: "pod label sidecar.istio.io/inject=true" };
  // "auto": enableNamespacesByDefault selects unlabelled pods in unlabelled namespaces.
  if (
    settings.enableNamespacesByDefault === true &&
    legacyWebhooks &&
    podInject === undefined &&
    !INJECTION_IGNORED_NAMESPACES.has(pod.namespace)
  ) {
    return { inject: true, reason: "sidecarInjectorWebhook.enableNamespacesByDefault" };
  }
  return { inject: false, reason: "no injection label on the namespace or the pod" };
}

/** The first selector of `selectors` that is non-empty and matches `labels`. */
function firstMatching(selectors: SidecarInjectorSettings["neverInjectSelector"], labels: Labels): boolean {
  return (selectors ?? []).some(
    (selector) => !isEmptySelector(selector) && matchesLabelSelector(selector, labels),
  );
}

/**
 * `pkg/kube/inject/inject.go` injectRequired, run once a webhook was called: hostNetwork pods and
 * ignored namespaces are skipped; the pod label (preferred) or legacy annotation
 * `sidecar.istio.io/inject` decides; else neverInjectSelector, then alwaysInjectSelector; else the
 * policy (`autoInject`, default enabled).
 */
function injectRequired(
  pod: InjectionSubject,
  settings: SidecarInjectorSettings,
  webhookReason: string,
): InjectionDecision {
  if (pod.hostNetwork) return { inject: false, reason: "hostNetwork pod (inject.go injectRequired)" };
  if (INJECTION_IGNORED_NAMESPACES.has(pod.namespace)) {
    return { inject: false, reason: `namespace ${pod.namespace} is never injected (IgnoredNamespaces)` };
  }
  const label = pod.labels[INJECTION_KEYS.podInject];
  const annotation = pod.annotations[INJECTION_KEYS.podInject];
  const objectValue = label ?? annotation;
  const source = label !== undefined ? "pod label" : "pod annotation";
  if (objectValue === "true") return { inject: true, reason: `${source} sidecar.istio.io/inject=true` };
  if (objectValue === "false") return { inject: false, reason: `${source} sidecar.istio.io/inject=false` };
  if (firstMatching(settings.neverInjectSelector, pod.labels)) {
    return { inject: false, reason: "pod labels match neverInjectSelector" };
  }
  if (firstMatching(settings.alwaysInjectSelector, pod.labels)) {
    return { inject: true, reason: "pod labels match alwaysInjectSelector" };
  }
  return (settings.autoInject ?? "enabled") === "enabled"
    ? { inject: true, reason: webhookReason }
    : {
        inject: false,
        reason: `${webhookReason}, but autoInject is disabled and the pod does not ask for it`,
      };
}

/**
 * Whether the sidecar injector injects the pod, exactly as Istio decides it: the webhook
 * selection of `mutatingwebhook.yaml` (namespace `istio-injection` / `istio.io/rev`, pod
 * `sidecar.istio.io/inject` / `istio.io/rev` labels), then `injectRequired`. A pod that already
 * carries `sidecar.istio.io/status` was injected before (e.g. `istioctl kube-inject` output).
 */
export function sidecarInjection(
  pod: InjectionSubject,
  namespaceLabels: Labels,
  settings: SidecarInjectorSettings = {},
): InjectionDecision {
  if (pod.annotations[INJECTION_KEYS.sidecarStatus] !== undefined) {
    return { inject: true, reason: "already injected (sidecar.istio.io/status annotation)" };
  }
  const webhook = webhookMatch(pod, namespaceLabels, settings);
  return webhook.inject ? injectRequired(pod, settings, webhook.reason) : webhook;
}
