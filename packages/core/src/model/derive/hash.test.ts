import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { continueHash, finishHash, fnv1a32, startHash } from "./hash";

describe("fnv1a32 and its streamed parts", () => {
  it("keeps the values names and address slots were generated with", () => {
    expect(fnv1a32("")).toBe(2872998923);
    expect(fnv1a32("spiffe://cluster.local/ns/a/sa/b", 7)).toBe(643909886);
    expect(fnv1a32("c1/ns/client|http://a:80/|0|client", 1)).toBe(511805408);
    expect(fnv1a32("x", -5)).toBe(3273745754);
    expect(fnv1a32("ü", 2 ** 33 + 3)).toBe(3099819549);
  });

  it("hashing a text in parts gives the hash of the joined text", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 5 }), fc.integer(), (parts, seed) => {
        const state = parts.reduce(continueHash, startHash(seed));
        expect(finishHash(state)).toBe(fnv1a32(parts.join(""), seed));
      }),
    );
  });
});
