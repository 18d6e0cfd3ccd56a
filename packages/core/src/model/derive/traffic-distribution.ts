import type { ServiceModel, TrafficDistribution } from "../service";
import type { Labels } from "./label-selector";

/** The annotation Istio reads on Services and Namespaces (`annotation.NetworkingTrafficDistribution`). */
export const TRAFFIC_DISTRIBUTION_ANNOTATION = "networking.istio.io/traffic-distribution";

/** The effective traffic distribution, where it came from, and an unknown value Istio ignored. */
export interface TrafficDistributionChoice {
  readonly value: TrafficDistribution;
  readonly source: ServiceModel["trafficDistributionSource"];
  /** An annotation value Istio does not know (treated as Any), for a warning. */
  readonly unknown?: { readonly on: "service" | "namespace"; readonly value: string };
}

const SPEC_VALUES: Readonly<Record<string, TrafficDistribution>> = {
  PreferClose: "PreferClose",
  PreferSameZone: "PreferSameZone",
  PreferSameNode: "PreferSameNode",
};

const ANNOTATION_VALUES: Readonly<Record<string, TrafficDistribution>> = {
  preferclose: "PreferClose",
  prefersamezone: "PreferSameZone",
  prefersamenode: "PreferSameNode",
};

/**
 * `pilot/pkg/model/service.go` GetTrafficDistribution (istio-semantics §1.3 step 3): the first of
 * Service `spec.trafficDistribution` (exact values only; an unknown one falls through), the
 * Service annotation, the Namespace annotation (case-insensitive; an unknown value stops the
 * search as Any), else Any. ServiceEntries pass no spec value. PreferClose is kept as written;
 * Istio treats it exactly as PreferSameZone.
 */
export function resolveTrafficDistribution(
  specValue: string | undefined,
  serviceAnnotations: Labels,
  namespaceAnnotations: Labels,
): TrafficDistributionChoice {
  const fromSpec = specValue === undefined ? undefined : SPEC_VALUES[specValue];
  if (fromSpec !== undefined) return { value: fromSpec, source: "spec" };
  const layers = [
    {
      on: "service",
      text: serviceAnnotations[TRAFFIC_DISTRIBUTION_ANNOTATION],
      source: "service-annotation",
    },
    {
      on: "namespace",
      text: namespaceAnnotations[TRAFFIC_DISTRIBUTION_ANNOTATION],
      source: "namespace-annotation",
    },
  ] as const;
  for (const layer of layers) {
    if (layer.text === undefined || layer.text === "") continue;
    const lower = layer.text.toLowerCase();
    const known = Object.hasOwn(ANNOTATION_VALUES, lower) ? ANNOTATION_VALUES[lower] : undefined;
    if (known !== undefined) return { value: known, source: layer.source };
    return {
      value: "Any",
      source: layer.source,
      // "Any" is not an Istio value either, but writing it is a clear intent, not a typo.
      ...(lower === "any" ? {} : { unknown: { on: layer.on, value: layer.text } }),
    };
  }
  return { value: "Any", source: "default" };
}
