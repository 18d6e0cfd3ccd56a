import {
  type Diagnostic,
  type Flavour,
  flavourTraits,
  type NamespaceModel,
  type ServiceModel,
  type ServiceScopeConfig,
} from "@meshwright/core";
import { ENDPOINT_CODES, endpointDiagnostic } from "./codes";
import { labelSelectorProblem, matchesOptionalSelector } from "./label-selector";

/** Ambient multicluster scope of a service, with the rule that decided it. */
export interface ServiceScopeVerdict {
  readonly scope: "GLOBAL" | "LOCAL";
  readonly reason: string;
  /** Invalid `serviceScopeConfigs` entries skipped on the way (one per entry). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * istio-semantics §3.5 — `ambient/services.go` matchServiceScope: the first `serviceScopeConfigs`
 * entry with scope GLOBAL whose namespace and service selectors both match makes the service
 * GLOBAL (LOCAL entries never end the search; an entry whose selector Kubernetes rejects, or whose
 * namespace is unknown, is skipped). The flavour's global label (`istio.io/global: "true"` from the
 * upstream ambient profile, `solo.io/service-scope: global` for Solo) is honoured as the profile's
 * own entry. Default LOCAL. The configs are those of the istiod doing the lookup, applied to the
 * service's own namespace labels, even for a remote cluster's service.
 */
export function serviceScope(
  service: Pick<ServiceModel, "name" | "namespace" | "labels" | "cluster">,
  namespace: Pick<NamespaceModel, "labels"> | undefined,
  configs: readonly ServiceScopeConfig[],
  flavour: Flavour,
): ServiceScopeVerdict {
  const diagnostics: Diagnostic[] = [];
  const id = `${service.namespace}/${service.name}`;
  for (const [i, config] of configs.entries()) {
    const path = `$.meshConfig.serviceScopeConfigs[${i}]`;
    const invalid =
      (config.namespaceSelector && labelSelectorProblem(config.namespaceSelector)) ||
      (config.servicesSelector && labelSelectorProblem(config.servicesSelector));
    if (invalid) {
      diagnostics.push(
        endpointDiagnostic(ENDPOINT_CODES.scopeSelectorInvalid, "warning", {
          message: `serviceScopeConfigs[${i}] has an invalid selector (${invalid.problem}); istiod skips the entry`,
          fix: "give In/NotIn expressions values and Exists/DoesNotExist none",
          path,
          cluster: service.cluster,
        }),
      );
      continue;
    }
    if (namespace === undefined) {
      diagnostics.push(
        endpointDiagnostic(ENDPOINT_CODES.scopeNamespaceUnknown, "warning", {
          message: `namespace ${service.namespace} of service ${id} is unknown, so serviceScopeConfigs[${i}] cannot match it`,
          fix: `declare the Namespace ${service.namespace} in cluster ${service.cluster}`,
          path,
          cluster: service.cluster,
        }),
      );
      continue;
    }
    if (
      config.scope === "GLOBAL" &&
      matchesOptionalSelector(config.namespaceSelector, namespace.labels) &&
      matchesOptionalSelector(config.servicesSelector, service.labels)
    ) {
      return {
        scope: "GLOBAL",
        reason: `matches meshConfig.serviceScopeConfigs[${i}] (scope GLOBAL)`,
        diagnostics,
      };
    }
  }
  const label = flavourTraits(flavour).globalServiceLabel;
  if (service.labels[label.key] === label.value) {
    return {
      scope: "GLOBAL",
      reason: `labelled ${label.key}=${label.value} (${flavour} global-service label)`,
      diagnostics,
    };
  }
  return {
    scope: "LOCAL",
    reason: `no GLOBAL serviceScopeConfigs entry matches and no ${label.key}=${label.value} label: LOCAL (the default)`,
    diagnostics,
  };
}
