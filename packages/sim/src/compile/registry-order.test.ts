import { describe, expect, it } from "vitest";
import { meshOrderOfReads } from "./registry-order";

describe("meshOrderOfReads", () => {
  const mesh = ["a", "b", "c", "d"];
  it("takes the own cluster first and the rest in mesh order", () => {
    expect(meshOrderOfReads(["c", "a", "b", "d"], mesh)).toEqual(["a", "b", "c", "d"]);
    expect(meshOrderOfReads(["a", "b", "c", "d"], mesh)).toEqual(mesh);
    expect(meshOrderOfReads(["d", "b"], mesh)).toEqual(["b", "d"]);
  });
  it("refuses any other order, unknown clusters and no clusters", () => {
    expect(meshOrderOfReads(["c", "b", "a", "d"], mesh)).toBeUndefined();
    expect(meshOrderOfReads(["a", "x"], mesh)).toBeUndefined();
    expect(meshOrderOfReads([], mesh)).toBeUndefined();
  });
});
