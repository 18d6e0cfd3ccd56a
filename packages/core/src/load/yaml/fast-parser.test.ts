import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { FastPathUnsupported, fastParseDocument, NestingTooDeep } from "./fast-parser";
import { offsetOf } from "./positions";

/** The fast parser's value, or "unsupported". */
function fast(text: string): unknown {
  try {
    return fastParseDocument(text, 0, text.length).value;
  } catch (error) {
    if (error instanceof FastPathUnsupported || error instanceof NestingTooDeep) return "unsupported";
    throw error;
  }
}

/** The reference parser's value, or "error". */
function reference(text: string): unknown {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) return undefined;
  if (documents.length > 1 || documents.some((d) => d.errors.length > 0)) return "error";
  try {
    return documents[0]?.toJS() ?? undefined;
  } catch {
    return "error";
  }
}

/** Whenever the fast path answers, it answers exactly what `yaml` answers; returns whether it answered. */
function expectAgreement(text: string): boolean {
  const value = fast(text);
  if (value === "unsupported") return false;
  const expected = reference(text);
  expect(expected === null && value === undefined ? undefined : value).toEqual(expected ?? undefined);
  return true;
}

describe("fast YAML parser", () => {
  it("reads Kubernetes-style block mappings and same-indent sequences", () => {
    const text = [
      "apiVersion: apps/v1 # a comment",
      "kind: Deployment",
      "metadata:",
      "  name: web",
      '  labels: {app: web, tier: "front"}',
      "spec:",
      "  replicas: 3",
      "  template:",
      "    spec:",
      "      containers:",
      "      - name: web",
      "        args: ['--a', \"b\\tc\"]",
      "        ports:",
      "          - containerPort: 8080",
      "            name: http",
      "      - name: sidecar",
      "        image:",
      "",
    ].join("\n");
    expect(fast(text)).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", labels: { app: "web", tier: "front" } },
      spec: {
        replicas: 3,
        template: {
          spec: {
            containers: [
              { name: "web", args: ["--a", "b\tc"], ports: [{ containerPort: 8080, name: "http" }] },
              { name: "sidecar", image: null },
            ],
          },
        },
      },
    });
    expectAgreement(text);
  });

  it("resolves plain scalars by the YAML 1.2 core schema (yes stays a string, 0o10 is 8)", () => {
    const text =
      "a: yes\nb: 0o10\nc: 0x1F\nd: 1e3\ne: .inf\nf: ~\ng: True\nh: '1'\ni: 1.50\nj: -0\nk: 12abc\n";
    expect(fast(text)).toEqual({
      a: "yes",
      b: 8,
      c: 31,
      d: 1000,
      e: Number.POSITIVE_INFINITY,
      f: null,
      g: true,
      h: "1",
      i: 1.5,
      j: -0,
      k: "12abc",
    });
    expectAgreement(text);
  });

  it("reads literal block scalars with clip and strip chomping", () => {
    const text = "a: |\n  line 1\n\n    indented\n  line 3\n\nb: |-\n  x\nc: 1\n";
    expect(fast(text)).toEqual({ a: "line 1\n\n  indented\nline 3\n", b: "x", c: 1 });
    expectAgreement(text);
  });

  it("reads Windows (CRLF) line endings like the yaml package", () => {
    const text = "a: 1\r\nb:\r\n  - x # c\r\n  - 'y'\r\nc: |\r\n  one\r\n\r\n  two\r\nd: \"q\"\r\n";
    expect(fast(text)).toEqual({ a: 1, b: ["x", "y"], c: "one\n\ntwo\n", d: "q" });
    expect(expectAgreement(text)).toBe(true);
  });

  it("hands anything outside its subset to the full parser", () => {
    for (const text of [
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: >\n  folded\n",
      "a: |+\n  keep\n\n",
      "a: multi\n  line plain\n",
      'a: "multi\n  line"\n',
      "? complex\n: key\n",
      "a: 1\na: 2\n",
      "a:\tb\n",
      "__proto__: {}\n",
      "a: [1,\n  2]\n",
      "just a scalar\n",
    ]) {
      expect(fast(text), text).toBe("unsupported");
    }
  });

  it("records key and value offsets when asked (for diagnostics only)", () => {
    const text = "metadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n";
    const { positions } = fastParseDocument(text, 0, text.length, true);
    expect(offsetOf(positions!, ["spec", "ports", 0, "port"]).offset).toBe(text.indexOf("80"));
    expect(offsetOf(positions!, ["metadata", "name"], true).offset).toBe(text.indexOf("name"));
    expect(offsetOf(positions!, ["spec", "missing"])).toEqual({ offset: text.indexOf("spec"), exact: false });
  });

  it("rejects nesting deeper than the limit instead of exhausting the stack", () => {
    const deep = `${Array.from({ length: 300 }, (_, i) => `${" ".repeat(i)}k:`).join("\n")}\n`;
    expect(() => fastParseDocument(deep, 0, deep.length)).toThrow(NestingTooDeep);
  });

  it("agrees with the yaml package on every JSON-like value it stringifies (property)", () => {
    const key = fc.oneof(
      fc.constantFrom("name", "a.b/c", "1", "true", "null", "-x", "a b", "#k", ""),
      fc.string({ maxLength: 8 }),
    );
    const scalar = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        "yes",
        "no",
        "~",
        "null",
        "0o7",
        "0x1f",
        "1e3",
        ".nan",
        "-.inf",
        "12:30",
        "a: b",
        "- x",
        "#c",
        "'q'",
        '"d"',
        " lead",
        "trail ",
        "multi\nline",
        "tab\there",
      ),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, scalar, tie("array"), tie("object")),
      array: fc.array(tie("node"), { maxLength: 4 }),
      object: fc.dictionary(key, tie("node"), { maxKeys: 4 }),
    })).object;
    const options = fc.record({
      indentSeq: fc.boolean(),
      collectionStyle: fc.constantFrom("any" as const, "block" as const, "flow" as const),
      lineWidth: fc.constantFrom(0, 20, 80),
      defaultStringType: fc.constantFrom(
        "PLAIN" as const,
        "QUOTE_DOUBLE" as const,
        "QUOTE_SINGLE" as const,
        "BLOCK_LITERAL" as const,
      ),
    });
    let answered = 0;
    fc.assert(
      fc.property(value, options, (data, opts) => {
        if (expectAgreement(stringify(data, opts))) answered++;
      }),
      { seed: 42, numRuns: 800 },
    );
    // The property is only meaningful if the fast path really answers most of these documents.
    expect(answered).toBeGreaterThan(100);
  });

  it("agrees with the yaml package on manifest-shaped documents (property)", () => {
    const scalar = fc.constantFrom(
      "v",
      "1",
      "-2",
      "true",
      "~",
      "'q'",
      '"d\\n"',
      "[a, 1]",
      "{k: v}",
      "{}",
      "[]",
      "a:b",
      "x # c",
      "0o17",
      "1.5",
    );
    const entry = fc.oneof(
      fc.tuple(fc.constantFrom("a", "b", "c", '"k.k"', "d/e"), scalar).map(([k, v]) => `${k}: ${v}`),
      fc.constantFrom(
        "a:",
        "b:",
        "- x",
        "- 1",
        "-",
        "- a: 1",
        "- b:",
        "x: |",
        "y: |-",
        "  text",
        "# note",
        "",
      ),
    );
    const line = fc
      .tuple(fc.constantFrom("", "  ", "    ", "      "), entry)
      .map(([indent, e]) => indent + e);
    let answered = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (lines) => {
        if (expectAgreement(`${lines.join("\n")}\n`)) answered++;
      }),
      { seed: 99, numRuns: 1500 },
    );
    expect(answered).toBeGreaterThan(150);
  });

  it("agrees with the yaml package on YAML-ish line soup, errors included (property)", () => {
    const token = fc.constantFrom(
      "a:",
      "b: 1",
      "- ",
      "-",
      "  ",
      "    ",
      "# c",
      '"q"',
      "'s'",
      "[x, y]",
      "{k: v}",
      "|",
      "|-",
      "text",
      ": ",
      "x: y: z",
      '"a\\x41"',
      "'it''s'",
      "- k: v",
      "\t",
      "\r",
      "&a",
      "*a",
      "!t",
      "key with spaces: v",
      "k:v",
      "null",
      "0x1",
      "-1",
      "[",
      "{",
    );
    const line = fc.array(token, { maxLength: 4 }).map((t) => t.join(""));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 10 }), (lines) => {
        expectAgreement(`${lines.join("\n")}\n`);
      }),
      { seed: 1234, numRuns: 1500 },
    );
  });
});
