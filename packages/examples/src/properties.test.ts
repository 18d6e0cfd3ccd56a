import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseLabelSelector, selectorMatches } from "./sample-provenance";
import { applyStageToMeshDocument } from "./stage-document";

const SEED = { seed: 20_260_822, numRuns: 200 };
const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const labelsArb = fc.dictionary(token, token, { maxKeys: 4 });

function matches(selector: string, labels: Record<string, string>): boolean {
  const parsed = parseLabelSelector(selector);
  if ("error" in parsed) throw new Error(parsed.error);
  return selectorMatches(parsed, labels);
}

describe("label selector invariants (k8s.io/apimachinery labels semantics)", () => {
  it("k!=v holds exactly when k=v does not", () => {
    fc.assert(
      fc.property(labelsArb, token, token, (labels, key, value) => {
        expect(matches(`${key}!=${value}`, labels)).toBe(!matches(`${key}=${value}`, labels));
      }),
      SEED,
    );
  });

  it("k in (a,b) holds exactly when k=a or k=b does; notin is its complement", () => {
    fc.assert(
      fc.property(labelsArb, token, token, token, (labels, key, a, b) => {
        const inSet = matches(`${key} in (${a},${b})`, labels);
        expect(inSet).toBe(matches(`${key}=${a}`, labels) || matches(`${key}=${b}`, labels));
        expect(matches(`${key} notin (${a},${b})`, labels)).toBe(!inSet);
      }),
      SEED,
    );
  });

  it("a comma-joined selector holds exactly when each of its requirements does", () => {
    fc.assert(
      fc.property(labelsArb, token, token, token, (labels, key, value, other) => {
        const both = matches(`${key}=${value},${other}`, labels);
        expect(both).toBe(matches(`${key}=${value}`, labels) && matches(other, labels));
      }),
      SEED,
    );
  });
});

describe("stage application invariants", () => {
  const files = fc.uniqueArray(
    token.map((t) => `${t}.yaml`),
    { minLength: 1, maxLength: 6 },
  );

  it("adding manifests and then removing them restores the cluster's list", () => {
    fc.assert(
      fc.property(files, files, (listed, extra) => {
        const added = extra.filter((file) => !listed.includes(file));
        const mesh = `spec:\n  clusters:\n    - name: c\n      manifests: [${listed.join(", ")}]\n`;
        const stage = (add: string[], remove: string[]) => ({
          name: "s",
          description: "property",
          add: add.map((file) => ({ cluster: "c", file })),
          remove: remove.map((file) => ({ cluster: "c", file })),
        });
        const grown = applyStageToMeshDocument(mesh, stage(added, []), "mesh.yaml");
        const shrunk = applyStageToMeshDocument(grown.text!, stage([], added), "mesh.yaml");
        expect(shrunk.diagnostics).toEqual([]);
        expect(
          (parse(shrunk.text!) as { spec: { clusters: { manifests: string[] }[] } }).spec.clusters[0]
            ?.manifests,
        ).toEqual(listed);
      }),
      SEED,
    );
  });
});
