/**
 * A deterministic synthetic multi-cluster mesh, as the files a user would keep: one Mesh document
 * and, per cluster, a directory of manifests (namespaces, Deployments + Services + ServiceAccounts,
 * Istio policies). Used by the load benchmark and the simulator benchmarks (5..50 clusters).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Size of the synthetic mesh. Totals are spread evenly over clusters and namespaces. */
export interface SyntheticMeshOptions {
  readonly clusters: number;
  readonly namespacesPerCluster: number;
  /** Services in the whole mesh (each with one Deployment). */
  readonly services: number;
  /** Replicas of each Deployment (workloads = services × replicas). */
  readonly replicas: number;
  /** Istio policies in the whole mesh: AuthorizationPolicy, PeerAuthentication, DestinationRule, VirtualService in turn. */
  readonly policies: number;
  /** Networks the clusters are spread over (default: one per cluster, i.e. multi-network). */
  readonly networks?: number;
  /**
   * East-west gateways of each cluster (default `ambient`): `classic` is the sidecar one
   * (AUTO_PASSTHROUGH on 15443, `*.local` exposed), `both` deploys one of each, so sidecar and
   * ambient clients can both cross networks.
   */
  readonly eastWest?: "ambient" | "classic" | "both";
  /**
   * Turns on ambient multi-network (istiod `AMBIENT_ENABLE_MULTI_NETWORK`) and labels every Service
   * `istio.io/global: "true"`, so ambient clients reach other networks' pods (default false).
   */
  readonly ambientMultiNetwork?: boolean;
}

/** The load benchmark's size: 50 clusters × 200 namespaces, 10k services, 50k workloads, 5k policies. */
export const LOAD_BENCH_SIZE: SyntheticMeshOptions = {
  clusters: 50,
  namespacesPerCluster: 200,
  services: 10_000,
  replicas: 5,
  policies: 5_000,
};

/** The generated files: the Mesh document and every manifest, by path relative to the document. */
export interface SyntheticMesh {
  readonly meshFile: string;
  readonly meshYaml: string;
  readonly manifests: ReadonlyMap<string, string>;
  readonly counts: {
    readonly clusters: number;
    readonly namespaces: number;
    readonly services: number;
    readonly deployments: number;
    readonly workloads: number;
    readonly policies: number;
    readonly bytes: number;
  };
}

const clusterName = (c: number): string => `cluster-${String(c).padStart(2, "0")}`;
const namespaceName = (n: number): string => `team-${String(n).padStart(3, "0")}`;

/** Spreads `total` items over `buckets` as evenly as possible: how many bucket `index` gets. */
function share(total: number, buckets: number, index: number): number {
  return Math.floor(total / buckets) + (index < total % buckets ? 1 : 0);
}

