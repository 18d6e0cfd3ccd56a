import { describe, expect, it } from "vitest";
import {
  hostSubsetOf,
  hostsMatch,
  moreSpecificHost,
  mostSpecificHostMatch,
  normalizeHost,
  resolveShortName,
} from "./host-name";

describe("host.Name.Matches (pkg/config/host/name_test.go TestNameMatches)", () => {
  it.each([
    ["foo.com", "foo.com", true],
    ["foo.com", "bar.com", false],
    ["*.com", "foo.com", true],
    ["bar.com", "*.com", true],
    ["*.foo.com", "foo.com", false],
    ["*", "foo.com", true],
    ["*", "*.com", true],
    ["*.com", "*.foo.com", true],
    ["*.foo.com", "*.bar.com", false],
  ])("Matches(%s, %s) = %s", (a, b, expected) => {
    expect(hostsMatch(a, b)).toBe(expected);
  });
});

describe("host.Name.SubsetOf (TestNameSubsetOf)", () => {
  it.each([
    ["foo.com", "*.com", true],
    ["*.com", "foo.com", false],
    ["*.foo.com", "*.com", true],
    ["*.com", "*.foo.com", false],
    ["foo.com", "foo.com", true],
    ["*", "*", true],
    ["foo.com", "*", true],
  ])("SubsetOf(%s, %s) = %s", (a, b, expected) => {
    expect(hostSubsetOf(a, b)).toBe(expected);
  });
});

describe("MostSpecificHostMatch (pilot/pkg/model/config.go)", () => {
  const specific = new Map([["foo.bar.com", "exact"]]);
  const wildcard = new Map([
    ["*.com", "com"],
    ["*.bar.com", "bar"],
    ["*", "all"],
  ]);
  it("prefers an exact host over any wildcard", () => {
    expect(mostSpecificHostMatch("foo.bar.com", specific, wildcard)?.value).toBe("exact");
  });
  it("takes the longest wildcard suffix otherwise", () => {
    expect(mostSpecificHostMatch("baz.bar.com", specific, wildcard)?.value).toBe("bar");
    expect(mostSpecificHostMatch("x.org", specific, wildcard)?.value).toBe("all");
  });
  it("orders hosts like host.MoreSpecific: exact first, then longer", () => {
    expect(moreSpecificHost("a.com", "*.a.com")).toBe(true);
    expect(moreSpecificHost("*.b.a.com", "*.a.com")).toBe(true);
  });
});

describe("ResolveShortnameToFQDN", () => {
  it("expands a name without dots in the object's namespace", () => {
    expect(resolveShortName("reviews", "bookinfo", "cluster.local")).toBe(
      "reviews.bookinfo.svc.cluster.local",
    );
  });
  it("leaves names with a dot alone, even name.namespace (Istio does not expand them)", () => {
    expect(resolveShortName("reviews.other", "bookinfo", "cluster.local")).toBe("reviews.other");
  });
  it("leaves *, IPs and FQDNs alone", () => {
    expect(resolveShortName("*", "ns", "cluster.local")).toBe("*");
    expect(resolveShortName("10.0.0.1", "ns", "cluster.local")).toBe("10.0.0.1");
    expect(resolveShortName("::1", "ns", "cluster.local")).toBe("::1");
  });
  it("normalizes authorities for comparison", () => {
    expect(normalizeHost("Reviews.Default.")).toBe("reviews.default");
  });
});
