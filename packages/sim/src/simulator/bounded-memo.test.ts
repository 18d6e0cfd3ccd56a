import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BoundedMemo } from "./bounded-memo";

describe("BoundedMemo", () => {
  it("builds once per key while the key is held", () => {
    const memo = new BoundedMemo<{ key: string }>(8);
    let builds = 0;
    const build = (key: string) => () => {
      builds++;
      return { key };
    };
    const first = memo.get("a", build("a"));
    expect(memo.get("a", build("a"))).toBe(first);
    expect(builds).toBe(1);
  });

  it("builds again after clear(), and holds nothing until then", () => {
    const memo = new BoundedMemo<number>(4);
    let builds = 0;
    memo.get("a", () => ++builds);
    memo.get("b", () => ++builds);
    expect(memo.size).toBe(2);
    memo.clear();
    expect(memo.size).toBe(0);
    expect(memo.get("a", () => ++builds)).toBe(3);
  });

  it("never holds more than its limit and drops the oldest built first", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.nat(9), { maxLength: 40 }), (limit, keys) => {
        const memo = new BoundedMemo<number>(limit);
        const held: number[] = [];
        for (const k of keys) {
          let built = false;
          memo.get(`${k}`, () => {
            built = true;
            return k;
          });
          // A model of the memo: a FIFO of built keys of at most `limit`.
          expect(built).toBe(!held.includes(k));
          if (built) {
            if (held.length >= limit) held.shift();
            held.push(k);
          }
        }
      }),
    );
  });

  it("filtered keeps the entries whose key passes, under the same bound, oldest first", () => {
    const memo = new BoundedMemo<string>(3);
    for (const key of ["a|1", "b|2", "a|3"]) memo.get(key, () => key.toUpperCase());
    const kept = memo.filtered((key) => key.startsWith("a|"));
    const build = (key: string) => () => `built ${key}`;
    expect(kept.get("a|1", build("a|1"))).toBe("A|1");
    expect(kept.get("a|3", build("a|3"))).toBe("A|3");
    expect(kept.get("b|2", build("b|2"))).toBe("built b|2");
    // The bound still holds: a fourth entry pushes out the oldest (a|1).
    kept.get("c|4", build("c|4"));
    expect(kept.get("a|1", build("a|1"))).toBe("built a|1");
  });
});
