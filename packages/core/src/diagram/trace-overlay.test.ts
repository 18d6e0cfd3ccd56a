import { describe, expect, it } from "vitest";
import type { Mesh } from "../model/mesh";
import { buildDiagram } from "./build-diagram";
import type { Diagram, DiagramDetail } from "./diagram-model";
import type { DiagramTrace, DiagramTraceHop } from "./diagram-trace";
import { multiCloudMesh } from "./test-support";

const mesh: Mesh = multiCloudMesh();
const podOf = (cluster: string) =>
  mesh.clusters.find((c) => c.name === cluster)!.workloads.find((w) => w.namespace === "shop")!.id;
const client = podOf("east");
const server = podOf("west");

/** A sidecar request from east to west through west's east-west gateway (the shape `request()` returns). */
const hops: DiagramTraceHop[] = [
  {
    index: 0,
    from: { role: "app", id: client, cluster: "east" },
    to: { role: "sidecar", id: client, cluster: "east", address: "10.100.0.7:80" },
    protocol: "HTTP",
  },
  {
    index: 1,
    from: { role: "sidecar", id: client, cluster: "east" },
    to: {
      role: "eastwest-gateway",
      id: "west/istio-system/eastwest",
      cluster: "west",
      address: "198.51.100.9:15443",
    },
    protocol: "mTLS",
    sni: "outbound_.80_._.web.shop.svc.cluster.local",
  },
  {
    index: 2,
    from: { role: "eastwest-gateway", id: "west/istio-system/eastwest", cluster: "west" },
    to: { role: "sidecar", id: server, cluster: "west", address: "10.224.0.5:8080" },
    protocol: "mTLS",
    sni: "outbound_.80_._.web.shop.svc.cluster.local",
  },
];

function trace(overrides: Partial<DiagramTrace> = {}): DiagramTrace {
  return {
    request: { method: "GET", to: "http://web.shop/" },
    source: { workload: client, cluster: "east" },
    outcome: { ok: true },
    hops,
    faults: [],
    ...overrides,
  };
}

function draw(t: unknown, detail: DiagramDetail = "services") {
  return buildDiagram(mesh, { detail, trace: t as DiagramTrace });
}

function diagram(t: DiagramTrace, detail: DiagramDetail = "services"): Diagram {
  const result = draw(t, detail);
  expect(result.diagnostics).toEqual([]);
  return result.diagram!;
}

const pathEdges = (d: Diagram) => d.edges.filter((e) => e.kind === "hop" || e.kind === "failed-hop");

