/**
 * `pnpm bench endpoints`: the multi-network endpoint rules on a synthetic 50-cluster mesh
 * (10 networks × 5 clusters, one classic E/W gateway per cluster, 10 pods per service per
 * cluster). These rules run per (proxy class × service) at compile time, so the figures that
 * matter are the cost of one EDS view and of all views one client cluster needs.
 */
import { NO_LOCALITY, type ServiceModel } from "@meshwright/core";
import {
  ambientServiceRegistry,
  ambientWorkloadsForService,
  buildEndpointView,
  type NetworkGatewayDiscovery,
  networkGatewaysFromModel,
} from "@meshwright/sim";
import type { ProxyView, RegistryEndpoint } from "../packages/sim/src/model";
import { peakRssMiB, percentile, report, timed } from "./measure";

const CLUSTERS = 50;
const NETWORKS = 10;
const PODS_PER_CLUSTER = 10;
const SERVICES = 20;

const clusterName = (c: number) => `cluster-${c}`;
const networkOf = (c: number) => `network-${c % NETWORKS}`;

function endpointsOf(service: number): RegistryEndpoint[] {
  const out: RegistryEndpoint[] = [];
  for (let c = 0; c < CLUSTERS; c++) {
    for (let p = 0; p < PODS_PER_CLUSTER; p++) {
      out.push({
        workloadId: `${clusterName(c)}/ns/svc-${service}-${p}`,
        address: `10.${c}.${service % 250}.${p + 1}`,
        port: 8080,
        cluster: clusterName(c),
        network: networkOf(c),
        locality: { region: `region-${c % 5}`, zone: `zone-${c % 3}`, subzone: "" },
        labels: { app: `svc-${service}`, "topology.istio.io/cluster": clusterName(c) },
        weight: 1,
        health: p === 0 ? "unhealthy" : "healthy",
        tlsMode: "istio",
        supportsTunnel: false,
        identity: `spiffe://cluster.local/ns/ns/sa/svc-${service}`,
      });
    }
  }
  return out;
}

function gatewayDiscovery(): NetworkGatewayDiscovery {
  return networkGatewaysFromModel(
    Array.from({ length: CLUSTERS }, (_, c) => ({
      cluster: clusterName(c),
      gateways: [
        {
          name: "istio-eastwestgateway",
          namespace: "istio-system",
          kind: "classic" as const,
          network: networkOf(c),
          address: { ip: `198.51.${c}.10` },
          serviceType: "LoadBalancer" as const,
          annotations: {},
          ports: [15021, 15443, 15012],
          exposesServices: true,
          origin: "mesh" as const,
        },
      ],
    })),
    { localCluster: clusterName(0) },
  );
}

const client: ProxyView = {
  kind: "sidecar",
  workloadId: "cluster-0/client/sleep",
  cluster: clusterName(0),
  namespace: "client",
  network: networkOf(0),
  locality: NO_LOCALITY,
  labels: {},
  ipFamilies: ["IPv4"],
  requestedNetworkView: [],
};

const discovery = await timed(() => gatewayDiscovery());
report("networkGatewaysFromModel (50 clusters)", discovery.ms, "ms");
const gateways = discovery.value.sidecar;

const services = Array.from({ length: SERVICES }, (_, s) => endpointsOf(s));
const service = {
  hostname: "svc.ns.svc.cluster.local",
  port: 80,
  publishNotReadyAddresses: false,
  internalTrafficPolicy: "Cluster" as const,
  trafficDistribution: "Any" as const,
};
const view = (endpoints: RegistryEndpoint[]) =>
  buildEndpointView(endpoints, {
    proxy: client,
    service,
    istioVersion: "1.31",
    gateways,
    clusterLocal: false,
  });

for (let i = 0; i < 50; i++) view(services[i % SERVICES]!);
const samples: number[] = [];
for (let i = 0; i < 1000; i++) {
  const { ms } = await timed(() => view(services[i % SERVICES]!));
  samples.push(ms * 1000);
}
const endpointsPerView = CLUSTERS * PODS_PER_CLUSTER;
report(`buildEndpointView p50 (${endpointsPerView} endpoints, 10 networks)`, percentile(samples, 50), "µs");
report("buildEndpointView p99", percentile(samples, 99), "µs");

