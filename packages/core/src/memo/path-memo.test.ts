import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PathMemo } from "./path-memo";

describe("PathMemo", () => {
  it("creates once per distinct path, whatever mix of strings and numbers follows the object", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.oneof(fc.string(), fc.integer())), {
          maxLength: 40,
        }),
        (paths) => {
          const roots = [{}, {}, {}];
          const memo = new PathMemo<[object, string | number], { path: string }>();
          let created = 0;
          const expected = new Map<string, number>();
          for (const [root, key] of paths) {
            const id = `${root}/${typeof key}/${String(key)}`;
            const value = memo.get([roots[root]!, key], () => {
              created++;
              return { path: id };
            });
            expect(value.path).toBe(id);
            expected.set(id, (expected.get(id) ?? 0) + 1);
          }
          expect(created).toBe(expected.size);
        },
      ),
    );
  });

  it("keeps equal but distinct objects apart, and a number apart from its string", () => {
    const memo = new PathMemo<[object, object | string | number], string>();
    const a = { n: 1 };
    const b = { n: 1 };
    const root = {};
    expect(memo.get([root, a], () => "a")).toBe("a");
    expect(memo.get([root, b], () => "b")).toBe("b");
    expect(memo.get([root, 1], () => "one")).toBe("one");
    expect(memo.get([root, "1"], () => "string one")).toBe("string one");
    expect(memo.get([root, a], () => "again")).toBe("a");
  });

  it("creates again after clear", () => {
    const memo = new PathMemo<[object, number], number>();
    const root = {};
    let calls = 0;
    memo.get([root, 1], () => ++calls);
    memo.clear();
    expect(memo.get([root, 1], () => ++calls)).toBe(2);
  });

  it("stores null as a value, so a path with nothing is not computed again", () => {
    const memo = new PathMemo<[object, string], string | null>();
    const root = {};
    let calls = 0;
    const none = () => {
      calls++;
      return null;
    };
    expect(memo.get([root, "x"], none)).toBeNull();
    expect(memo.get([root, "x"], none)).toBeNull();
    expect(calls).toBe(1);
  });
});
