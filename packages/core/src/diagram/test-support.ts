/**
 * Test support for the diagram tests: the seed meshes shipped in `packages/examples/meshes`, loaded
 * with core's own `loadMesh` (core cannot depend on the examples package), and a small multi-cloud
 * mesh built in code.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { meshBuilder } from "../builder/mesh-builder";
import { loadMesh } from "../load/load-mesh";
import { repoRoot } from "../load/test-support/shared-dir";
import type { KubeObject } from "../model/kube-object";
import type { Mesh } from "../model/mesh";

const MESHES = join(repoRoot, "packages/examples/meshes");

/** Loads seed `id` (`000`..`004`) from its mesh.yaml; throws when it does not load cleanly. */
export function seedMesh(id: string): Mesh {
  const directory = readdirSync(MESHES).find((name) => name.startsWith(`seed-${id}-`));
  if (directory === undefined) throw new Error(`no seed ${id} in ${MESHES}`);
  const result = loadMesh(join(MESHES, directory, "mesh.yaml"));
  if (!result.ok || result.mesh === undefined) {
    throw new Error(`seed ${id} does not load: ${result.diagnostics.map((d) => d.message).join("; ")}`);
  }
  return result.mesh;
}

/** A namespace with an injected Deployment `web` (two replicas) and its Service on port 80. */
export function webApp(namespace: string): KubeObject[] {
  return [
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: namespace, labels: { "istio-injection": "enabled" } },
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "web", image: "web", ports: [{ containerPort: 8080 }] }] },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace },
      spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
    },
  ];
}

/**
 * Three clusters over two clouds and two networks: `east` (EKS, primary, classic gateway, an ECS
 * cluster), `west` (AKS, primary, ambient gateway without an address yet) and `edge` (EKS in the same
 * region as `east`, a remote of `east`).
 */
export function multiCloudMesh(): Mesh {
  return meshBuilder({ meshId: "m" })
    .network("network1")
    .network("network2")
    .cluster("east", (c) =>
      c
        .eks({ region: "us-east-2" })
        .network("network1")
        .reads("west", "edge")
        .eastWestGateway({
          name: "eastwest",
          kind: "classic",
          address: { ip: "203.0.113.10" },
          ports: [15443, 15012],
        })
        .ecsCluster({
          name: "ecs-1",
          services: [{ name: "echo", port: 8080, tasks: 1 }],
        })
        .resources(webApp("shop")),
    )
    .cluster("west", (c) =>
      c
        .aks({ region: "eastus" })
        .network("network2")
        .reads("east")
        .eastWestGateway({ name: "eastwest", kind: "ambient", ports: [15008] })
        .resources(webApp("shop")),
    )
    .cluster("edge", (c) => c.eks({ region: "us-east-2" }).network("network1").remoteOf("east"))
    .buildOrThrow();
}