// CPU time rather than wall time: the figure must not depend on what else the machine runs.
const VIEWS = 1000;
const cpuBefore = process.cpuUsage();
for (let i = 0; i < VIEWS; i++) view(services[i % SERVICES]!);
const cpu = process.cpuUsage(cpuBefore);
const perEndpointNs = ((cpu.user + cpu.system) * 1000) / (VIEWS * endpointsPerView);
report("CPU per endpoint per view", perEndpointNs, "ns");
// The 10k-service / 50k-workload mesh has 50k endpoints in all; every client cluster's view of
// every service then costs 50 clusters × 50k endpoint evaluations.
report("projected: 50 client clusters × 50k endpoints", (perEndpointNs * 50 * 50_000) / 1e6, "ms", {
  max: 3000,
});

const ambientClusters = Array.from({ length: CLUSTERS }, (_, c) => ({
  cluster: clusterName(c),
  network: networkOf(c),
  namespaces: [{ cluster: clusterName(c), name: "ns", labels: {}, annotations: {}, declared: true }],
  services: Array.from(
    { length: SERVICES },
    (_, s): ServiceModel => ({
      id: `${clusterName(c)}/ns/svc-${s}`,
      cluster: clusterName(c),
      namespace: "ns",
      name: `svc-${s}`,
      origin: "kubernetes" as const,
      hostname: `svc-${s}.ns.svc.cluster.local`,
      labels: s % 2 === 0 ? { "istio.io/global": "true" } : {},
      annotations: {},
      selector: { app: `svc-${s}` },
      ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" as const }],
      clusterIps: [`172.${16 + (c % 16)}.${s % 250}.1`],
      headless: false,
      type: "ClusterIP" as const,
      publishNotReadyAddresses: false,
      internalTrafficPolicy: "Cluster" as const,
      trafficDistribution: "Any" as const,
      trafficDistributionSource: "default" as const,
    }),
  ),
}));
const registry = await timed(() =>
  ambientServiceRegistry(ambientClusters, {
    localCluster: clusterName(0),
    serviceScopeConfigs: [],
    flavour: "upstream",
    ambientMultiNetwork: true,
  }),
);
report(`ambientServiceRegistry (${CLUSTERS} clusters × ${SERVICES} services)`, registry.ms, "ms");
const workloads = Array.from({ length: CLUSTERS * PODS_PER_CLUSTER }, (_, i) => ({
  id: `${clusterName(Math.floor(i / PODS_PER_CLUSTER))}/ns/svc-0-${i}`,
  cluster: clusterName(Math.floor(i / PODS_PER_CLUSTER)),
  namespace: "ns",
  serviceAccount: "svc-0",
  network: networkOf(Math.floor(i / PODS_PER_CLUSTER)),
  health: "healthy" as const,
}));
const ambientGateways = networkGatewaysFromModel(
  Array.from({ length: CLUSTERS }, (_, c) => ({
    cluster: clusterName(c),
    gateways: [
      {
        name: "eastwest",
        namespace: "istio-system",
        kind: "ambient" as const,
        network: networkOf(c),
        address: { ip: `198.51.${c}.20` },
        serviceType: "LoadBalancer" as const,
        annotations: {},
        ports: [15008],
        exposesServices: false,
        origin: "mesh" as const,
      },
    ],
  })),
  { localCluster: clusterName(0) },
).ambient;
const wds = await timed(() => {
  for (const svc of registry.value.services.slice(0, 10)) {
    ambientWorkloadsForService(svc, workloads, {
      localNetwork: networkOf(0),
      gateways: ambientGateways,
      trustDomain: "cluster.local",
    });
  }
});
report(`ambientWorkloadsForService per service (${workloads.length} workloads)`, wds.ms / 10, "ms");
report("peak RSS", peakRssMiB(), "MiB");
