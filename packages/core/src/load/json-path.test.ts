import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPath, parsePath, pointerToPath } from "./json-path";

describe("json paths", () => {
  it("renders plain keys with dots, indices in brackets and other keys quoted", () => {
    expect(formatPath(["spec", "rules", 0, "from"])).toBe("$.spec.rules[0].from");
    expect(formatPath(["metadata", "labels", "app.kubernetes.io/name"])).toBe(
      '$.metadata.labels["app.kubernetes.io/name"]',
    );
    expect(formatPath([])).toBe("$");
  });

  it("parses what it renders (property)", () => {
    const segment = fc.oneof(fc.nat({ max: 1000 }), fc.string());
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), (path) => {
        expect(parsePath(formatPath(path))).toEqual(path);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it("parses createMesh's paths and rejects non-paths", () => {
    expect(parsePath("$.spec.clusters[1].remoteSecrets[0]")).toEqual([
      "spec",
      "clusters",
      1,
      "remoteSecrets",
      0,
    ]);
    expect(parsePath("spec.x")).toBeUndefined();
    expect(parsePath("$.a[")).toBeUndefined();
  });

  it("tells array indices from digit keys using the data (ajv JSON pointers)", () => {
    const data = { spec: { ports: [{ name: "x" }], labels: { "0": "a", "a/b": "c" } } };
    expect(pointerToPath("/spec/ports/0/name", data)).toEqual(["spec", "ports", 0, "name"]);
    expect(pointerToPath("/spec/labels/0", data)).toEqual(["spec", "labels", "0"]);
    expect(pointerToPath("/spec/labels/a~1b", data)).toEqual(["spec", "labels", "a/b"]);
  });
});
