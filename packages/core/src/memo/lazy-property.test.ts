import { describe, expect, it } from "vitest";
import { lazyProperty } from "./lazy-property";

describe("lazyProperty", () => {
  it("computes on first read only, and the value is an ordinary enumerable property", () => {
    let calls = 0;
    const target = lazyProperty({ a: 1 }, "b", () => {
      calls++;
      return [2];
    });
    expect(calls).toBe(0);
    expect(Object.keys(target)).toEqual(["a", "b"]);
    expect(calls).toBe(0);
    expect(target.b).toEqual([2]);
    expect(target.b).toBe(target.b);
    expect(calls).toBe(1);
    expect(JSON.stringify(target)).toBe('{"a":1,"b":[2]}');
    expect(calls).toBe(1);
  });

  it("is seen by JSON and deep equality without being read before", () => {
    const target = lazyProperty({ a: 1 }, "b", () => "x");
    expect(JSON.parse(JSON.stringify(target))).toEqual({ a: 1, b: "x" });
    expect(lazyProperty({ a: 1 }, "b", () => "x")).toEqual({ a: 1, b: "x" });
  });
});
