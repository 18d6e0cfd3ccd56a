/**
 * `pnpm bench routing`: routing and DNS rules at the mesh scale of issue 4 §7 — one istiod reading
 * N clusters (10k services over 50 clusters at full size), 10% of services with a VirtualService
 * (header match + 90/10 weighted subsets), 10% with a DestinationRule, 500 ServiceEntries. Reports
 * compile time, per-request `route()` and `resolve()` latency (p50/p99), and how they grow from 5
 * to 50 clusters.
 */
import {
  DEFAULT_MESH_CONFIG,
  type KubeObject,
  type Mesh,
  NO_LOCALITY,
  type ServiceModel,
} from "@meshwright/core";
import { type CompiledRouting, compileDns, compileRouting } from "@meshwright/sim";
import { peakRssMiB, percentile, report, timed } from "./measure";

const NAMESPACES = 200;
const SERVICES_PER_CLUSTER = 200;

const clusterName = (c: number) => `cluster-${String(c).padStart(2, "0")}`;
const namespaceOf = (s: number) => `team-${String(s % NAMESPACES).padStart(3, "0")}`;

function servicesOf(clusters: number): ServiceModel[] {
  const out: ServiceModel[] = [];
  for (let c = 0; c < clusters; c++) {
    for (let i = 0; i < SERVICES_PER_CLUSTER; i++) {
      const s = c * SERVICES_PER_CLUSTER + i;
      const namespace = namespaceOf(s);
      out.push({
        id: `${clusterName(c)}/${namespace}/svc-${s}`,
        cluster: clusterName(c),
        namespace,
        name: `svc-${s}`,
        origin: "kubernetes",
        hostname: `svc-${s}.${namespace}.svc.cluster.local`,
        labels: {},
        annotations: {},
        selector: { app: `svc-${s}` },
        ports: [{ port: 8080, targetPort: 8080, protocol: "TCP", name: "http" }],
        clusterIps: [`172.${16 + (c % 16)}.${Math.floor(i / 250)}.${(i % 250) + 1}`],
        headless: false,
        type: "ClusterIP",
        publishNotReadyAddresses: false,
        internalTrafficPolicy: "Cluster",
        trafficDistribution: "Any",
        trafficDistributionSource: "default",
      });
    }
  }
  return out;
}

function istioObjects(services: readonly ServiceModel[]): KubeObject[] {
  const out: KubeObject[] = [];
  services.forEach((s, i) => {
    if (i % 10 === 0) {
      out.push({
        apiVersion: "networking.istio.io/v1",
        kind: "VirtualService",
        metadata: { name: `vs-${s.name}`, namespace: s.namespace },
        spec: {
          hosts: [s.name],
          http: [
            {
              match: [{ headers: { "x-canary": { exact: "true" } } }],
              route: [{ destination: { host: s.name, subset: "v2" } }],
            },
            {
              route: [
                { destination: { host: s.name, subset: "v1" }, weight: 90 },
                { destination: { host: s.name, subset: "v2" }, weight: 10 },
              ],
            },
          ],
        },
      });
      out.push({
        apiVersion: "networking.istio.io/v1",
        kind: "DestinationRule",
        metadata: { name: `dr-${s.name}`, namespace: s.namespace },
        spec: {
          host: s.name,
          subsets: [
            { name: "v1", labels: { version: "v1" } },
            { name: "v2", labels: { version: "v2" } },
          ],
        },
      });
    }
  });
  for (let e = 0; e < 500; e++) {
    out.push({
      apiVersion: "networking.istio.io/v1",
      kind: "ServiceEntry",
      metadata: { name: `ext-${e}`, namespace: namespaceOf(e) },
      spec: {
        hosts: [`api-${e}.example.com`],
        ports: [{ number: 443, name: "tls", protocol: "TLS" }],
        resolution: "DNS",
      },
    });
  }
  return out;
}

function meshOf(clusters: number, services: readonly ServiceModel[], resources: readonly KubeObject[]): Mesh {
  return {
    meshId: "bench",
    trustDomain: "cluster.local",
    trustDomainAliases: [],
    rootNamespace: "istio-system",
    istioVersion: "1.31",
    flavour: "upstream",
    meshConfig: DEFAULT_MESH_CONFIG,
    networks: [{ name: "network1" }],
    clusters: Array.from({ length: clusters }, (_, c) => ({
      name: clusterName(c),
      provider: { kind: "generic" as const },
      network: "network1",
      ipFamilies: ["IPv4" as const],
      podCidrs: [],
      serviceCidrs: [],
      nodes: [{ name: "n", locality: NO_LOCALITY }],
      controlPlane: { role: "primary" as const },
      istiodFeatures: {},
      remoteSecrets: Array.from({ length: clusters }, (_, o) => clusterName(o)).filter(
        (n) => n !== clusterName(c),
      ),
      eastWestGateways: [],
      ecsClusters: [],
      resources: c === 0 ? resources : [],
      effectiveMeshConfig: { ...DEFAULT_MESH_CONFIG, dnsCapture: true },
      namespaces: [],
      workloads: [],
      services: services.filter((s) => s.cluster === clusterName(c)),
      gateways: [],
    })),
  };
}

function latencies(count: number, run: (i: number) => void): number[] {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    run(i);
    samples.push((performance.now() - start) * 1000);
  }
  return samples;
}

async function measure(clusters: number, verbose: boolean): Promise<void> {
  const services = servicesOf(clusters);
  const resources = istioObjects(services);
  const { value: routing, ms } = await timed(() =>
    compileRouting({ cluster: clusterName(0), network: "network1", resources, services }, { seed: 1 }),
  );
  const requests = 20_000;
  const request = (i: number) => {
    const s = services[(i * 7919) % services.length]!;
    return {
      client: {
        namespace: namespaceOf(i),
        labels: { app: "client", "topology.istio.io/cluster": clusterName(0) },
      },
      request: { authority: `${s.name}.${s.namespace}:8080`, port: 8080, path: "/", requestKey: String(i) },
    };
  };
  const cold = latencies(requests, (i) => {
    const { client, request: r } = request(i);
    routing.route(client, r);
  });
  const warm = latencies(requests, (i) => {
    const { client, request: r } = request(i);
    routing.route(client, r);
  });
  const mesh = meshOf(clusters, services, resources);
  const routingFor = (name: string): CompiledRouting | undefined =>
    name === clusterName(0) ? routing : undefined;
  const dns = compileDns(mesh, { routingFor });
  const resolve = latencies(requests, (i) => {
    const s = services[(i * 104729) % services.length]!;
    dns.resolve(`${s.name}.${s.namespace}`, {
      cluster: clusterName(0),
      namespace: namespaceOf(i % 50),
      dataplane: "sidecar",
    });
  });
  const label = `${clusters} clusters (${services.length} services, ${resources.length} Istio objects)`;
  report(`compileRouting, ${label}`, ms, "ms", verbose ? { max: 3000 } : undefined);
  report(`route() p50 cold, ${label}`, percentile(cold, 50), "µs");
  report(`route() p50 warm, ${label}`, percentile(warm, 50), "µs", verbose ? { max: 50 } : undefined);
  report(`route() p99 warm, ${label}`, percentile(warm, 99), "µs");
  report(`resolve() p50 (sidecar DNS capture, first query), ${label}`, percentile(resolve, 50), "µs");
}

for (const clusters of [5, 10, 25]) await measure(clusters, false);
await measure(50, true);
report("peak RSS", peakRssMiB(), "MiB", { max: 1536 });
