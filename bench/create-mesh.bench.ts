/**
 * `pnpm bench create-mesh`: derives the Mesh model of a synthetic mesh of 50 clusters, 200
 * namespaces each (half injected, a quarter ambient), 10k Services, 10k Deployments of 5 replicas
 * (50k workloads) and 5k AuthorizationPolicies, and prints the time `createMesh` takes
 * (target: well under 1.5 s), its CPU time, and the peak memory of the process.
 */
import { applySpecDefaults, createMesh, type KubeObject, type MeshSpec } from "@meshwright/core";
import { peakRssMiB, report, timed } from "./measure";

const CLUSTERS = 50;
const NAMESPACES = 200;
const REPLICAS = 5;

function namespaceObjects(ns: string, index: number): KubeObject[] {
  const labels: Record<string, string> =
    index % 2 === 0
      ? { "istio-injection": "enabled" }
      : index % 4 === 1
        ? { "istio.io/dataplane-mode": "ambient" }
        : {};
  const app = { app: `svc-${index}`, version: "v1" };
  const objects: KubeObject[] = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels } },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: `svc-${index}`, namespace: ns },
      spec: {
        replicas: REPLICAS,
        selector: { matchLabels: app },
        template: {
          metadata: { labels: app },
          spec: {
            serviceAccountName: `sa-${index}`,
            containers: [{ name: "app", image: "x", ports: [{ name: "http", containerPort: 8080 }] }],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: `svc-${index}`, namespace: ns },
      spec: { selector: { app: app.app }, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
    },
  ];
  if (index % 2 === 0) {
    objects.push({
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: { name: "allow", namespace: ns },
      spec: {
        selector: { matchLabels: { app: app.app } },
        rules: [{ from: [{ source: { namespaces: [ns] } }] }],
      },
    });
  }
  return objects;
}

function syntheticSpec(): MeshSpec {
  const networks = Array.from({ length: 5 }, (_, i) => `network${i + 1}`);
  return applySpecDefaults({
    meshId: "bench",
    networks,
    clusters: Array.from({ length: CLUSTERS }, (_, c) => ({
      name: `cluster-${c}`,
      provider: { kind: "eks" as const, region: "us-east-2" },
      network: networks[c % networks.length]!,
      nodes: ["a", "b", "c"].map((zone) => ({ name: `node-${zone}`, zone: `us-east-2${zone}` })),
      remoteSecrets: Array.from({ length: CLUSTERS }, (_, o) => `cluster-${o}`).filter((_, o) => o !== c),
      resources: Array.from({ length: NAMESPACES }, (_, n) => namespaceObjects(`ns-${n}`, n)).flat(),
    })),
  });
}

const spec = syntheticSpec();
// One warm-up run so the figure is the steady cost, not the JIT's first pass.
createMesh(spec);
const runs: number[] = [];
const cpuRuns: number[] = [];
let counts = { workloads: 0, services: 0 };
for (let i = 0; i < 3; i++) {
  const cpu = process.cpuUsage();
  const { value, ms } = await timed(() => createMesh(spec));
  const used = process.cpuUsage(cpu);
  runs.push(ms);
  cpuRuns.push((used.user + used.system) / 1000);
  counts = {
    workloads: value.mesh.clusters.reduce((sum, cluster) => sum + cluster.workloads.length, 0),
    services: value.mesh.clusters.reduce((sum, cluster) => sum + cluster.services.length, 0),
  };
}
process.stdout.write(`clusters: ${CLUSTERS}, services: ${counts.services}, workloads: ${counts.workloads}\n`);
report("createMesh (best of 3)", Math.min(...runs), "ms", { max: 1500 });
report("createMesh (worst of 3)", Math.max(...runs), "ms");
// CPU time (all threads, GC included) tells the cost apart from a busy machine's scheduling delays.
report("createMesh CPU time (best of 3)", Math.min(...cpuRuns), "ms");
report("peak RSS", peakRssMiB(), "MiB");
