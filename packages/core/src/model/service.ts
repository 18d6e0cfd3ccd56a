/** One port of a Service. `targetPort` is resolved against workloads later (it may be a port name). */
export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: "TCP" | "UDP" | "SCTP";
  /** `appProtocol`, or the protocol Istio infers from the port name (`http-*`, `grpc`, `tcp`, ...). */
  readonly appProtocol?: string;
}

/** `spec.trafficDistribution` or the `networking.istio.io/traffic-distribution` annotation, normalised. */
export type TrafficDistribution = "Any" | "PreferClose" | "PreferSameZone" | "PreferSameNode";

/**
 * A service as one cluster declares it: a Kubernetes Service, or an ECS service that the Solo
 * integration registers. The simulator merges same-name services across clusters (namespace sameness).
 */
export interface ServiceModel {
  readonly id: string;
  readonly cluster: string;
  readonly namespace: string;
  readonly name: string;
  readonly origin: "kubernetes" | "ecs";
  /** Fully-qualified host, e.g. `helloworld.sample.svc.cluster.local` or `echo.ecs-1.ecs.local`. */
  readonly hostname: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** `null` for services without a selector (endpoints come from elsewhere). */
  readonly selector: Readonly<Record<string, string>> | null;
  readonly ports: readonly ServicePort[];
  /** ClusterIP(s); empty for headless services. */
  readonly clusterIps: readonly string[];
  readonly headless: boolean;
  readonly type: "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";
  readonly publishNotReadyAddresses: boolean;
  readonly internalTrafficPolicy: "Cluster" | "Local";
  /** Effective traffic distribution and where it came from (istio-semantics §1.3 step 3). */
  readonly trafficDistribution: TrafficDistribution;
  readonly trafficDistributionSource: "spec" | "service-annotation" | "namespace-annotation" | "default";
}
