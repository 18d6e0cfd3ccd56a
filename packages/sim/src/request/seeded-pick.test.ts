import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededPick, seededUniform } from "./seeded-pick";

describe("seeded picks", () => {
  it("same seed and key, same answer; uniform stays in [0, 1)", () => {
    fc.assert(
      fc.property(fc.integer(), fc.string(), (seed, key) => {
        const u = seededUniform(seed, key);
        expect(u).toBe(seededUniform(seed, key));
        expect(u >= 0 && u < 1).toBe(true);
      }),
    );
  });

  it("never picks a zero-weight option and returns -1 when all weights are zero", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(5), { minLength: 1, maxLength: 8 }),
        fc.integer(),
        fc.string(),
        (weights, seed, key) => {
          const i = seededPick(weights, seed, key);
          if (weights.every((w) => w === 0)) expect(i).toBe(-1);
          else expect(weights[i]! > 0).toBe(true);
        },
      ),
    );
  });

  it("follows the weights over many keys (80/20 split within 3 points)", () => {
    let first = 0;
    const n = 20_000;
    for (let k = 0; k < n; k++) if (seededPick([80, 20], 7, `req-${k}`) === 0) first++;
    expect(Math.abs(first / n - 0.8)).toBeLessThan(0.03);
  });
});
