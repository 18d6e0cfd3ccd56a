import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ANY_STRING,
  anyOfValues,
  asciiLowerCase,
  headerValueTest,
  hostValueTest,
  istioValueMatcher,
} from "./string-matchers";

describe("Istio value forms (matcher.StringMatcherWithPrefix)", () => {
  it("`*` means present and non-empty (regex .+)", () => {
    const m = istioValueMatcher("*");
    expect(m("x")).toBe(true);
    expect(m("")).toBe(false);
  });

  it("a single leading `*` is a suffix, a single trailing `*` a prefix, anything else exact", () => {
    expect(istioValueMatcher("*.example.com")("a.example.com")).toBe(true);
    expect(istioValueMatcher("/api/*")("/api/v1")).toBe(true);
    expect(istioValueMatcher("a*b")("a*b")).toBe(true);
    expect(istioValueMatcher("a*b")("axb")).toBe(false);
  });
});

describe("header and host forms (matcher.HeaderMatcher / HostMatcher)", () => {
  it("`*` is a presence match: any value, even empty", () => {
    expect(headerValueTest("*")).toBe(ANY_STRING);
    expect(anyOfValues([headerValueTest("*")])("")).toBe(true);
  });

  it("hosts ignore ASCII case (tests run on the lower-cased host); methods do not", () => {
    expect(anyOfValues([hostValueTest("Example.COM")])(asciiLowerCase("EXAMPLE.com"))).toBe(true);
    expect(anyOfValues([hostValueTest("*.Example.com")])(asciiLowerCase("API.EXAMPLE.COM"))).toBe(true);
    expect(anyOfValues([headerValueTest("GET")])("get")).toBe(false);
  });

  it("ASCII lower-casing leaves other characters alone and returns clean strings as they are", () => {
    const clean = "already.lower";
    expect(asciiLowerCase(clean)).toBe(clean);
    expect(asciiLowerCase("ÀB.Com")).toBe("Àb.com");
  });

  it("a value list mixes exact values (a Set) and patterns", () => {
    const m = anyOfValues([{ exact: "a" }, { exact: "b" }, istioValueMatcher("c*")]);
    expect(["a", "b", "cd", "d"].map(m)).toEqual([true, true, true, false]);
  });

  it("exact values are found whether the list is short (compared in turn) or long (hashed)", () => {
    const word = fc.stringMatching(/^[a-c]{0,3}$/);
    fc.assert(
      fc.property(fc.uniqueArray(word, { maxLength: 9 }), word, (values, candidate) => {
        const m = anyOfValues(values.map((exact) => ({ exact })));
        expect(m(candidate)).toBe(values.includes(candidate));
      }),
    );
  });
});
