import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getOrCreate, memoizeWeak, sameItems } from "./memo";

describe("memo", () => {
  it("getOrCreate creates once per key and returns the stored value after", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 30 }), (keys) => {
        const map = new Map<string, { key: string }>();
        let created = 0;
        const seen = keys.map((k) =>
          getOrCreate(map, k, (key) => {
            created++;
            return { key };
          }),
        );
        expect(created).toBe(new Set(keys).size);
        keys.forEach((k, i) => {
          expect(seen[i]).toBe(map.get(k));
          expect(seen[i]!.key).toBe(k);
        });
      }),
    );
  });

  it("memoizeWeak computes once per object, separately for equal but distinct objects", () => {
    let calls = 0;
    const render = memoizeWeak((o: { readonly n: number }) => {
      calls++;
      return `n=${o.n}`;
    });
    const a = { n: 1 };
    const b = { n: 1 };
    expect(render(a)).toBe("n=1");
    expect(render(a)).toBe("n=1");
    expect(calls).toBe(1);
    expect(render(b)).toBe("n=1");
    expect(calls).toBe(2);
  });

  it("sameItems compares the items by identity, in order", () => {
    const a = { n: 1 };
    const b = { n: 1 };
    expect(sameItems([a, b], [a, b])).toBe(true);
    expect(sameItems([], [])).toBe(true);
    expect(sameItems([a, b], [b, a])).toBe(false);
    expect(sameItems([a], [b])).toBe(false);
    expect(sameItems([a], [a, a])).toBe(false);
  });
});
