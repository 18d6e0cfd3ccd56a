import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseManifests } from "./parse-manifests";

const service = (name: string, extra = ""): string =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${extra}spec:\n  ports:\n  - port: 80\n`;

describe("parseManifests", () => {
  it("reads every document of a multi-document file, with its index and offsets", () => {
    const text = `# leading comment\n${service("a")}---\n${service("b")}---\n# only a comment\n---\n${service("c")}`;
    const { objects, diagnostics } = parseManifests(text, "svc.yaml");
    expect(diagnostics).toEqual([]);
    expect(objects.map((o) => [o.object.metadata.name, o.source.document.index])).toEqual([
      ["a", 0],
      ["b", 1],
      ["c", 3],
    ]);
    expect(text.slice(objects[1]!.source.document.start, objects[1]!.source.document.end)).toBe(
      `---\n${service("b")}`,
    );
  });

  it("flattens kind: List (and kubectl's <Kind>List) into items with their paths", () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n- ${service("a").replace(/\n(?!$)/g, "\n  ")}- ${service("b").replace(/\n(?!$)/g, "\n  ")}`;
    const { objects, diagnostics } = parseManifests(text, "list.yaml");
    expect(diagnostics).toEqual([]);
    expect(objects.map((o) => o.source.basePath)).toEqual([
      ["items", 0],
      ["items", 1],
    ]);
    const serviceList = parseManifests(`apiVersion: v1\nkind: ServiceList\nitems: []\n`, "l.yaml");
    expect(serviceList.objects).toEqual([]);
    expect(serviceList.diagnostics).toEqual([]);
  });

  it("expands anchors and aliases (through the full YAML parser)", () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  labels: &l {app: a}\n  annotations: *l\n`;
    const { objects, diagnostics } = parseManifests(text, "a.yaml");
    expect(diagnostics).toEqual([]);
    expect(objects[0]!.object.metadata.annotations).toEqual({ app: "a" });
  });

  it("reads JSON manifests", () => {
    const { objects } = parseManifests(
      JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } }),
      "n.json",
    );
    expect(objects[0]!.object.kind).toBe("Namespace");
  });

  it("reports YAML syntax errors with their line and column, and keeps the other documents", () => {
    const text = `${service("ok")}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: "unterminated\n`;
    const { objects, diagnostics } = parseManifests(text, "bad.yaml");
    expect(objects.map((o) => o.object.metadata.name)).toEqual(["ok"]);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatchObject({
      code: "MW1001",
      severity: "error",
      file: "bad.yaml",
      line: 13,
      document: 1,
    });
  });

  it("reports documents that are not Kubernetes objects (missing apiVersion, kind or name)", () => {
    const text =
      "- a\n---\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata:\n---\napiVersion: v1\nkind: List\nitems: 3\n";
    const codes = parseManifests(text, "x.yaml").diagnostics.map((d) => [d.code, d.line]);
    expect(codes).toEqual([
      ["MW1010", 1],
      ["MW1011", 3],
      ["MW1012", 6],
      ["MW1300", 11],
      ["MW1013", 15],
    ]);
  });

  it("keeps named IstioOperators (an unknown kind) and skips unnamed ones (istioctl inputs) with an info", () => {
    const unnamed = parseManifests(
      "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec: {}\n",
      "iop.yaml",
    );
    expect(unnamed.objects).toEqual([]);
    expect(unnamed.diagnostics.map((d) => [d.code, d.severity])).toEqual([["MW1204", "info"]]);
    const named = parseManifests(
      "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata: {name: eastwest}\n",
      "iop.yaml",
    );
    expect(named.objects.map((o) => o.object.kind)).toEqual(["IstioOperator"]);
    expect(named.diagnostics).toEqual([]);
  });

  it("stops a billion-laughs document at the alias limit, quickly", () => {
    let text =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a: &a [x, x, x, x, x, x, x, x, x]\n";
    for (let i = 0; i < 9; i++) {
      const [p, n] = [String.fromCharCode(97 + i), String.fromCharCode(98 + i)];
      text += `  ${n}: &${n} [*${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}]\n`;
    }
    const started = performance.now();
    const { objects, diagnostics } = parseManifests(text, "lol.yaml");
    expect(performance.now() - started).toBeLessThan(2000);
    expect(objects).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual(["MW1002"]);
  });

  it("rejects 10,000-deep nesting with a typed diagnostic, in block and flow style", () => {
    const flow = `a: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`;
    const block = `${Array.from({ length: 10_000 }, (_, i) => `${" ".repeat(i % 2 === 0 ? 0 : 0)}${"- ".repeat(1)}`).join("")}\n`;
    const json = `{"a": ${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    for (const text of [flow, block, json]) {
      const { diagnostics } = parseManifests(text, "deep.yaml");
      expect(diagnostics.every((d) => /^MW1\d{3}$/.test(d.code))).toBe(true);
    }
    expect(parseManifests(flow, "deep.yaml").diagnostics.map((d) => d.code)).toContain("MW1003");
    expect(parseManifests(json, "deep.json").diagnostics.map((d) => d.code)).toContain("MW1003");
  });

  it("never throws or hangs on arbitrary text, truncated manifests, or wrong types (property)", () => {
    const manifest = `${service("web", "  labels: {app: web}\n")}---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d}\nspec:\n  host: web\n`;
    const inputs = fc.oneof(
      fc.string({ unit: "binary", maxLength: 400 }),
      fc.nat({ max: manifest.length }).map((n) => manifest.slice(0, n)),
      fc
        .tuple(fc.nat({ max: manifest.length }), fc.string({ maxLength: 6 }))
        .map(([n, s]) => manifest.slice(0, n) + s + manifest.slice(n)),
      fc.constantFrom(
        "9".repeat(400),
        `a: ${"9".repeat(400)}`,
        "a: 1e999",
        "a: -1e999",
        "\uFEFFa: 1",
        "%YAML 1.2\n---\na: 1\n...\n",
      ),
    );
    fc.assert(
      fc.property(inputs, (text) => {
        const started = performance.now();
        const { diagnostics } = parseManifests(text, "fuzz.yaml");
        expect(performance.now() - started).toBeLessThan(2000);
        for (const d of diagnostics) {
          expect(d.code).toMatch(/^MW1\d{3}$/);
          expect(d.file).toBe("fuzz.yaml");
          expect(typeof d.message).toBe("string");
        }
      }),
      { seed: 2024, numRuns: 200 },
    );
  });
});
