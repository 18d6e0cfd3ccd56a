import { describe, expect, it } from "vitest";
import { parseWithJsYaml } from "./js-yaml-parser";
import { exceedsDepth, MAX_NESTING_DEPTH } from "./nesting";
import { REJECTED, referenceValue } from "./test-support/yaml-documents";

/** Why js-yaml deferred `text` to `yaml`, or its outcome kind. */
const outcomeOf = (text: string): string => {
  const outcome = parseWithJsYaml(text);
  return outcome.kind === "defer" ? outcome.reason : outcome.kind;
};

describe("parseWithJsYaml: js-yaml answers only where its value is yaml's", () => {
  it("answers ordinary manifests, with or without their --- line", () => {
    expect(parseWithJsYaml("---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n")).toEqual({
      kind: "value",
      value: { apiVersion: "v1", kind: "Namespace", metadata: { name: "a" } },
    });
    expect(parseWithJsYaml("# only a comment\n")).toEqual({ kind: "value", value: null });
  });

  it("defers every error to yaml, duplicate keys included (yaml's rule compares resolved values: 1 and '1' differ)", () => {
    expect(outcomeOf("a: 1\na: 2\n")).toBe("error");
    expect(outcomeOf('1: a\n"1": b\n')).toBe("error");
    expect(referenceValue('1: a\n"1": b\n')).toEqual({ 1: "b" });
    expect(outcomeOf('a: "unterminated\n')).toBe("error");
    expect(outcomeOf("a: *undefined\n")).toBe("error");
  });

  it("defers null keys, which yaml's toJS names '' (addPairToJSMap stringifyKey) and js-yaml 'null'", () => {
    for (const text of ["~: a\n", "null: a\n", "a: {Null: 1}\n", "- NULL: 1\n"]) {
      expect(outcomeOf(text), text).toBe("null key");
    }
    expect(referenceValue("~: a\n")).toEqual({ "": "a" });
  });

  it("defers multi-line flow collections and quoted scalars (yaml requires continuation lines indented past the parent)", () => {
    expect(outcomeOf("  a: [x,\n  y]\n")).toBe("multi-line flow or quoted node");
    expect(referenceValue("  a: [x,\n  y]\n")).toBe(REJECTED);
    expect(outcomeOf('a: "x\n  y"\n')).toBe("multi-line flow or quoted node");
    expect(outcomeOf("a: {k: v,\n  l: w}\n")).toBe("multi-line flow or quoted node");
    expect(outcomeOf('a:\n  "x"\nb: [1, 2]\n')).toBe("value");
  });

  it("defers comments glued to a closing quote or bracket (YAML 1.2 §6.6: a comment follows white space)", () => {
    expect(outcomeOf("a: 'x'# c\n")).toBe("comment glued to a node");
    expect(outcomeOf("a: [x]# c\n")).toBe("comment glued to a node");
    expect(referenceValue("a: 'x'# c\n")).toBe(REJECTED);
    expect(outcomeOf('a: "x" # c\nb: "#fff"\n')).toBe("value");
  });

  it("defers empty block sequence entries (js-yaml then takes a less indented '- ' for the next entry)", () => {
    expect(outcomeOf("b:\n   -\n- x\n")).toBe("empty block sequence entry");
    expect(referenceValue("b:\n   -\n- x\n")).toBe(REJECTED);
  });

  it("defers flow pairs in sequences ([k: v] builds a mapping js-yaml reports no node for)", () => {
    expect(outcomeOf("a: [k: v]\n")).toBe("flow pair in a sequence");
    expect(outcomeOf("a: [[1], {k: v}, []]\n")).toBe("value");
  });

  it("defers indented root collections (js-yaml then also takes less indented lines)", () => {
    expect(outcomeOf(" -\n-\n")).toBe("indented root");
    expect(referenceValue(" -\n-\n")).toBe(REJECTED);
    expect(outcomeOf("  a: 1\n  b: 2\n")).toBe("indented root");
  });

  it("defers documents that are a lone scalar (js-yaml chomps root block scalars differently)", () => {
    expect(outcomeOf("|-\n's'\nnull\n")).toBe("scalar document");
    expect(referenceValue("|-\n's'\nnull\n")).toBe("'s'\nnull");
    expect(outcomeOf("42\n")).toBe("scalar document");
  });

  it("stops 10,000-deep nesting without exhausting the stack, in block and flow style", () => {
    const flow = `a: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`;
    const block = `${"- ".repeat(10_000)}x\n`;
    for (const text of [flow, block]) expect(parseWithJsYaml(text).kind).toBe("too-deep");
  });

  it("rejects exactly the nesting exceedsDepth rejects, at the limit, whatever the style (nesting.ts)", () => {
    const shapes: Record<string, (levels: number, leaf: string) => string> = {
      "block mapping": (n, leaf) =>
        `${Array.from({ length: n }, (_, i) => `${" ".repeat(i)}k:`).join("\n")} ${leaf}\n`,
      "block sequence": (n, leaf) => `${"- ".repeat(n)}${leaf}\n`,
      "flow mapping": (n, leaf) => `${"{a: ".repeat(n)}${leaf}${"}".repeat(n)}\n`,
      "flow in block": (n, leaf) => `a: ${"[".repeat(n - 1)}${leaf}${"]".repeat(n - 1)}\n`,
    };
    for (const [name, shape] of Object.entries(shapes)) {
      for (const leaf of ["1", "[]", "{}"]) {
        for (let levels = MAX_NESTING_DEPTH - 2; levels <= MAX_NESTING_DEPTH + 3; levels++) {
          const text = shape(levels, leaf);
          const expected = referenceValue(text);
          const tooDeep = exceedsDepth(expected as object);
          expect(outcomeOf(text), `${name} ${levels} ${leaf}`).toBe(tooDeep ? "too-deep" : "value");
        }
      }
    }
  });
});
