import type { TrafficDistribution } from "@meshwright/core";

/** A WDS `LoadBalancing.Scope`. */
export type ZtunnelScope = "REGION" | "ZONE" | "SUBZONE" | "NODE" | "CLUSTER" | "NETWORK";

/** A WDS `LoadBalancing.Mode` (`UNSPECIFIED_MODE` is ztunnel's Standard: plain weighted random). */
export type ZtunnelLbMode = "UNSPECIFIED_MODE" | "STRICT" | "FAILOVER" | "PASSTHROUGH";

/** A WDS `LoadBalancing.HealthPolicy`. */
export type ZtunnelHealthPolicy = "ONLY_HEALTHY" | "ALLOW_ALL";

/** The `Service.load_balancing` istiod sends to ztunnel. */
export interface WdsLoadBalancing {
  readonly routingPreference: readonly ZtunnelScope[];
  readonly mode: ZtunnelLbMode;
  readonly healthPolicy: ZtunnelHealthPolicy;
}

/** The service fields `constructService` reads. */
export interface ZtunnelServiceInput {
  /** A Kubernetes Service (default) or a ServiceEntry. */
  readonly kind?: "Service" | "ServiceEntry";
  readonly internalTrafficPolicy?: "Cluster" | "Local";
  /** Normalised traffic distribution; for ServiceEntries only the annotation can set it. */
  readonly trafficDistribution: TrafficDistribution;
  readonly publishNotReadyAddresses?: boolean;
  /** ServiceEntry `resolution`. */
  readonly resolution?: "NONE" | "STATIC" | "DNS" | "DNS_ROUND_ROBIN" | "DYNAMIC_DNS";
}

const PREFER_SAME_ZONE: readonly ZtunnelScope[] = Object.freeze(["NETWORK", "REGION", "ZONE"]);
const PREFER_SAME_NODE: readonly ZtunnelScope[] = Object.freeze([
  "NETWORK",
  "REGION",
  "ZONE",
  "SUBZONE",
  "NODE",
]);

function fromTrafficDistribution(distribution: TrafficDistribution): WdsLoadBalancing | null {
  switch (distribution) {
    case "PreferClose":
    case "PreferSameZone":
      return { routingPreference: PREFER_SAME_ZONE, mode: "FAILOVER", healthPolicy: "ONLY_HEALTHY" };
    case "PreferSameNode":
      return { routingPreference: PREFER_SAME_NODE, mode: "FAILOVER", healthPolicy: "ONLY_HEALTHY" };
    case "Any":
      return null;
  }
}

/**
 * The WDS `LoadBalancing` istiod builds for a service (`pilot/pkg/serviceregistry/ambient/services.go`
 * `constructService`, istio-semantics §1.10): `internalTrafficPolicy: Local` → [NODE] STRICT; else
 * PreferClose / PreferSameZone → [NETWORK, REGION, ZONE] FAILOVER; PreferSameNode → [NETWORK, REGION,
 * ZONE, SUBZONE, NODE] FAILOVER; `publishNotReadyAddresses` → health policy ALLOW_ALL. A ServiceEntry
 * with `resolution: NONE` is PASSTHROUGH. `null` = unset (ztunnel's Standard mode).
 */
export function ztunnelLoadBalancing(service: ZtunnelServiceInput): WdsLoadBalancing | null {
  if (service.kind === "ServiceEntry") {
    if (service.resolution === "NONE") {
      return { routingPreference: [], mode: "PASSTHROUGH", healthPolicy: "ALLOW_ALL" };
    }
    return fromTrafficDistribution(service.trafficDistribution);
  }
  const base =
    service.internalTrafficPolicy === "Local"
      ? {
          routingPreference: ["NODE"] as const,
          mode: "STRICT" as const,
          healthPolicy: "ONLY_HEALTHY" as const,
        }
      : fromTrafficDistribution(service.trafficDistribution);
  if (!service.publishNotReadyAddresses) return base;
  return { ...(base ?? { routingPreference: [], mode: "UNSPECIFIED_MODE" }), healthPolicy: "ALLOW_ALL" };
}
