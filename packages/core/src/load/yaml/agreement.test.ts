/**
 * js-yaml answers for most documents, `yaml` stays the reference: whenever the loader keeps
 * js-yaml's value for a document, `yaml` must read the same text without error to a value deep
 * and strictly equal (object keys, number kinds, -0, NaN and all).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseYaml } from "./parse-yaml";
import {
  manifestShapedDocuments,
  REJECTED,
  referenceValue,
  writtenDocuments,
  yamlLineSoup,
} from "./test-support/yaml-documents";

/** Checks every document js-yaml answered against `yaml`; returns how many it answered. */
function expectReferenceValues(text: string): number {
  let answered = 0;
  for (const document of parseYaml(text, "agreement.yaml").documents) {
    if (document.parser !== "js-yaml") continue;
    answered++;
    const expected = referenceValue(text.slice(document.start, document.end));
    expect(expected, `yaml rejects what js-yaml read: ${JSON.stringify(text)}`).not.toBe(REJECTED);
    expect(document.value, JSON.stringify(text)).toStrictEqual(expected);
  }
  return answered;
}

/** Runs the agreement property and checks js-yaml answered often enough for it to mean something. */
function checkAgreement(documents: fc.Arbitrary<string>, seed: number, numRuns: number, minAnswered: number) {
  let answered = 0;
  fc.assert(
    fc.property(documents, (text) => {
      answered += expectReferenceValues(text);
    }),
    { seed, numRuns },
  );
  expect(answered).toBeGreaterThan(minAnswered);
}

describe("js-yaml values agree with the yaml package (YAML 1.2 core schema)", () => {
  it("on every document yaml writes from JSON-like values, in every style (property)", () => {
    checkAgreement(writtenDocuments, 42, 700, 250);
  });

  it("on manifest-shaped documents, valid or with one line disturbed, LF or CRLF (property)", () => {
    checkAgreement(manifestShapedDocuments, 99, 1500, 500);
  });

  it("on YAML-ish line soup, errors included: js-yaml never answers where yaml rejects (property)", () => {
    checkAgreement(yamlLineSoup, 1234, 1500, 20);
  });

  it("on the Kubernetes conventions manifests rely on", () => {
    const text = [
      "apiVersion: apps/v1 # a comment",
      "kind: Deployment",
      "metadata:",
      "  name: web",
      '  labels: {app: web, tier: "front"}',
      "  annotations:",
      "    sidecar.istio.io/inject: 'true'",
      "spec:",
      "  replicas: 3",
      "  template:",
      "    spec:",
      "      containers:",
      "      - name: web",
      "        args: ['--a', \"b\\tc\"]",
      "        command:",
      "        - /bin/sh",
      "        - -c",
      "        - |",
      "          echo one",
      "",
      "          echo two",
      "        ports:",
      "          - containerPort: 8080",
      "            name: http",
      "      - name: sidecar",
      "        image:",
      "",
    ].join("\n");
    expect(expectReferenceValues(text)).toBe(1);
  });
});
