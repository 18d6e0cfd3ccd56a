import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededFraction } from "../routing/seeded-pick";
import { RequestPicks } from "./seeded-pick";

const shares = (weights: readonly number[]) => weights.map((share) => ({ share }));
const picksOf = (seed: number, requestKey: string) =>
  new RequestPicks(seed, "c1/ns/client", "http://a:80/", requestKey);

describe("seeded picks", () => {
  it("same seed and key, same answer; the fraction stays in [0, 1)", () => {
    fc.assert(
      fc.property(fc.integer(), fc.string(), (seed, key) => {
        const u = seededFraction(seed, key);
        expect(u).toBe(seededFraction(seed, key));
        expect(u >= 0 && u < 1).toBe(true);
      }),
    );
  });

  it("a request's pick is the fraction of its joined key <workload>|<target>|<requestKey>|<suffix>[|<detail>]", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.tuple(fc.string(), fc.string(), fc.string(), fc.string()),
        fc.option(fc.string(), { nil: undefined }),
        (seed, [workload, target, requestKey, suffix], detail) => {
          const picks = new RequestPicks(seed, workload, target, requestKey);
          const key = `${workload}|${target}|${requestKey}|${suffix}${detail === undefined ? "" : `|${detail}`}`;
          expect(picks.fraction(suffix, detail)).toBe(seededFraction(seed, key));
        },
      ),
    );
  });

  it("never picks a zero-share option and returns -1 when all shares are zero", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(5), { minLength: 1, maxLength: 8 }),
        fc.integer(),
        fc.string(),
        (weights, seed, key) => {
          const i = picksOf(seed, key).share(shares(weights), "client");
          if (weights.every((w) => w === 0)) expect(i).toBe(-1);
          else expect(weights[i]! > 0).toBe(true);
        },
      ),
    );
  });

  it("follows the shares over many requests (80/20 split within 3 points)", () => {
    let first = 0;
    const n = 20_000;
    for (let k = 0; k < n; k++) if (picksOf(7, `${k}`).share(shares([0.8, 0.2]), "client") === 0) first++;
    expect(Math.abs(first / n - 0.8)).toBeLessThan(0.03);
  });

  it("a uniform pick stays in range and spreads evenly (each of 4 within 2 points of 25 %)", () => {
    expect(picksOf(1, "k").uniform(0, "kube-proxy")).toBe(-1);
    const counts = [0, 0, 0, 0];
    const n = 20_000;
    for (let k = 0; k < n; k++) counts[picksOf(3, `${k}`).uniform(4, "kube-proxy")]!++;
    for (const c of counts) expect(Math.abs(c / n - 0.25)).toBeLessThan(0.02);
  });
});
