import { describe, expect, it } from "vitest";
import {
  expandTrustDomainAliases,
  replaceTrustDomainAliases,
  trustDomainBundle,
} from "./trust-domain-bundle";

// Cases mirror pilot/pkg/security/trustdomain/bundle_test.go TestReplaceTrustDomainAliases.
describe("trust-domain aliases (trustdomain.Bundle.ReplaceTrustDomainAliases)", () => {
  const cases: [string, string, string[], string[], string[]][] = [
    [
      "no aliases: unchanged",
      "cluster.local",
      [],
      ["cluster.local/ns/foo/sa/bar"],
      ["cluster.local/ns/foo/sa/bar"],
    ],
    ["principal `*` kept", "cluster.local", [], ["*"], ["*"]],
    ["`*` trust domain kept", "cluster.local", [], ["*/ns/foo/sa/bar"], ["*/ns/foo/sa/bar"]],
    ["one alias", "td2", ["td1"], ["td1/ns/foo/sa/bar"], ["td2/ns/foo/sa/bar", "td1/ns/foo/sa/bar"]],
    [
      "cluster.local alias, two principals",
      "td1",
      ["cluster.local"],
      ["cluster.local/ns/foo/sa/bar", "cluster.local/ns/yyy/sa/zzz"],
      [
        "td1/ns/foo/sa/bar",
        "cluster.local/ns/foo/sa/bar",
        "td1/ns/yyy/sa/zzz",
        "cluster.local/ns/yyy/sa/zzz",
      ],
    ],
    [
      "wildcards kept as-is",
      "td1",
      ["cluster.local"],
      ["*/ns/foo/sa/bar", "*sa/zzz", "*"],
      ["*/ns/foo/sa/bar", "*sa/zzz", "*"],
    ],
    [
      "`*-td1` trust domain covering an alias stays as written",
      "td2",
      ["foo-td1", "cluster.local"],
      ["*-td1/ns/foo/sa/bar"],
      ["td2/ns/foo/sa/bar", "*-td1/ns/foo/sa/bar", "cluster.local/ns/foo/sa/bar"],
    ],
    ["unknown trust domain kept", "td1", ["td2"], ["some-td/ns/foo/sa/bar"], ["some-td/ns/foo/sa/bar"]],
    [
      "one of two principals matches an alias",
      "new-td",
      ["td2", "td3"],
      ["td1/ns/some-ns/sa/some-sa", "td2/ns/foo/sa/bar"],
      ["td1/ns/some-ns/sa/some-sa", "new-td/ns/foo/sa/bar", "td2/ns/foo/sa/bar", "td3/ns/foo/sa/bar"],
    ],
    [
      "empty trust domain kept",
      "new-td",
      ["td2", "td3"],
      ["/ns/some-ns/sa/some-sa"],
      ["/ns/some-ns/sa/some-sa"],
    ],
    [
      "no duplicates for a prefix pattern",
      "new-td",
      ["old-td"],
      ["*-td/ns/some-ns/sa/some-sa"],
      ["*-td/ns/some-ns/sa/some-sa"],
    ],
  ];
  it.each(cases)("%s", (_name, td, aliases, principals, expected) => {
    expect(replaceTrustDomainAliases(trustDomainBundle(td, aliases), principals)).toEqual(expected);
  });

  it("cluster.local points at the local trust domain even when it is not an alias", () => {
    expect(replaceTrustDomainAliases(trustDomainBundle("td1"), ["cluster.local/ns/foo/sa/bar"])).toEqual([
      "td1/ns/foo/sa/bar",
    ]);
  });

  it("trustDomains in the bundle expand to the whole bundle (ExpandTrustDomainAliases)", () => {
    const bundle = trustDomainBundle("td1", ["td2"]);
    expect(expandTrustDomainAliases(bundle, ["td2", "other", "td1"])).toEqual(["td1", "td2", "other"]);
  });
});
