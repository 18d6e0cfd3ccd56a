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
});
