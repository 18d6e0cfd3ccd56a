import { describe, expect, it } from "vitest";
import { MeshwrightError } from "../diagnostics/diagnostic";
import { createMesh } from "../model/create-mesh";
import { applySpecDefaults } from "../model/derive/spec-defaults";
import { meshBuilder } from "./mesh-builder";

const echo = [
  {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "app-a", labels: { "istio.io/dataplane-mode": "ambient" } },
  },
  {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "echo", namespace: "app-a" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "echo" } },
      template: {
        metadata: { labels: { app: "echo" } },
        spec: { containers: [{ name: "echo", image: "x" }] },
      },
    },
  },
];

function seed000() {
  return meshBuilder({ meshId: "mesh1", flavour: "solo" })
    .network("network1")
    .network("network2")
    .cluster("eks-cluster", (c) =>
      c
        .eks({ region: "us-east-2", accountId: "123456789012" })
        .network("network1")
        .nodes([{ name: "n1", zone: "us-east-2a" }])
        .primary()
        .reads("aks-cluster")
        .eastWestGateway({
          name: "eastwest",
          kind: "ambient",
          address: { ip: "203.0.113.10" },
          ports: [15008, 15012],
        })
        .ecsCluster({ name: "ecs-1", services: [{ name: "echo-service", port: 8080, tasks: 2 }] })
        .feature("AMBIENT_ENABLE_MULTI_NETWORK", "true"),
    )
    .cluster("aks-cluster", (c) =>
      c
        .aks({ region: "eastus" })
        .network("network2")
        .reads("eks-cluster")
        .eastWestGateway({ name: "eastwest", kind: "ambient", address: { ip: "203.0.113.20" } })
        .resources(echo),
    )
    .meshConfig({ dnsAutoAllocate: true });
}

describe("fluent mesh builder", () => {
  it("builds what createMesh builds from the same spec (same defaults)", () => {
    const built = seed000().build();
    expect(built.diagnostics).toEqual([]);
    expect(built).toEqual(createMesh(seed000().spec()));
  });

  it("records every declared fact", () => {
    const mesh = seed000().buildOrThrow();
    const [eks, aks] = mesh.clusters;
    expect(mesh).toMatchObject({
      meshId: "mesh1",
      flavour: "solo",
      networks: [{ name: "network1" }, { name: "network2" }],
    });
    expect(mesh.meshConfig.dnsAutoAllocate).toBe(true);
    expect(eks).toMatchObject({
      provider: { kind: "eks", region: "us-east-2", accountId: "123456789012" },
      network: "network1",
      nodes: [{ name: "n1", locality: { region: "us-east-2", zone: "us-east-2a", subzone: "" } }],
      controlPlane: { role: "primary" },
      remoteSecrets: ["aks-cluster"],
      istiodFeatures: { AMBIENT_ENABLE_MULTI_NETWORK: "true" },
    });
    expect(eks!.gateways[0]).toMatchObject({
      name: "eastwest",
      namespace: "istio-system",
      network: "network1",
      ports: [15008, 15012],
    });
    expect(eks!.workloads.filter((w) => w.kind === "EcsTask")).toHaveLength(2);
    expect(aks!.workloads.map((w) => w.dataplane)).toEqual(["ambient", "ambient"]);
  });

  it("is immutable: a shared prefix can branch into different meshes", () => {
    const base = meshBuilder({ meshId: "m" }).network("n1");
    const one = base.cluster("a", (c) => c.network("n1"));
    const two = base.cluster("b", (c) => c.network("n1")).cluster("c", (c) => c.network("n1"));
    expect(one.spec().clusters.map((c) => c.name)).toEqual(["a"]);
    expect(two.spec().clusters.map((c) => c.name)).toEqual(["b", "c"]);
    expect(base.spec().clusters).toEqual([]);
  });

  it("remoteOf + reads express primary-remote; adding a cluster name again replaces it", () => {
    const mesh = meshBuilder({ meshId: "m" })
      .network("n1")
      .cluster("p", (c) => c.network("n1").reads("r"))
      .cluster("r", (c) => c.network("n2"))
      .cluster("r", (c) => c.network("n1").remoteOf("p"))
      .buildOrThrow();
    expect(mesh.clusters.map((c) => [c.name, c.controlPlane])).toEqual([
      ["p", { role: "primary" }],
      ["r", { role: "remote", primary: "p" }],
    ]);
  });

  it("defaults match applySpecDefaults (the loader's defaults)", () => {
    const spec = meshBuilder({ meshId: "m" })
      .network("n")
      .cluster("c", (c) => c.network("n"))
      .spec();
    expect(spec).toEqual(
      applySpecDefaults({ meshId: "m", networks: ["n"], clusters: [{ name: "c", network: "n" }] }),
    );
  });

  it("buildOrThrow throws a MeshwrightError carrying every diagnostic", () => {
    const broken = meshBuilder({ meshId: "m" }).cluster("Bad_Name", (c) =>
      c.network("nowhere").reads("ghost"),
    );
    expect(() => broken.buildOrThrow()).toThrow(MeshwrightError);
    try {
      broken.buildOrThrow();
    } catch (error) {
      expect((error as MeshwrightError).diagnostics.map((d) => d.code)).toEqual([
        "MW2001",
        "MW2004",
        "MW2008",
      ]);
    }
  });
});
