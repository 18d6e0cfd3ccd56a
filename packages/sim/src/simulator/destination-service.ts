import { getOrCreate, type ServiceModel, type ServicePort } from "@meshwright/core";
import type { FilteredService } from "../endpoints";
import type { ZtunnelServiceInput } from "../lb";
import type { PlaneView } from "./plane-view";

/** The attributes of a destination host the endpoint filters and the load balancer read. */
export interface DestinationService extends FilteredService {
  readonly hostname: string;
  /** What ztunnel's WDS load balancing reads (istio-semantics §1.10). */
  readonly ztunnel: ZtunnelServiceInput;
  readonly namespace: string;
  /** The Kubernetes / ECS declaration that supplies the attributes (the istiod's first registry), if any. */
  readonly declaration?: ServiceModel;
  /** Ports by service port number. */
  readonly ports: ReadonlyMap<number, ServicePort>;
}

const L7_PROTOCOLS = new Set(["http", "http2", "grpc", "grpc-web", "h2c"]);

/**
 * The destination service as one istiod knows it: the first declaration in registry order
 * (istio-semantics §4.1: the first Kubernetes registry supplies ports and attributes), else the
 * ServiceEntry of its own cluster.
 */
export function destinationService(plane: PlaneView, hostname: string): DestinationService | undefined {
  return (
    getOrCreate(plane.memos.destinations, hostname, () => describeDestination(plane, hostname) ?? null) ??
    undefined
  );
}

function describeDestination(plane: PlaneView, hostname: string): DestinationService | undefined {
  const declaration = plane.declarations(hostname)[0];
  if (declaration) {
    return {
      hostname,
      namespace: declaration.namespace,
      declaration,
      ports: new Map(declaration.ports.map((p) => [p.port, p])),
      publishNotReadyAddresses: declaration.publishNotReadyAddresses,
      internalTrafficPolicy: declaration.internalTrafficPolicy,
      trafficDistribution: declaration.trafficDistribution,
      ztunnel: {
        kind: "Service",
        internalTrafficPolicy: declaration.internalTrafficPolicy,
        trafficDistribution: declaration.trafficDistribution,
        publishNotReadyAddresses: declaration.publishNotReadyAddresses,
      },
    };
  }
  const entry = plane.serviceEntry(hostname);
  if (!entry) return undefined;
  return {
    hostname,
    namespace: entry.namespace,
    ports: new Map(
      entry.ports.map((p) => [
        p.number,
        {
          name: p.name,
          port: p.number,
          targetPort: p.targetPort ?? p.number,
          protocol: "TCP" as const,
          appProtocol: p.protocol.toLowerCase(),
        },
      ]),
    ),
    publishNotReadyAddresses: false,
    internalTrafficPolicy: "Cluster",
    trafficDistribution: "Any",
    ztunnel: { kind: "ServiceEntry", trafficDistribution: "Any", resolution: entry.resolution },
  };
}

/** Whether a proxy parses HTTP on this service port (its protocol, from appProtocol or the port name). */
export function isHttpPort(port: ServicePort | undefined): boolean {
  return port?.appProtocol !== undefined && L7_PROTOCOLS.has(port.appProtocol.toLowerCase());
}
