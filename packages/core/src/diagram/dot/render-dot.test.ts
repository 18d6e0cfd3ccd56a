import { describe, expect, it } from "vitest";
import { buildDiagram } from "../build-diagram";
import type { Diagram } from "../diagram-model";
import { multiCloudMesh } from "../test-support";
import { dotLabel, dotString } from "./dot-text";
import { renderDot } from "./render-dot";

describe("DOT text", () => {
  it('escapes " and doubles backslashes so Graphviz never reads user text as \\N, \\G or \\l', () => {
    expect(dotString('a "b" \\N c')).toBe('"a \\"b\\" \\\\N c"');
    expect(dotLabel(["one", "two\nthree"])).toBe('"one\\ntwo three"');
    expect(dotLabel(["box", "title"], "left")).toBe('"box\\ltitle\\l"');
  });
});

describe("renderDot", () => {
  const diagram = buildDiagram(multiCloudMesh()).diagram!;
  const text = renderDot(diagram);

  it("is a digraph laid out left to right with the title as graph label", () => {
    expect(
      text.startsWith('digraph meshwright {\n  graph [label="mesh m · detail services", rankdir="LR"'),
    ).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("draws groups as nested cluster_ subgraphs (the only subgraphs Graphviz boxes) filled by kind and network", () => {
    expect(text).toContain(
      '  subgraph "cluster_cloud:eks/us-east-2" {\n    graph [label="AWS EKS · us-east-2\\l"',
    );
    expect(text).toContain(
      '    subgraph "cluster_cluster:east" {\n      graph [label="east\\lprimary · network network1\\l", style="rounded,filled", fillcolor="#ddf4ff", color="#54aeff", labeljust="l"];',
    );
    expect(text).toContain('subgraph "cluster_namespace:east/shop" {');
    expect(text.split("{").length).toBe(text.split("}").length);
  });

  it("keeps the diagram's ids (quoted) and gives every kind its shape", () => {
    expect(text).toContain('"istiod:east" [label="istiod (east)", shape="hexagon"');
    expect(text).toContain('"api-server:east" [label="kube-apiserver", shape="cylinder"');
    expect(text).toContain(
      '"service:east/shop/web" [label="web\\nport 80", shape="box", style="rounded,filled"',
    );
  });

  it("draws control-plane arrows dashed and the request path bold blue, the failing hop red", () => {
    expect(text).toContain(
      '  "istiod:east" -> "api-server:west" [label="reads\\nremote secret", style="dashed", color="#57606a", fontcolor="#57606a", penwidth=1];',
    );
    const path: Diagram = {
      ...diagram,
      edges: [
        { from: "istiod:east", to: "api-server:east", kind: "hop", label: ["#0 TCP"] },
        { from: "istiod:west", to: "api-server:west", kind: "failed-hop", label: ["#1 mTLS"] },
      ],
    };
    const drawn = renderDot(path);
    expect(drawn).toContain(
      '[label="#0 TCP", style="bold", color="#0969da", fontcolor="#0969da", penwidth=2.5]',
    );
    expect(drawn).toContain(
      '[label="#1 mTLS", style="bold", color="#cf222e", fontcolor="#cf222e", penwidth=2.5]',
    );
  });

  it("is deterministic", () => {
    expect(renderDot(buildDiagram(multiCloudMesh()).diagram!)).toBe(text);
  });
});
