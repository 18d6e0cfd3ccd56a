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

  it("shares one getter per property name, so objects made alike share their shape", () => {
    const a = lazyProperty({ a: 1 }, "b", () => 1);
    const b = lazyProperty({ a: 2 }, "b", () => 2);
    expect(Object.getOwnPropertyDescriptor(a, "b")?.get).toBe(Object.getOwnPropertyDescriptor(b, "b")?.get);
    expect([a.b, b.b]).toEqual([1, 2]);
    expect(
      Object.getOwnPropertySymbols(a).every((s) => !Object.getOwnPropertyDescriptor(a, s)?.enumerable),
    ).toBe(true);
  });

  it("keeps several lazy properties of one object apart, and computes again after a throw", () => {
    let fail = true;
    const target = lazyProperty(
      lazyProperty({}, "x", () => "x"),
      "y",
      () => {
        if (fail) throw new Error("not yet");
        return "y";
      },
    );
    expect(() => target.y).toThrow("not yet");
    fail = false;
    expect(target).toEqual({ x: "x", y: "y" });
    expect(() => {
      (target as { x: string }).x = "z";
    }).toThrow(TypeError);
  });
});