function meshDocument(options: SyntheticMeshOptions): string {
  const networks = options.networks ?? options.clusters;
  const lines = [
    "apiVersion: meshwright.dev/v1alpha1",
    "kind: Mesh",
    "metadata:",
    "  name: synthetic",
    "spec:",
    "  meshId: synthetic",
    '  istioVersion: "1.31"',
    "  networks:",
    ...Array.from({ length: networks }, (_, n) => `    - name: network${n + 1}`),
    "  clusters:",
  ];
  for (let c = 0; c < options.clusters; c++) {
    const name = clusterName(c);
    const eks = c % 2 === 0;
    const region = eks ? "us-east-2" : "eastus";
    const others = Array.from({ length: options.clusters }, (_, o) => o)
      .filter((o) => o !== c)
      .map(clusterName);
    lines.push(
      `    - name: ${name}`,
      `      provider: { kind: ${eks ? "eks" : "aks"}, region: ${region} }`,
      `      network: network${(c % networks) + 1}`,
      "      nodes:",
      ...["a", "b", "c"].map(
        (zone, z) => `        - { name: ${name}-node-${z}, region: ${region}, zone: ${region}${zone} }`,
      ),
      ...(options.ambientMultiNetwork
        ? ['      istiod: { features: { AMBIENT_ENABLE_MULTI_NETWORK: "true" } }']
        : []),
      `      remoteSecrets: [${others.join(", ")}]`,
      "      eastWestGateways:",
      ...eastWestGateways(options.eastWest ?? "ambient", c),
      "      manifests:",
      `        - ${name}/`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The Mesh document lines of cluster `c`'s east-west gateways. */
function eastWestGateways(kind: NonNullable<SyntheticMeshOptions["eastWest"]>, c: number): string[] {
  const ambient = [
    "        - name: eastwest",
    "          kind: ambient",
    `          address: { ip: 203.0.113.${(c % 250) + 1} }`,
  ];
  const classic = [
    "        - name: eastwest-classic",
    "          kind: classic",
    `          address: { ip: 198.51.100.${(c % 250) + 1} }`,
    "          ports: [15443]",
    "          exposesServices: true",
  ];
  return kind === "both" ? [...ambient, ...classic] : kind === "classic" ? classic : ambient;
}

function namespaceYaml(namespace: string, ambient: boolean): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${namespace}
  labels:
    ${ambient ? "istio.io/dataplane-mode: ambient" : "istio-injection: enabled"}
    team: ${namespace}
`;
}

function applicationYaml(namespace: string, app: string, replicas: number, global: boolean): string {
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${app}
  namespace: ${namespace}
---
apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${namespace}
  labels:
    app: ${app}
    service: ${app}${global ? '\n    istio.io/global: "true"' : ""}
spec:
  ports:
    - name: http
      port: 8080
      targetPort: http
    - name: grpc-api
      port: 9090
      targetPort: 9090
  selector:
    app: ${app}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}-v1
  namespace: ${namespace}
  labels:
    app: ${app}
    version: v1
  annotations:
    deployment.kubernetes.io/revision: "3"
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${app}
      version: v1
  template:
    metadata:
      labels:
        app: ${app}
        version: v1
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "15020"
    spec:
      serviceAccountName: ${app}
      containers:
        - name: ${app}
          image: registry.example.com/${namespace}/${app}:1.4.2
          imagePullPolicy: IfNotPresent
          args: ["--port", "8080", "--grpc-port", "9090"]
          ports:
            - name: http
              containerPort: 8080
            - name: grpc
              containerPort: 9090
          env:
            - name: SERVICE_NAME
              value: ${app}
            - name: LOG_LEVEL
              value: info
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: 500m
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
            initialDelaySeconds: 5
            periodSeconds: 10
status:
  replicas: ${replicas}
  readyReplicas: ${replicas}
`;
}

function policyYaml(kind: number, namespace: string, app: string, index: number): string {
  const host = `${app}.${namespace}.svc.cluster.local`;
  switch (kind % 4) {
    case 0:
      return `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ${app}-allow-${index}
  namespace: ${namespace}
spec:
  selector:
    matchLabels:
      app: ${app}
  action: ALLOW
  rules:
    - from:
        - source:
            principals: ["cluster.local/ns/${namespace}/sa/${app}"]
      to:
        - operation:
            methods: ["GET", "POST"]
            paths: ["/api/*"]
`;
    case 1:
      return `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: ${app}-mtls-${index}
  namespace: ${namespace}
spec:
  selector:
    matchLabels:
      app: ${app}
  mtls:
    mode: STRICT
`;
    case 2:
      return `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${app}-dr-${index}
  namespace: ${namespace}
spec:
  host: ${host}
  trafficPolicy:
    loadBalancer:
      localityLbSetting:
        enabled: true
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 10s
      baseEjectionTime: 30s
  subsets:
    - name: v1
      labels:
        version: v1
`;
    default:
      return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${app}-vs-${index}
  namespace: ${namespace}
spec:
  hosts:
    - ${host}
  http:
    - match:
        - uri:
            prefix: /api
      route:
        - destination:
            host: ${host}
            subset: v1
          weight: 100
      timeout: 5s
`;
  }
}

/** Generates the synthetic mesh (deterministic: the same options give the same bytes). */
export function syntheticMesh(options: SyntheticMeshOptions = LOAD_BENCH_SIZE): SyntheticMesh {
  const manifests = new Map<string, string>();
  let services = 0;
  let policies = 0;
  for (let c = 0; c < options.clusters; c++) {
    const name = clusterName(c);
    const clusterServices = share(options.services, options.clusters, c);
    const clusterPolicies = share(options.policies, options.clusters, c);
    const namespaces: string[] = [];
    const apps: string[] = [];
    const rules: string[] = [];
    for (let n = 0; n < options.namespacesPerCluster; n++) {
      namespaces.push(namespaceYaml(namespaceName(n), (c + n) % 3 === 0));
    }
    for (let s = 0; s < clusterServices; s++) {
      apps.push(
        applicationYaml(
          namespaceName(s % options.namespacesPerCluster),
          `svc-${s}`,
          options.replicas,
          options.ambientMultiNetwork === true,
        ),
      );
    }
    for (let p = 0; p < clusterPolicies; p++) {
      const s = p % Math.max(1, clusterServices);
      // The kind rotates over the whole mesh, so every cluster size still gets the full mix.
      rules.push(policyYaml(policies + p, namespaceName(s % options.namespacesPerCluster), `svc-${s}`, p));
    }
    services += clusterServices;
    policies += clusterPolicies;
    manifests.set(`${name}/namespaces.yaml`, namespaces.join("---\n"));
    manifests.set(`${name}/applications.yaml`, apps.join("---\n"));
    manifests.set(`${name}/policies.yaml`, rules.join("---\n"));
  }
  const meshYaml = meshDocument(options);
  let bytes = meshYaml.length;
  for (const text of manifests.values()) bytes += text.length;
  return {
    meshFile: "mesh.yaml",
    meshYaml,
    manifests,
    counts: {
      clusters: options.clusters,
      namespaces: options.clusters * options.namespacesPerCluster,
      services,
      deployments: services,
      workloads: services * options.replicas,
      policies,
      bytes,
    },
  };
}

/** Writes the mesh under `directory`; returns the Mesh document's path. */
export function writeSyntheticMesh(mesh: SyntheticMesh, directory: string): string {
  mkdirSync(directory, { recursive: true });
  for (const [path, text] of mesh.manifests) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), text);
  }
  const meshPath = join(directory, mesh.meshFile);
  writeFileSync(meshPath, mesh.meshYaml);
  return meshPath;
}
