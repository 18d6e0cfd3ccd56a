import { describe, expect, it } from "vitest";
import { documentPositions, parseYaml } from "./parse-yaml";
import { offsetOf } from "./positions";

const manifest = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n";

describe("parseYaml: each document read by the cheapest parser that gives yaml's value", () => {
  it("reads JSON with JSON.parse, manifests with js-yaml, anchors and tags with yaml, directives as a yaml stream", () => {
    const text = `{"a": [1]}\n---\n${manifest}---\nb: &x 1\nc: *x\n---\nd: !custom v\n`;
    const { documents, diagnostics } = parseYaml(text, "m.yaml");
    expect(documents.map((d) => d.parser)).toEqual(["json", "js-yaml", "yaml", "yaml"]);
    expect(documents.map((d) => d.value)).toEqual([
      { a: [1] },
      { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { ports: [{ port: 80 }] } },
      { b: 1, c: 1 },
      { d: "v" },
    ]);
    // yaml warns about the unknown tag (MW1006) and keeps the value as a string, as before.
    expect(diagnostics.map((d) => [d.code, d.line, d.document])).toEqual([["MW1006", 14, 3]]);
    const stream = parseYaml(`%YAML 1.2\n---\n${manifest}...\n`, "s.yaml");
    expect(stream.documents.map((d) => d.parser)).toEqual(["yaml-stream"]);
    expect(stream.diagnostics).toEqual([]);
  });

  it("checks each document afresh: one document's deferral does not send the next to yaml", () => {
    const { documents } = parseYaml(
      `~: null key
---
${manifest}---
a: [x,
  y]
---
${manifest}`,
      "f.yaml",
    );
    expect(documents.map((d) => d.parser)).toEqual(["yaml", "js-yaml", "yaml", "js-yaml"]);
    expect(documents[0]!.value).toEqual({ "": "null key" });
  });

  it("leaves content on a --- line to yaml (YAML 1.2 forbids a block collection there, js-yaml accepts it)", () => {
    const { documents, diagnostics } = parseYaml("--- - a\n", "x.yaml");
    expect(documents[0]!.parser).toBe("yaml");
    expect(documents[0]!.value).toBeUndefined();
    expect(new Set(diagnostics.map((d) => d.code))).toEqual(new Set(["MW1001"]));
    expect(parseYaml("--- # comment\na: 1\n", "x.yaml").documents[0]!.parser).toBe("js-yaml");
  });

  it("stops a billion-laughs document at yaml's alias budget (maxAliasCount 100), quickly", () => {
    let text = "a: &a [x, x, x, x, x, x, x, x, x]\n";
    for (let i = 0; i < 9; i++) {
      const [previous, next] = [String.fromCharCode(97 + i), String.fromCharCode(98 + i)];
      text += `${next}: &${next} [${Array(9).fill(`*${previous}`).join(", ")}]\n`;
    }
    const started = performance.now();
    const { documents, diagnostics } = parseYaml(text, "lol.yaml");
    expect(performance.now() - started).toBeLessThan(2000);
    expect(documents[0]!.value).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(["MW1002"]);
  });

  it("reads << merge keys as yaml's YAML 1.2 default does: an ordinary key holding the alias's value", () => {
    const { documents } = parseYaml("base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n", "merge.yaml");
    expect(documents[0]!.value).toEqual({ base: { x: 1 }, m: { "<<": { x: 1 }, y: 2 } });
  });

  it("reports duplicate keys as yaml does (MW1001 at the duplicate), keeping the other documents", () => {
    const { documents, diagnostics } = parseYaml(`${manifest}---\na: 1\nb: 2\na: 3\n`, "dup.yaml");
    expect(documents.map((d) => d.value === undefined)).toEqual([false, true]);
    expect(diagnostics.map((d) => [d.code, d.line, d.column, d.document])).toEqual([["MW1001", 11, 1, 1]]);
    expect(diagnostics[0]!.message).toMatch(/unique/);
  });

  it("reports syntax errors with yaml's message and position", () => {
    const { diagnostics } = parseYaml(`${manifest}---\nmetadata:\n  name: "unterminated\n`, "bad.yaml");
    expect(diagnostics[0]).toMatchObject({
      code: "MW1001",
      severity: "error",
      file: "bad.yaml",
      document: 1,
    });
    expect(diagnostics[0]!.line).toBeGreaterThanOrEqual(10);
  });

  it("rejects nesting deeper than the limit with MW1003, whichever parser reads the document", () => {
    const deep = `a: ${"{b: ".repeat(300)}1${"}".repeat(300)}\n`;
    const json = `{"a": ${"[".repeat(300)}${"]".repeat(300)}}`;
    const anchored = `x: &x 1\na: ${"[".repeat(300)}${"]".repeat(300)}\n`;
    for (const text of [deep, json, anchored]) {
      const { documents, diagnostics } = parseYaml(text, "deep.yaml");
      expect(documents[0]!.value).toBeUndefined();
      expect(diagnostics.map((d) => d.code)).toContain("MW1003");
    }
  });

  it("gives an empty or comment-only document no value and no diagnostic", () => {
    const { documents, diagnostics } = parseYaml(`---\n# nothing\n---\n${manifest}`, "e.yaml");
    expect(documents[0]!.value ?? null).toBeNull();
    expect(diagnostics).toEqual([]);
  });

  it("finds node positions of a js-yaml document by re-reading it with yaml (documentPositions)", () => {
    const text = `# header\n---\n${manifest}`;
    const document = parseYaml(text, "p.yaml").documents[0]!;
    expect(document.parser).toBe("js-yaml");
    const root = documentPositions(text, document)!;
    expect(offsetOf(root, ["spec", "ports", 0, "port"]).offset).toBe(text.indexOf("80"));
    expect(offsetOf(root, ["metadata", "name"], true).offset).toBe(text.indexOf("name:"));
    expect(offsetOf(root, ["spec", "missing"])).toEqual({ offset: text.indexOf("spec"), exact: false });
  });
});
