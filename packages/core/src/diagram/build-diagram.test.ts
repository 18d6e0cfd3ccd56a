import { describe, expect, it } from "vitest";
import { meshBuilder } from "../builder/mesh-builder";
import { meshGraph } from "../graph/mesh-graph";
import { buildDiagram } from "./build-diagram";
import type { Diagram, DiagramDetail } from "./diagram-model";
import { multiCloudMesh, webApp } from "./test-support";

function diagramOf(detail: DiagramDetail, mesh = multiCloudMesh()): Diagram {
  const result = buildDiagram(mesh, { detail });
  expect(result.diagnostics).toEqual([]);
  return result.diagram!;
}

const group = (d: Diagram, id: string) => d.groups.find((g) => g.id === id);
const node = (d: Diagram, id: string) => d.nodes.find((n) => n.id === id);
const edge = (d: Diagram, from: string, to: string) => d.edges.find((e) => e.from === from && e.to === to);

describe("topology diagram", () => {
  const services = diagramOf("services");

  it("groups clusters by cloud: provider kind + region, clusters of one provider and region share a box", () => {
    expect(group(services, "cloud:eks/us-east-2")).toMatchObject({
      kind: "cloud",
      label: ["AWS EKS · us-east-2"],
    });
    expect(group(services, "cloud:aks/eastus")).toMatchObject({ label: ["Azure AKS · eastus"] });
    expect(group(services, "cluster:east")?.parent).toBe("cloud:eks/us-east-2");
    expect(group(services, "cluster:edge")?.parent).toBe("cloud:eks/us-east-2");
    expect(group(services, "cluster:west")?.parent).toBe("cloud:aks/eastus");
    expect(services.groups.filter((g) => g.kind === "cloud")).toHaveLength(2);
  });

  it("labels every cluster with its control-plane role and its network, and colours it by network", () => {
    expect(group(services, "cluster:east")).toMatchObject({
      label: ["east", "primary · network network1"],
      network: "network1",
    });
    expect(group(services, "cluster:edge")?.label).toEqual(["edge", "remote of east · network network1"]);
    expect(services.networks).toEqual(["network1", "network2"]);
  });

  it("marks a network the mesh does not declare", () => {
    const broken = meshBuilder({ meshId: "m" })
      .cluster("a", (c) => c.network("ghost"))
      .build().mesh;
    expect(group(diagramOf("services", broken), "cluster:a")?.label[1]).toBe(
      "primary · network ghost (undeclared)",
    );
  });

  it("a generic cluster without region sits in a plain Kubernetes box", () => {
    const mesh = meshBuilder({ meshId: "m" })
      .network("n")
      .cluster("a", (c) => c.network("n"))
      .buildOrThrow();
    expect(diagramOf("services", mesh).groups[0]).toMatchObject({
      id: "cloud:generic/",
      label: ["Kubernetes"],
    });
  });

  it("draws istiod only in primaries (a remote runs none: deployment models, istio-semantics §4.4)", () => {
    expect(node(services, "istiod:east")).toMatchObject({ kind: "istiod", group: "cluster:east" });
    expect(node(services, "istiod:west")).toBeDefined();
    expect(node(services, "istiod:edge")).toBeUndefined();
    for (const cluster of ["east", "west", "edge"]) {
      expect(node(services, `api-server:${cluster}`)).toMatchObject({
        kind: "api-server",
        group: `cluster:${cluster}`,
      });
    }
  });

  it("istiod reads its own API server and, through remote secrets, the clusters it discovers endpoints in", () => {
    expect(edge(services, "istiod:east", "api-server:east")).toMatchObject({
      kind: "reads",
      label: ["reads"],
    });
    expect(edge(services, "istiod:east", "api-server:west")).toMatchObject({
      kind: "reads",
      label: ["reads", "remote secret"],
    });
    expect(edge(services, "istiod:west", "api-server:east")).toMatchObject({ kind: "reads" });
    expect(edge(services, "istiod:west", "api-server:edge")).toBeUndefined();
  });

  it("primary-remote: the primary's reads and controls of its remote are one arrow", () => {
    const arrows = services.edges.filter((e) => e.from === "istiod:east" && e.to === "api-server:edge");
    expect(arrows).toEqual([
      {
        from: "istiod:east",
        to: "api-server:edge",
        kind: "reads-controls",
        label: ["reads + controls", "remote secret"],
      },
    ]);
  });

  it("a remote whose primary has no remote secret for it is only controlled (no endpoints read)", () => {
    const mesh = meshBuilder({ meshId: "m" })
      .network("n")
      .cluster("p", (c) => c.network("n"))
      .cluster("r", (c) => c.network("n").remoteOf("p"))
      .build().mesh;
    expect(edge(diagramOf("services", mesh), "istiod:p", "api-server:r")).toMatchObject({
      kind: "controls",
      label: ["controls"],
    });
  });

  it("east-west gateways show kind, address (or that it is pending), ports and network", () => {
    expect(node(services, "gateway:east/istio-system/eastwest")).toMatchObject({
      group: "namespace:east/istio-system",
      label: [
        "eastwest",
        "east-west gateway · classic",
        "203.0.113.10",
        "ports 15443, 15012",
        "network network1",
      ],
    });
    expect(node(services, "gateway:west/istio-system/eastwest")?.label).toEqual([
      "eastwest",
      "east-west gateway · ambient",
      "no address (load balancer pending)",
      "port 15008",
      "network network2",
    ]);
  });

  it("a gateway's own Service is drawn as the gateway, not a second box", () => {
    const gatewayService = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "eastwest", namespace: "istio-system" },
      spec: { type: "LoadBalancer", selector: { istio: "eastwest" }, ports: [{ name: "tls", port: 15443 }] },
    };
    const mesh = meshBuilder({ meshId: "m" })
      .network("n")
      .cluster("a", (c) =>
        c
          .network("n")
          .eastWestGateway({
            name: "eastwest",
            kind: "classic",
            address: { ip: "203.0.113.1" },
            ports: [15443],
          })
          .resources([gatewayService]),
      )
      .buildOrThrow();
    const d = diagramOf("services", mesh);
    expect(node(d, "gateway:a/istio-system/eastwest")).toBeDefined();
    expect(node(d, "service:a/istio-system/eastwest")).toBeUndefined();
  });

  it("services (the default detail) sit in namespace boxes; workloads are not drawn", () => {
    expect(buildDiagram(multiCloudMesh()).diagram).toEqual(services);
    expect(node(services, "service:east/shop/web")).toMatchObject({
      kind: "service",
      group: "namespace:east/shop",
      label: ["web", "port 80"],
    });
    expect(group(services, "namespace:east/shop")).toMatchObject({
      kind: "namespace",
      parent: "cluster:east",
    });
    expect(services.nodes.some((n) => n.kind === "workload")).toBe(false);
    expect(services.edges.some((e) => e.kind === "selects")).toBe(false);
  });

  it("an ECS cluster is a box of its own in the EKS cluster whose istiod registers its services", () => {
    expect(group(services, "namespace:east/ecs-1")).toMatchObject({
      kind: "ecs-cluster",
      parent: "cluster:east",
      label: ["ECS cluster ecs-1"],
    });
    expect(node(services, "service:east/ecs-1/echo")).toMatchObject({
      kind: "ecs-service",
      label: ["echo", "ECS service · port 8080", "echo.ecs-1.ecs.local"],
    });
  });

  it("namespaces detail collapses each namespace into one node that counts its services and workloads", () => {
    const d = diagramOf("namespaces");
    expect(d.groups.every((g) => g.kind === "cloud" || g.kind === "cluster")).toBe(true);
    expect(node(d, "namespace:east/shop")).toMatchObject({
      kind: "namespace",
      group: "cluster:east",
      label: ["namespace shop", "1 service · 2 workloads"],
    });
    expect(node(d, "namespace:east/ecs-1")).toMatchObject({
      kind: "ecs-cluster",
      label: ["ECS cluster ecs-1", "1 service · 1 task"],
    });
    expect(node(d, "gateway:east/istio-system/eastwest")?.group).toBe("cluster:east");
    expect(d.nodes.some((n) => n.kind === "service" || n.kind === "workload")).toBe(false);
  });

  it("workloads detail adds every workload with kind, dataplane and locality, and what each Service selects", () => {
    const d = diagramOf("workloads");
    const pods = d.nodes.filter((n) => n.kind === "workload" && n.group === "namespace:east/shop");
    expect(pods).toHaveLength(2);
    expect(pods[0]!.label.slice(1)).toEqual(["Pod · sidecar", "us-east-2"]);
    for (const pod of pods) expect(edge(d, "service:east/shop/web", pod.id)?.kind).toBe("selects");
    expect(d.nodes.filter((n) => n.kind === "ecs-task")).toHaveLength(1);
  });

  it("draws no empty namespace box", () => {
    const mesh = meshBuilder({ meshId: "m" })
      .network("n")
      .cluster("a", (c) =>
        c.network("n").resources([{ apiVersion: "v1", kind: "Namespace", metadata: { name: "empty" } }]),
      )
      .buildOrThrow();
    expect(group(diagramOf("services", mesh), "namespace:a/empty")).toBeUndefined();
    expect(node(diagramOf("namespaces", mesh), "namespace:a/empty")?.label).toEqual([
      "namespace empty",
      "0 services · 0 workloads",
    ]);
  });

  it("orders groups and nodes by id and keeps every reference inside the diagram", () => {
    for (const detail of ["namespaces", "services", "workloads"] as const) {
      const d = diagramOf(detail);
      expect(d.groups.map((g) => g.id)).toEqual(d.groups.map((g) => g.id).sort());
      expect(d.nodes.map((n) => n.id)).toEqual(d.nodes.map((n) => n.id).sort());
      const groups = new Set(d.groups.map((g) => g.id));
      const nodes = new Set(d.nodes.map((n) => n.id));
      for (const n of d.nodes) if (n.group !== undefined) expect(groups.has(n.group)).toBe(true);
      for (const e of d.edges) expect(nodes.has(e.from) && nodes.has(e.to)).toBe(true);
    }
  });

  it("draws from a graph view the caller already built exactly as from its own", () => {
    const mesh = multiCloudMesh();
    expect(buildDiagram(mesh, { graph: meshGraph(mesh) }).diagram).toEqual(services);
  });

  it("the title names the mesh and the detail", () => {
    expect(services.title).toEqual(["mesh m · detail services"]);
  });

  it("an unknown detail is MW8501 with expected, found and fix, and no diagram", () => {
    const result = buildDiagram(multiCloudMesh(), { detail: "pods" });
    expect(result.diagram).toBeUndefined();
    expect(result.diagnostics).toEqual([
      {
        code: "MW8501",
        severity: "error",
        message: 'unknown diagram detail "pods"',
        path: "detail",
        expected: "namespaces | services | workloads",
        found: "pods",
        fix: "Use --detail namespaces, services or workloads.",
      },
    ]);
  });

  it("does not depend on the order clusters are declared in", () => {
    const forward = meshBuilder({ meshId: "m" })
      .network("n1")
      .network("n2")
      .cluster("a", (c) => c.network("n1").reads("b").resources(webApp("x")))
      .cluster("b", (c) => c.network("n2").reads("a").resources(webApp("y")))
      .buildOrThrow();
    const backward = meshBuilder({ meshId: "m" })
      .network("n2")
      .network("n1")
      .cluster("b", (c) => c.network("n2").reads("a").resources(webApp("y")))
      .cluster("a", (c) => c.network("n1").reads("b").resources(webApp("x")))
      .buildOrThrow();
    expect(diagramOf("workloads", backward)).toEqual(diagramOf("workloads", forward));
  });
});
