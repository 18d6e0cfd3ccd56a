import { describe, expect, it } from "vitest";
import { buildDiagram } from "../build-diagram";
import type { Diagram } from "../diagram-model";
import { multiCloudMesh } from "../test-support";
import { mermaidIds } from "./mermaid-ids";
import { mermaidLabel, mermaidLine } from "./mermaid-text";
import { renderMermaid } from "./render-mermaid";

/** A hand-made diagram whose labels hold everything Mermaid would misread. */
const hostile: Diagram = {
  title: ['mesh "x" · #1 | <b>'],
  detail: "services",
  networks: ["n"],
  groups: [{ id: "cluster:a", kind: "cluster", label: ['a "quoted" cluster', "end"], network: "n" }],
  nodes: [
    {
      id: "service:a/ns/end",
      kind: "service",
      label: ['say "hi" | #tag <script>&amp;`x`'],
      group: "cluster:a",
    },
    { id: "service:a/ns/o-x", kind: "service", label: ["(parens) [brackets] {braces}"], group: "cluster:a" },
  ],
  edges: [{ from: "service:a/ns/end", to: "service:a/ns/o-x", kind: "hop", label: ["#0 HTTP", "a|b"] }],
};

describe("Mermaid text", () => {
  it('escapes ", #, |, <, >, & and ` as Mermaid entities, and leaves brackets alone inside the quoted string', () => {
    expect(mermaidLine('say "hi" | #tag <script>&amp;`x`')).toBe(
      "say #34;hi#34; #124; #35;tag #60;script#62;#38;amp;#96;x#96;",
    );
    expect(mermaidLine("(a) [b] {c}")).toBe("(a) [b] {c}");
  });

  it("joins lines with <br/> and turns control characters into spaces", () => {
    expect(mermaidLabel(["one\ntwo", "three\u0000"])).toBe("one two<br/>three ");
  });

  it("ids are readable slugs, unique even when slugs collide, and never start with a digit", () => {
    const ids = mermaidIds(["cluster:east", "service:a/b-c", "service:a/b.c", "9lives"]);
    expect(ids.get("cluster:east")).toBe("cluster_east");
    expect(ids.get("service:a/b-c")).toMatch(/^service_a_b_c_[0-9a-z]+$/);
    expect(ids.get("service:a/b.c")).toMatch(/^service_a_b_c_[0-9a-z]+$/);
    expect(ids.get("service:a/b-c")).not.toBe(ids.get("service:a/b.c"));
    expect(ids.get("9lives")).toBe("n_9lives");
    // The same id gets the same Mermaid id whatever order the ids come in.
    const reversed = mermaidIds(["9lives", "service:a/b.c", "service:a/b-c", "cluster:east"]);
    expect(new Map([...reversed].sort())).toEqual(new Map([...ids].sort()));
  });
});

describe("renderMermaid", () => {
  it("writes a flowchart LR with a front-matter title, quoted labels and no raw special character", () => {
    const text = renderMermaid(hostile);
    expect(text.split("\n").slice(0, 4)).toEqual([
      "---",
      'title: "mesh \\"x\\" · #1 | <b>"',
      "---",
      "flowchart LR",
    ]);
    expect(text).toContain('  subgraph cluster_a ["a #34;quoted#34; cluster · end"]');
    expect(text).toContain(
      '    service_a_ns_end("say #34;hi#34; #124; #35;tag #60;script#62;#38;amp;#96;x#96;")',
    );
    expect(text).toContain('    service_a_ns_o_x("(parens) [brackets] {braces}")');
    expect(text).toContain('  service_a_ns_end ==>|"#35;0 HTTP<br/>a#124;b"| service_a_ns_o_x');
    expect(text).not.toContain("<script>");
  });

  it("nests subgraphs like the groups, each closed by its own end", () => {
    const text = renderMermaid(buildDiagram(multiCloudMesh()).diagram!);
    const opened = text.split("\n").filter((l) => l.trim().startsWith("subgraph ")).length;
    const closed = text.split("\n").filter((l) => l.trim() === "end").length;
    expect(opened).toBe(closed);
    expect(text).toMatch(
      / {2}subgraph cloud_eks_us_east_2 \["AWS EKS · us-east-2"\]\n {4}subgraph cluster_east /,
    );
    expect(text).toContain('istiod_east -.->|"reads + controls<br/>remote secret"| api_server_edge');
  });

  it("styles kinds with classes, clusters by network colour, and the request path by edge position", () => {
    const text = renderMermaid(hostile);
    expect(text).toContain("  classDef service fill:#ffffff,stroke:#0969da,color:#1f2328");
    expect(text).toContain("  class service_a_ns_end,service_a_ns_o_x service");
    expect(text).toContain("  style cluster_a fill:#ddf4ff,stroke:#54aeff");
    expect(text).toContain("  linkStyle 0 stroke:#0969da,stroke-width:3px,color:#0969da");
    const failed = renderMermaid({ ...hostile, edges: [{ ...hostile.edges[0]!, kind: "failed-hop" }] });
    expect(failed).toContain("  linkStyle 0 stroke:#cf222e,stroke-width:3px,color:#cf222e");
  });

  it("is deterministic", () => {
    const diagram = buildDiagram(multiCloudMesh(), { detail: "workloads" }).diagram!;
    expect(renderMermaid(diagram)).toBe(
      renderMermaid(buildDiagram(multiCloudMesh(), { detail: "workloads" }).diagram!),
    );
  });
});
