import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareByCreation, sortByCreation } from "./config-order";

const at = (name: string, namespace: string, creationTimestamp?: string) => ({
  name,
  namespace,
  ...(creationTimestamp !== undefined ? { creationTimestamp } : {}),
});

describe("Istio's config order (configCompareByCreationTime)", () => {
  it("older first, then name, then namespace", () => {
    const list = [
      at("b", "x", "2024-01-02T00:00:00Z"),
      at("a", "y", "2024-01-02T00:00:00Z"),
      at("a", "x", "2024-01-02T00:00:00Z"),
      at("z", "z", "2024-01-01T00:00:00Z"),
    ];
    expect([...list].sort(compareByCreation).map((o) => `${o.namespace}/${o.name}`)).toEqual([
      "z/z",
      "x/a",
      "y/a",
      "x/b",
    ]);
  });

  it("a missing or unparseable timestamp is Go's zero time: before every real one, even 1969's", () => {
    const list = [at("a", "x", "1969-12-31T00:00:00Z"), at("b", "x", "not a time"), at("c", "x")];
    expect([...list].sort(compareByCreation).map((o) => o.name)).toEqual(["b", "c", "a"]);
  });

  it("is a total order: antisymmetric, and sorting objects or their metadata agrees", () => {
    const item = fc.record({
      name: fc.constantFrom("a", "b"),
      namespace: fc.constantFrom("x", "y"),
      creationTimestamp: fc.option(fc.constantFrom("2024-01-01T00:00:00Z", "2023-06-01T00:00:00Z", "bad"), {
        nil: undefined,
      }),
    });
    fc.assert(
      fc.property(item, item, (a, b) => {
        expect(Math.sign(compareByCreation(a, b))).toBe(-Math.sign(compareByCreation(b, a)) || 0);
      }),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), (items) => {
        const objects = items.map((metadata) => ({ metadata }));
        expect(sortByCreation(objects).map((o) => o.metadata)).toEqual([...items].sort(compareByCreation));
      }),
    );
  });
});
