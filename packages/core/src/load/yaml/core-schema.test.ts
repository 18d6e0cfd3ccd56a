import fc from "fast-check";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { parse, Schema } from "yaml";
import { CORE_SCHEMA, implicitTagOf, mayResolveToNonString, resolvePlainScalar } from "./core-schema";

/** js-yaml's value of `text` with the loader's schema. */
const read = (text: string): unknown => load(text, { schema: CORE_SCHEMA });

describe("CORE_SCHEMA: js-yaml resolves plain scalars as yaml's YAML 1.2 core schema (yaml/dist/schema/core)", () => {
  it("keeps YAML 1.1 booleans yes/no/on/off/y/n as strings; only true/false (3 spellings) are booleans", () => {
    const text = "a: yes\nb: no\nc: on\nd: off\ne: y\nf: N\ng: True\nh: FALSE\ni: tRue\n";
    const expected = { a: "yes", b: "no", c: "on", d: "off", e: "y", f: "N", g: true, h: false, i: "tRue" };
    expect(read(text)).toStrictEqual(expected);
    expect(parse(text)).toStrictEqual(expected);
  });

  it("keeps timestamps as strings (no !!timestamp in the core schema)", () => {
    const text = "a: 2001-12-14\nb: 2001-12-14t21:59:43.10-05:00\nc: 12:30:00\n";
    const expected = { a: "2001-12-14", b: "2001-12-14t21:59:43.10-05:00", c: "12:30:00" };
    expect(read(text)).toStrictEqual(expected);
    expect(parse(text)).toStrictEqual(expected);
  });

  it("reads << as an ordinary key: YAML 1.2 has no merge keys", () => {
    const text = "base: {x: 1}\nm:\n  <<: {x: 1}\n  y: 2\n";
    const expected = { base: { x: 1 }, m: { "<<": { x: 1 }, y: 2 } };
    expect(read(text)).toStrictEqual(expected);
    expect(parse(text)).toStrictEqual(expected);
  });

  it("reads core numbers (0o octal, 0x hex, exponents, .inf/.nan) and leaves js-yaml's own extensions as strings", () => {
    const text =
      "a: 0o10\nb: 010\nc: 0x1F\nd: 1e3\ne: .inf\nf: -.Inf\ng: .NaN\nh: -0\ni: 1.50\nj: +12\n" +
      "k: 0b101\nl: 1_000\nm: -0x1F\nn: +0o7\no: 1.5_0\np: 0x\nq: ~\nr: Null\ns: 12abc\n";
    const value = read(text) as Record<string, unknown>;
    expect(value).toStrictEqual(parse(text));
    expect(value).toMatchObject({ a: 8, b: 10, c: 31, d: 1000, e: Number.POSITIVE_INFINITY, i: 1.5, j: 12 });
    expect(Object.is(value.h, -0)).toBe(true);
    expect(value.g).toBeNaN();
    expect(value).toMatchObject({ k: "0b101", l: "1_000", m: "-0x1F", n: "+0o7", o: "1.5_0", p: "0x" });
    expect(value).toMatchObject({ q: null, r: null, s: "12abc" });
  });

  it("resolves keys like values, then as yaml's toJS stringifies them (1.0 → '1', 0x10 → '16', true → 'true')", () => {
    const text = "1.0: a\n0x10: b\ntrue: c\n.inf: d\n";
    expect(read(text)).toStrictEqual(parse(text));
    expect(Object.keys(read(text) as object)).toEqual(["1", "16", "true", "Infinity"]);
  });

  it("quick pre-check: every string each core tag's pattern accepts passes mayResolveToNonString (property)", () => {
    const tags = new Schema({ schema: "core" }).tags.filter(
      (tag): tag is typeof tag & { test: RegExp } => tag.default === true && "test" in tag && !!tag.test,
    );
    expect(tags.length).toBeGreaterThanOrEqual(8);
    for (const tag of tags) {
      fc.assert(
        fc.property(fc.stringMatching(tag.test), (text) => {
          if (text.length > 0) expect(mayResolveToNonString(text), `${tag.tag} ${text}`).toBe(true);
        }),
        { seed: 7, numRuns: 300 },
      );
    }
  });

  it("resolvePlainScalar gives yaml's value of the same plain scalar (property)", () => {
    const plain = fc
      .oneof(
        fc.stringMatching(/^[-+.0-9eExXoOaAfFnNtTuUlLrRsS~_:]{1,8}$/),
        fc.constantFrom(
          "true",
          "False",
          "NULL",
          "~",
          ".nan",
          "-.INF",
          "0o777",
          "0x7fffffffffffffff",
          "1e400",
        ),
      )
      .filter((text) => {
        try {
          return typeof parse(`k: ${text}`) === "object";
        } catch {
          return false;
        }
      });
    fc.assert(
      fc.property(plain, (text) => {
        const expected = (parse(`k: ${text}`) as { k: unknown }).k;
        expect(resolvePlainScalar(text)).toStrictEqual(expected);
        expect(implicitTagOf(text) === undefined).toBe(typeof expected === "string");
      }),
      { seed: 11, numRuns: 1000 },
    );
  });
});