describe("trace overlay", () => {
  it("draws one numbered arrow per hop, in hop order, with protocol, SNI and destination address", () => {
    const d = diagram(trace({ hops: [...hops].reverse() }));
    expect(pathEdges(d).map((e) => e.label[0])).toEqual(["#0 HTTP", "#1 mTLS", "#2 mTLS"]);
    expect(pathEdges(d)[1]).toEqual({
      from: `trace:sidecar/${client}`,
      to: "gateway:west/istio-system/eastwest",
      kind: "hop",
      label: ["#1 mTLS", "SNI outbound_.80_._.web.shop.svc.cluster.local", "to 198.51.100.9:15443"],
    });
    // The request path comes after the topology's arrows, so the topology keeps its edge positions.
    expect(d.edges.slice(-3).every((e) => e.kind === "hop")).toBe(true);
  });

  it("double HBONE shows the outer and the inner CONNECT authority (both the service host:port, istio-semantics §3.5)", () => {
    const tunnel: DiagramTraceHop = {
      index: 0,
      from: { role: "ztunnel", id: "east/ztunnel/node-a", cluster: "east" },
      to: {
        role: "eastwest-gateway",
        id: "west/istio-system/eastwest",
        cluster: "west",
        address: "198.51.100.9:15008",
      },
      protocol: "double HBONE",
      authority: ["web.shop.svc.cluster.local:80", "web.shop.svc.cluster.local:80"],
    };
    expect(pathEdges(diagram(trace({ hops: [tunnel] })))[0]!.label).toEqual([
      "#0 double HBONE",
      "CONNECT web.shop.svc.cluster.local:80",
      "inner CONNECT web.shop.svc.cluster.local:80",
      "to 198.51.100.9:15008",
    ]);
  });

  it("reuses the topology's gateway box and marks it on the path", () => {
    const d = diagram(trace());
    expect(d.nodes.find((n) => n.id === "gateway:west/istio-system/eastwest")?.onPath).toBe(true);
    expect(d.nodes.find((n) => n.id === "gateway:east/istio-system/eastwest")?.onPath).toBeUndefined();
  });

  it("proxies and apps get boxes of their own inside their namespace, named without what the box says", () => {
    const d = diagram(trace());
    const pod = client.split("/")[2];
    expect(d.nodes.find((n) => n.id === `trace:sidecar/${client}`)).toEqual({
      id: `trace:sidecar/${client}`,
      kind: "proxy",
      label: ["sidecar", pod],
      group: "namespace:east/shop",
      onPath: true,
    });
    expect(d.nodes.find((n) => n.id === `trace:app/${client}`)?.kind).toBe("app");
  });

  it("a ztunnel (one per node, not a workload) sits in its cluster's box", () => {
    const viaZtunnel: DiagramTraceHop = {
      index: 0,
      from: { role: "app", id: client, cluster: "east" },
      to: { role: "ztunnel", id: "east/ztunnel/node-a", cluster: "east", address: "10.100.0.7:80" },
      protocol: "TCP",
    };
    const d = diagram(trace({ hops: [viaZtunnel] }));
    expect(d.nodes.find((n) => n.id === "trace:ztunnel/east/ztunnel/node-a")).toMatchObject({
      group: "cluster:east",
      label: ["ztunnel", "node-a"],
    });
  });

  it("an ECS task's own ztunnel sits in the task's namespace (the ECS cluster box)", () => {
    const task = mesh.clusters[0]!.workloads.find((w) => w.kind === "EcsTask")!.id;
    const toTask: DiagramTraceHop = {
      index: 0,
      from: { role: "ztunnel", id: `${task}/ztunnel`, cluster: "east" },
      to: { role: "app", id: task, cluster: "east", address: "192.168.0.5:8080" },
      protocol: "TCP",
    };
    const d = diagram(trace({ hops: [toTask] }));
    expect(d.nodes.find((n) => n.id === `trace:ztunnel/${task}/ztunnel`)).toMatchObject({
      group: "namespace:east/ecs-1",
      label: ["ztunnel", `${task.split("/")[2]}/ztunnel`],
    });
  });

  it("at workloads detail the client and server apps are the workloads' own boxes", () => {
    const d = diagram(trace(), "workloads");
    expect(pathEdges(d)[0]!.from).toBe(`workload:${client}`);
    expect(d.nodes.find((n) => n.id === `workload:${client}`)?.onPath).toBe(true);
    expect(d.nodes.some((n) => n.id === `trace:app/${client}`)).toBe(false);
  });

  it("at namespaces detail the request's boxes sit in the cluster box", () => {
    const d = diagram(trace(), "namespaces");
    expect(d.nodes.find((n) => n.id === `trace:sidecar/${client}`)).toMatchObject({
      group: "cluster:east",
      label: ["sidecar", client.slice("east/".length)],
    });
  });

  it("the failing hop is red and carries the code, name and the symptom the user sees", () => {
    const failedHops = hops.map((h) => (h.index === 1 ? { ...h, failed: true } : h));
    const d = diagram(
      trace({
        hops: failedHops,
        outcome: {
          ok: false,
          code: "MW5006",
          name: "GATEWAY_UNREACHABLE",
          symptom:
            "HTTP 503: upstream connect error or disconnect/reset before headers. reset reason: connection timeout",
          hop: 1,
        },
        faults: ["east-west gateway (all) in west down"],
      }),
    );
    expect(pathEdges(d).map((e) => e.kind)).toEqual(["hop", "failed-hop", "hop"]);
    expect(pathEdges(d)[1]!.label.slice(3)).toEqual([
      "✗ MW5006 GATEWAY_UNREACHABLE",
      "HTTP 503: upstream connect error or",
      "disconnect/reset before headers. reset reason:",
      "connection timeout",
    ]);
    expect(d.title).toEqual([
      "mesh m · detail services",
      `GET http://web.shop/ from ${client}: FAIL MW5006 GATEWAY_UNREACHABLE`,
      "faults: east-west gateway (all) in west down",
    ]);
    expect(d.nodes.some((n) => n.kind === "failure")).toBe(false);
  });

  it("the outcome's hop index alone marks the failing hop", () => {
    const d = diagram(
      trace({
        outcome: { ok: false, code: "MW6505", name: "AUTHZ_DENIED_HTTP", symptom: "HTTP 403", hop: 2 },
      }),
    );
    expect(pathEdges(d).map((e) => e.kind)).toEqual(["hop", "hop", "failed-hop"]);
  });

  it("a failure before any hop (DNS) is a red box after the client", () => {
    const d = diagram(
      trace({
        hops: [],
        outcome: {
          ok: false,
          code: "MW4060",
          name: "DNS_NXDOMAIN",
          symptom: "curl: (6) Could not resolve host: nothere.shop",
        },
      }),
    );
    expect(d.nodes.find((n) => n.kind === "failure")).toEqual({
      id: "trace:failure",
      kind: "failure",
      label: ["✗ MW4060 DNS_NXDOMAIN", "curl: (6) Could not resolve host: nothere.shop"],
      onPath: true,
      group: "namespace:east/shop",
    });
    expect(pathEdges(d)).toEqual([
      { from: `trace:app/${client}`, to: "trace:failure", kind: "failed-hop", label: ["fails"] },
    ]);
  });

  it("a failure at a hop the trace lacks is MW8505 (warning) and is drawn after the last hop", () => {
    const result = draw(
      trace({ outcome: { ok: false, code: "MW5001", name: "NO_HEALTHY_UPSTREAM", symptom: "503", hop: 9 } }),
    );
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.path])).toEqual([
      ["MW8505", "warning", "$.outcome.hop"],
    ]);
    const last = pathEdges(result.diagram!).at(-1)!;
    expect(last).toMatchObject({ from: `trace:sidecar/${server}`, to: "trace:failure", kind: "failed-hop" });
    expect(result.diagram!.nodes.find((n) => n.id === "trace:failure")?.group).toBe("namespace:west/shop");
  });

  it("a hop in a cluster the mesh does not have is MW8504 (warning) and is drawn outside every cluster", () => {
    const stray: DiagramTraceHop = {
      index: 3,
      from: { role: "sidecar", id: server, cluster: "west" },
      to: { role: "sidecar", id: "mars/shop/web-0", cluster: "mars", address: "10.9.9.9:80" },
      protocol: "mTLS",
    };
    const result = draw(trace({ hops: [...hops, stray] }));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: "MW8504",
        severity: "warning",
        path: "$.hops[3].to.cluster",
        expected: "one of east, edge, west",
        found: "mars",
      }),
    ]);
    expect(
      result.diagram!.nodes.find((n) => n.id === "trace:sidecar/mars/shop/web-0")?.group,
    ).toBeUndefined();
  });

  it("something that is not a trace is MW8503 with the field path, and no diagram", () => {
    const result = draw({ ...trace(), hops: [{ ...hops[0], to: { role: "sidecar" } }], outcome: "ok" });
    expect(result.diagram).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.path, d.expected])).toEqual([
      ["MW8503", "$.outcome", "an object"],
      ["MW8503", "$.hops[0].to.id", "a string"],
      ["MW8503", "$.hops[0].to.address", "a string"],
    ]);
    expect(draw(42).diagnostics).toEqual([
      expect.objectContaining({
        code: "MW8503",
        path: "$",
        message: "trace field $ must be an object, found number",
      }),
    ]);
  });

  it("request headers (which may carry credentials) are never drawn", () => {
    const withHeaders = hops.map((h) => ({ ...h, headers: { authorization: "Bearer s3cr3t-t0ken" } }));
    const d = diagram(trace({ hops: withHeaders }));
    expect(JSON.stringify(d)).not.toContain("s3cr3t");
  });
});
