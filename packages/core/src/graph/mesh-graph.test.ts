import { describe, expect, it } from "vitest";
import { meshBuilder } from "../builder/mesh-builder";
import type { Mesh } from "../model/mesh";
import { edgeKey, meshGraph } from "./mesh-graph";
import { nodeId } from "./node-ids";

const app = (ns: string) => [
  { apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: { "istio-injection": "enabled" } } },
  {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "web", namespace: ns },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "x" }] } },
    },
  },
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: ns },
    spec: { selector: { app: "web" }, ports: [{ port: 80 }] },
  },
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "other", namespace: ns },
    spec: { selector: { app: "nope" }, ports: [{ port: 80 }] },
  },
];

function mesh(): Mesh {
  return meshBuilder({ meshId: "m" })
    .network("network1")
    .network("network2")
    .cluster("east", (c) =>
      c
        .network("network1")
        .reads("west", "remote")
        .eastWestGateway({ name: "ew", kind: "ambient", address: { ip: "203.0.113.1" } })
        .resources(app("shop")),
    )
    .cluster("west", (c) => c.network("network2").reads("east"))
    .cluster("remote", (c) => c.network("network1").remoteOf("east"))
    .buildOrThrow();
}

describe("mesh graph view", () => {
  const graph = meshGraph(mesh());

  it("has stable, self-describing node ids", () => {
    const ids = graph.nodes();
    for (const id of [
      "network:network1",
      "cluster:east",
      "istiod:east",
      "istiod:west",
      "gateway:east/istio-system/ew",
      "namespace:east/shop",
      "service:east/shop/web",
      "workload:east/shop/web-0",
      "workload:east/shop/web-1",
    ]) {
      expect(ids).toContain(id);
    }
    // A remote cluster runs no istiod.
    expect(graph.hasNode("istiod:remote")).toBe(false);
    expect(meshGraph(mesh()).nodes()).toEqual(ids);
    expect(meshGraph(mesh()).edges()).toEqual(graph.edges());
  });

  it("node attributes carry type, label, cluster and network", () => {
    expect(graph.getNodeAttributes(nodeId.cluster("east"))).toMatchObject({
      type: "cluster",
      label: "east",
      network: "network1",
      role: "primary",
    });
    expect(graph.getNodeAttributes(nodeId.workload("east/shop/web-0"))).toMatchObject({
      type: "workload",
      cluster: "east",
      namespace: "shop",
      network: "network1",
      dataplane: "sidecar",
      health: "healthy",
      identity: "spiffe://cluster.local/ns/shop/sa/default",
    });
    expect(graph.getNodeAttributes(nodeId.gateway("east", "istio-system", "ew"))).toMatchObject({
      address: "203.0.113.1",
      gatewayKind: "ambient",
    });
  });

  it("typed edges: member-of, selects, exposes, reads, controls", () => {
    const has = (type: Parameters<typeof edgeKey>[0], source: string, target: string) =>
      graph.hasEdge(edgeKey(type, source, target)) &&
      graph.getEdgeAttribute(edgeKey(type, source, target), "type") === type;
    expect(has("member-of", "cluster:east", "network:network1")).toBe(true);
    expect(has("member-of", "istiod:east", "cluster:east")).toBe(true);
    expect(has("member-of", "namespace:east/shop", "cluster:east")).toBe(true);
    expect(has("member-of", "workload:east/shop/web-0", "namespace:east/shop")).toBe(true);
    expect(has("member-of", "gateway:east/istio-system/ew", "namespace:east/istio-system")).toBe(true);
    expect(has("selects", "service:east/shop/web", "workload:east/shop/web-0")).toBe(true);
    expect(has("selects", "service:east/shop/web", "workload:east/shop/web-1")).toBe(true);
    expect(
      graph
        .outEdges("service:east/shop/other")
        .filter((e) => graph.getEdgeAttribute(e, "type") === "selects"),
    ).toEqual([]);
    expect(has("exposes", "gateway:east/istio-system/ew", "network:network1")).toBe(true);
    expect(has("reads", "istiod:east", "cluster:east")).toBe(true);
    expect(has("reads", "istiod:east", "cluster:west")).toBe(true);
    expect(has("reads", "istiod:east", "cluster:remote")).toBe(true);
    expect(has("reads", "istiod:west", "cluster:east")).toBe(true);
    expect(has("controls", "istiod:east", "cluster:remote")).toBe(true);
  });

  it("holds no secret material in any attribute", () => {
    const text = JSON.stringify(graph.export());
    expect(text).not.toMatch(/PRIVATE KEY|token|password|BEGIN CERTIFICATE/i);
  });

  it("still builds for a mesh with model errors (undeclared network)", () => {
    const broken = meshBuilder({ meshId: "m" })
      .cluster("a", (c) => c.network("ghost"))
      .build().mesh;
    const g = meshGraph(broken);
    expect(g.getNodeAttributes("network:ghost")).toMatchObject({ type: "network", declared: false });
    expect(g.hasEdge(edgeKey("member-of", "cluster:a", "network:ghost"))).toBe(true);
  });
});
