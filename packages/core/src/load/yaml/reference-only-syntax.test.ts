import fc from "fast-check";
import { loadAll } from "js-yaml";
import { describe, expect, it } from "vitest";
import { CST, Lexer } from "yaml";
import { needsReferenceParser } from "./reference-only-syntax";
import { decoratedDocuments, yamlLineSoup } from "./test-support/yaml-documents";

/**
 * Token types of the constructs only `yaml` reads as the loader means them (YAML 1.2 §6.9 node
 * properties, §8.2.2 explicit keys). Aliases need no check of their own: without an anchor, an
 * alias is an error for both parsers (and js-yaml's error sends the document to `yaml`).
 */
const REFERENCE_ONLY_TOKENS = new Set(["anchor", "tag", "explicit-key-ind", "byte-order-mark"]);

/** Whether js-yaml (with its default schema, which knows more tags than the loader's) reads `text`. */
function jsYamlReads(text: string): boolean {
  try {
    loadAll(text);
    return true;
  } catch {
    return false;
  }
}

describe("needsReferenceParser: syntax left to the yaml package", () => {
  it("spots anchors, aliases and tags (js-yaml has no alias budget and no YAML 1.1 tags)", () => {
    for (const text of [
      "a: &x 1\nb: *x\n",
      "&root\na: 1\n",
      "a: [&x 1, *x]\n",
      '{"a":&x 1}\n',
      "a: !!binary aGk=\n",
      "--- !custom\na: 1\n",
      "- !t {a: 1}\n",
    ]) {
      expect(needsReferenceParser(text), text).toBe(true);
    }
  });

  it("spots collection keys (yaml stringifies them as YAML, js-yaml with String())", () => {
    for (const text of ["? [a, b]\n: 1\n", "[a]: 1\n", "{k: v}: 1\n", "a: {[x]: 1}\n", "?\n"]) {
      expect(needsReferenceParser(text), text).toBe(true);
    }
  });

  it("spots what js-yaml reads against YAML 1.2: lone CR, byte order marks, tab indentation, ---x lines", () => {
    for (const text of [
      "a: 1\rb: 2\n",
      "\uFEFFa: 1\n",
      "a:\n\t- 1\n",
      "a: |\n  x\n \ty\n",
      "---x\n",
      "a: 1\n---1\n",
    ]) {
      expect(needsReferenceParser(text), JSON.stringify(text)).toBe(true);
    }
  });

  it("lets ordinary manifests through: globs, URLs, CRLF, flow collections, quoted # and ?", () => {
    const manifest = [
      "apiVersion: security.istio.io/v1",
      "kind: AuthorizationPolicy",
      "metadata: {name: a, labels: {app: web}}",
      "spec:",
      '  rules: [{to: [{operation: {paths: ["/api/*"], hosts: ["*.example.com"]}}]}]',
      "  note: a&b x! what?yes",
      '  color: "#34577c"',
      "  empty: []",
      "  url: http://host:8080/?q=1",
      "",
    ].join("\r\n");
    expect(needsReferenceParser(manifest)).toBe(false);
  });

  it("never misses an anchor, tag, explicit key or byte order mark in a document js-yaml reads (property)", () => {
    const documents = fc.oneof(yamlLineSoup, decoratedDocuments);
    let seen = 0;
    fc.assert(
      fc.property(documents, (text) => {
        const tokens = [...new Lexer().lex(text)].map((token) => CST.tokenType(token));
        if (!tokens.some((type) => type !== null && REFERENCE_ONLY_TOKENS.has(type))) return;
        // Where js-yaml fails, the document goes to `yaml` anyway (the lexer also tokenizes broken text).
        if (!jsYamlReads(text)) return;
        seen++;
        expect(needsReferenceParser(text), JSON.stringify(text)).toBe(true);
      }),
      { seed: 5, numRuns: 2000 },
    );
    expect(seen).toBeGreaterThan(100);
  });
});
