/**
 * Small object factories for the derivation tests (not exported from the package): a one- or
 * two-cluster mesh around some resources, and the Kubernetes objects the rules read.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic";
import { createMesh } from "../create-mesh";
import type { KubeObject } from "../kube-object";
import type { Cluster, Mesh } from "../mesh";
import { applySpecDefaults } from "./spec-defaults";
import type { ClusterSpecInput, MeshSpecInput } from "./spec-input";

/** A mesh of one cluster `c1` (network1, nodes a/b in us-east-2a/b) holding `resources`. */
export function singleCluster(
  resources: readonly KubeObject[],
  cluster: Partial<ClusterSpecInput> = {},
  mesh: Partial<MeshSpecInput> = {},
): { mesh: Mesh; cluster: Cluster; diagnostics: Diagnostic[] } {
  const result = createMesh(
    applySpecDefaults({
      meshId: "mesh1",
      networks: ["network1", "network2"],
      ...mesh,
      clusters: [
        {
          name: "c1",
          network: "network1",
          provider: { kind: "eks", region: "us-east-2" },
          nodes: [
            { name: "node-a", zone: "us-east-2a" },
            { name: "node-b", zone: "us-east-2b" },
          ],
          resources,
          ...cluster,
        },
      ],
    }),
  );
  return { ...result, cluster: result.mesh.clusters[0]! };
}

/** Codes of the diagnostics, in order. */
export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

/** A Namespace object. */
export function namespace(
  name: string,
  labels: Record<string, string> = {},
  annotations?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, labels, ...(annotations ? { annotations } : {}) },
  };
}

/** A Deployment `name` in `ns` with pod labels `{app: name, ...podLabels}`. */
export function deployment(
  ns: string,
  name: string,
  options: {
    replicas?: number;
    podLabels?: Record<string, string>;
    podAnnotations?: Record<string, string>;
    podSpec?: Record<string, unknown>;
    status?: Record<string, unknown>;
    kind?: "Deployment" | "StatefulSet" | "ReplicaSet" | "DaemonSet";
  } = {},
): KubeObject {
  const labels = { app: name, ...options.podLabels };
  return {
    apiVersion: "apps/v1",
    kind: options.kind ?? "Deployment",
    metadata: { name, namespace: ns },
    spec: {
      ...(options.replicas === undefined ? {} : { replicas: options.replicas }),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels, ...(options.podAnnotations ? { annotations: options.podAnnotations } : {}) },
        spec: {
          containers: [{ name, image: "x", ports: [{ name: "http", containerPort: 8080 }] }],
          ...options.podSpec,
        },
      },
    },
    ...(options.status ? { status: options.status } : {}),
  };
}

/** A Pod object. */
export function pod(
  ns: string,
  name: string,
  options: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    spec?: Record<string, unknown>;
    status?: Record<string, unknown>;
    metadata?: Record<string, unknown>;
  } = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: ns,
      labels: options.labels ?? {},
      ...(options.annotations ? { annotations: options.annotations } : {}),
      ...options.metadata,
    },
    spec: { containers: [{ name: "app", image: "x" }], ...options.spec },
    ...(options.status ? { status: options.status } : {}),
  };
}

/** A Service `name` in `ns` selecting `app: name`. */
export function service(
  ns: string,
  name: string,
  spec: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: ns, ...metadata },
    spec: { selector: { app: name }, ports: [{ name: "http", port: 80, targetPort: 8080 }], ...spec },
  };
}
