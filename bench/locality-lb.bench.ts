/**
 * Locality LB throughput: `computeDistribution` for every (client cluster × service) pair of a
 * synthetic 50-cluster / 10k-service / 50k-endpoint mesh, the way `distribution()` for all pairs
 * will call it (explanations off), plus the latency of one explained call.
 */
import { computeDistribution, type DistributionRequest, type LbTrafficPolicy } from "@meshwright/sim";
// The shared model types are not re-exported from the package index (yet): take them from their module.
import type { ProxyView, RegistryEndpoint } from "@meshwright/sim/model";
import { peakRssMiB, percentile, report, timed } from "./measure";

const CLUSTERS = 50;
const SERVICES = 10_000;
const ENDPOINTS_PER_SERVICE = 5;

function clusterFacts(c: number) {
  const locality = { region: `region${c % 5}`, zone: `zone${c % 3}`, subzone: "" };
  return { cluster: `cluster${c}`, network: `network${c % 10}`, locality };
}

function endpoint(service: number, k: number): RegistryEndpoint {
  const c = (service * 7 + k * 13) % CLUSTERS;
  const { cluster, network, locality } = clusterFacts(c);
  const workloadId = `${cluster}/ns${service % 100}/svc${service}-${k}`;
  return {
    workloadId,
    address: `10.${c}.${(service >> 8) & 255}.${(service + k) & 255}`,
    port: 8080,
    cluster,
    network,
    locality,
    labels: {
      app: `svc${service}`,
      "topology.kubernetes.io/region": locality.region,
      "topology.kubernetes.io/zone": locality.zone,
      "topology.istio.io/cluster": cluster,
      "topology.istio.io/network": network,
    },
    weight: 1,
    health: (service + k) % 17 === 0 ? "unhealthy" : "healthy",
    tlsMode: "istio",
    supportsTunnel: false,
    identity: `spiffe://cluster.local/ns/ns${service % 100}/sa/svc${service}`,
  };
}

function proxy(c: number): ProxyView {
  const { cluster, network, locality } = clusterFacts(c);
  return {
    kind: c % 5 === 4 ? "ztunnel" : "sidecar",
    workloadId: `${cluster}/default/client`,
    cluster,
    namespace: "default",
    network,
    locality,
    labels: {
      "topology.kubernetes.io/region": locality.region,
      "topology.kubernetes.io/zone": locality.zone,
      "topology.istio.io/cluster": cluster,
      "topology.istio.io/network": network,
    },
    ipFamilies: ["IPv4"],
    requestedNetworkView: [],
  };
}

const OUTLIER = { outlierDetection: { consecutive5xxErrors: 3 } } as LbTrafficPolicy;
const DISTRIBUTE = {
  loadBalancer: {
    localityLbSetting: { distribute: [{ from: "*", to: { "region0/*": 60, "region1/*": 40 } }] },
  },
} as LbTrafficPolicy;

const services = Array.from({ length: SERVICES }, (_, s) => ({
  endpoints: Array.from({ length: ENDPOINTS_PER_SERVICE }, (_, k) => endpoint(s, k)),
  policy: s % 10 === 0 ? OUTLIER : s % 50 === 1 ? DISTRIBUTE : undefined,
  trafficDistribution: s % 20 === 3 ? ("PreferClose" as const) : ("Any" as const),
}));
const proxies = Array.from({ length: CLUSTERS }, (_, c) => proxy(c));

function request(c: number, s: number, explain: boolean): DistributionRequest<RegistryEndpoint> {
  const service = services[s]!;
  return {
    proxy: proxies[c]!,
    endpoints: service.endpoints,
    service: { trafficDistribution: service.trafficDistribution },
    destinationRulePolicy: service.policy,
    meshConfig: {},
    istioVersion: "1.31",
    explain,
  };
}

async function main(): Promise<void> {
  // Warm up the JIT on a slice first.
  for (let s = 0; s < 2000; s++) computeDistribution(request(s % CLUSTERS, s, false));

  for (const clusters of [5, 50]) {
    const cpuBefore = process.cpuUsage();
    const { ms, value: shares } = await timed(() => {
      let count = 0;
      for (let c = 0; c < clusters; c++) {
        for (let s = 0; s < SERVICES; s++) count += computeDistribution(request(c, s, false)).shares.length;
      }
      return count;
    });
    report(`all pairs, ${clusters} clusters × ${SERVICES} services (${shares} shares)`, ms / 1000, "s", {
      max: 10,
    });
    const cpu = process.cpuUsage(cpuBefore);
    report(`  per pair, ${clusters} clusters (wall)`, (ms * 1000) / (clusters * SERVICES), "µs");
    // CPU time is what the code costs when the machine is shared; wall time is what a user waits.
    report(`  CPU time, ${clusters} clusters`, (cpu.user + cpu.system) / 1e6, "s");
  }

  const samples: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const start = performance.now();
    computeDistribution(request(i % CLUSTERS, (i * 7919) % SERVICES, true));
    samples.push((performance.now() - start) * 1000);
  }
  report("one explained call p50", percentile(samples, 50), "µs");
  report("one explained call p99", percentile(samples, 99), "µs");
  report("peak RSS", peakRssMiB(), "MiB");
}

await main();
