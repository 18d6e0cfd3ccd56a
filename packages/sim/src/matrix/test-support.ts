/**
 * Small meshes for the matrix and what-if tests (not exported from the package): each test states
 * only the objects its rule reads.
 */
import { type KubeObject, type Mesh, meshBuilder } from "@meshwright/core";

/** A namespace, injected (`sidecar`), ambient or outside the mesh. */
export function namespace(name: string, mode: "sidecar" | "ambient" | "none" = "sidecar"): KubeObject {
  const labels: Record<string, string> =
    mode === "sidecar"
      ? { "istio-injection": "enabled" }
      : mode === "ambient"
        ? { "istio.io/dataplane-mode": "ambient" }
        : {};
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

/** A Deployment `name` of `replicas` ready pods labelled `app: name` (plus `labels`), running as service account `sa`. */
export function deployment(
  ns: string,
  name: string,
  options: { replicas?: number; sa?: string; labels?: Record<string, string>; port?: number } = {},
): KubeObject {
  const labels = { app: name, ...options.labels };
  const replicas = options.replicas ?? 1;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: options.sa ?? name,
          containers: [{ name: "app", image: "app", ports: [{ containerPort: options.port ?? 8080 }] }],
        },
      },
    },
    status: { replicas, readyReplicas: replicas },
  };
}

/** A Service `name` selecting `app: name`, one port `port` named `portName`. */
export function service(ns: string, name: string, port = 8080, portName = "http"): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: ns },
    spec: { selector: { app: name }, ports: [{ name: portName, port, targetPort: port }] },
  };
}

/** An Istio object of `kind` (security for policies, networking otherwise). */
export function istio(kind: string, ns: string, name: string, spec: Record<string, unknown>): KubeObject {
  const group = kind.endsWith("Policy") || kind === "PeerAuthentication" ? "security" : "networking";
  return { apiVersion: `${group}.istio.io/v1`, kind, metadata: { name, namespace: ns }, spec };
}

/** One primary cluster `name` on `network`, with three zones of region `region`. */
export interface TestCluster {
  readonly name: string;
  readonly network?: string;
  readonly objects: readonly KubeObject[];
}

/** A multi-primary mesh of the clusters, each reading every other, on one node per zone a/b/c. */
export function testMesh(clusters: readonly TestCluster[]): Mesh {
  let builder = meshBuilder({ meshId: "mesh1" });
  const networks = [...new Set(clusters.map((c) => c.network ?? "network1"))];
  for (const network of networks) builder = builder.network(network);
  for (const c of clusters) {
    builder = builder.cluster(c.name, (b) =>
      b
        .generic({ region: "region1" })
        .network(c.network ?? "network1")
        .nodes(["a", "b", "c"].map((z) => ({ name: `${c.name}-${z}`, region: "region1", zone: `zone-${z}` })))
        .reads(...clusters.filter((o) => o.name !== c.name).map((o) => o.name))
        .resources(c.objects),
    );
  }
  return builder.buildOrThrow();
}
