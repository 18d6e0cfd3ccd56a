import { describe, expect, it } from "vitest";
import { authorize } from "./authorize";
import { compileAuthorization } from "./compile";
import type { CompileAuthorizationOptions } from "./options";
import { ap, req } from "./test-helpers";

type Source = Readonly<Record<string, string[] | undefined>>;
const allowFrom = (source: Source) => ap("foo/p", { rules: [{ from: [{ source }] }] });
const allowWhen = (key: string, values: string[], notValues: string[] = []) =>
  ap("foo/p", { rules: [{ when: [{ key, values, ...(notValues.length > 0 ? { notValues } : {}) }] }] });
const allowed = (
  policy: ReturnType<typeof ap>,
  principal: string | null,
  options: Partial<CompileAuthorizationOptions> = {},
) =>
  authorize(compileAuthorization([policy], { enforcer: "sidecar", ...options }), req({ principal }))
    .decision === "ALLOW";

describe("principals: Envoy SAN matchers (generator.go srcPrincipalGenerator)", () => {
  it("exact, prefix (x*), suffix (*x) and any (*)", () => {
    expect(
      allowed(
        allowFrom({ principals: ["cluster.local/ns/foo/sa/client"] }),
        "cluster.local/ns/foo/sa/client",
      ),
    ).toBe(true);
    expect(allowed(allowFrom({ principals: ["cluster.local/ns/foo/*"] }), "cluster.local/ns/foo/sa/x")).toBe(
      true,
    );
    expect(allowed(allowFrom({ principals: ["*/sa/client"] }), "other.td/ns/bar/sa/client")).toBe(true);
    expect(allowed(allowFrom({ principals: ["*"] }), "anything/ns/a/sa/b")).toBe(true);
    expect(
      allowed(allowFrom({ principals: ["cluster.local/ns/foo/sa/other"] }), "cluster.local/ns/foo/sa/client"),
    ).toBe(false);
  });

  it("source.principal in when uses the same forms", () => {
    expect(
      allowed(allowWhen("source.principal", ["*/ns/foo/sa/client"]), "cluster.local/ns/foo/sa/client"),
    ).toBe(true);
    expect(
      allowed(
        allowWhen("source.principal", ["cluster.local/ns/foo/*"], ["*/sa/client"]),
        "cluster.local/ns/foo/sa/client",
      ),
    ).toBe(false);
  });
});

describe("plaintext callers have no identity (istio-semantics §2.4, rule 11)", () => {
  it("every positive identity field fails, even `*`", () => {
    for (const source of [
      { principals: ["*"] },
      { namespaces: ["*"] },
      { serviceAccounts: ["foo/client"] },
      { trustDomains: ["*"] },
    ]) {
      expect(allowed(allowFrom(source), null)).toBe(false);
    }
  });

  it("every negative identity field succeeds", () => {
    for (const source of [
      { notPrincipals: ["*"] },
      { notNamespaces: ["foo"] },
      { notServiceAccounts: ["foo/client"] },
      { notTrustDomains: ["*"] },
    ]) {
      expect(allowed(allowFrom(source), null)).toBe(true);
    }
  });

  it("notPrincipals: ['*'] is the idiom that allows only plaintext", () => {
    expect(allowed(allowFrom({ notPrincipals: ["*"] }), "cluster.local/ns/foo/sa/client")).toBe(false);
  });
});

describe("namespaces: regex .*/ns/<ns>/.* on the SAN (srcNamespaceGenerator)", () => {
  it("matches the identity's namespace segment; `*` inside is a wildcard", () => {
    expect(allowed(allowFrom({ namespaces: ["foo"] }), "cluster.local/ns/foo/sa/client")).toBe(true);
    expect(allowed(allowFrom({ namespaces: ["fo"] }), "cluster.local/ns/foo/sa/client")).toBe(false);
    expect(allowed(allowFrom({ namespaces: ["team-*"] }), "cluster.local/ns/team-a/sa/x")).toBe(true);
    expect(allowed(allowFrom({ namespaces: ["*-prod"] }), "cluster.local/ns/web-prod/sa/x")).toBe(true);
    expect(allowed(allowFrom({ namespaces: ["a*c"] }), "cluster.local/ns/abc/sa/x")).toBe(true);
  });

  it("source.namespace in when behaves the same", () => {
    expect(allowed(allowWhen("source.namespace", ["foo"]), "cluster.local/ns/foo/sa/client")).toBe(true);
    expect(allowed(allowWhen("source.namespace", ["bar"]), "cluster.local/ns/foo/sa/client")).toBe(false);
  });
});

describe("serviceAccounts: spiffe://.+/ns/<ns>/(.+/|)sa/<sa>(/.+)? (serviceAccountRegex)", () => {
  it("ns/sa, or sa in the policy's namespace", () => {
    expect(allowed(allowFrom({ serviceAccounts: ["foo/client"] }), "cluster.local/ns/foo/sa/client")).toBe(
      true,
    );
    expect(allowed(allowFrom({ serviceAccounts: ["client"] }), "cluster.local/ns/foo/sa/client")).toBe(true);
    expect(allowed(allowFrom({ serviceAccounts: ["client"] }), "cluster.local/ns/bar/sa/client")).toBe(false);
  });

  it("does not match a longer service account name, but allows extra segments", () => {
    expect(allowed(allowFrom({ serviceAccounts: ["foo/client"] }), "cluster.local/ns/foo/sa/client-2")).toBe(
      false,
    );
    expect(
      allowed(allowFrom({ serviceAccounts: ["foo/client"] }), "cluster.local/ns/foo/x/y/sa/client/z"),
    ).toBe(true);
  });

  it("source.serviceAccount in when", () => {
    expect(
      allowed(allowWhen("source.serviceAccount", ["foo/client"]), "cluster.local/ns/foo/sa/client"),
    ).toBe(true);
  });
});

describe("trustDomains (srcTrustDomainGenerator) and aliases (istio-semantics §2.7)", () => {
  it("exact is a `<td>/` prefix; `*` any peer; one `*` inside matches within the domain", () => {
    expect(allowed(allowFrom({ trustDomains: ["cluster.local"] }), "cluster.local/ns/foo/sa/client")).toBe(
      true,
    );
    expect(allowed(allowFrom({ trustDomains: ["cluster"] }), "cluster.local/ns/foo/sa/client")).toBe(false);
    expect(allowed(allowFrom({ trustDomains: ["*.local"] }), "cluster.local/ns/foo/sa/client")).toBe(true);
    expect(allowed(allowFrom({ notTrustDomains: ["bad*"] }), "badtd/ns/foo/sa/client")).toBe(false);
  });

  it("an aliased trust domain in principals matches every domain of the bundle", () => {
    const policy = allowFrom({ principals: ["old-td/ns/foo/sa/client"] });
    const bundle = { trustDomain: "new-td", trustDomainAliases: ["old-td"] };
    expect(allowed(policy, "new-td/ns/foo/sa/client", bundle)).toBe(true);
    expect(allowed(policy, "old-td/ns/foo/sa/client", bundle)).toBe(true);
    expect(allowed(policy, "new-td/ns/foo/sa/client")).toBe(false);
  });

  it("cluster.local points at the local trust domain: with trustDomain td1 it matches only td1 (rule 14)", () => {
    const policy = allowFrom({ principals: ["cluster.local/ns/foo/sa/client"] });
    expect(allowed(policy, "td1/ns/foo/sa/client", { trustDomain: "td1" })).toBe(true);
    expect(allowed(policy, "cluster.local/ns/foo/sa/client", { trustDomain: "td1" })).toBe(false);
  });

  it("trustDomains values in the bundle expand to every alias", () => {
    const policy = allowFrom({ trustDomains: ["td1"] });
    expect(allowed(policy, "td2/ns/foo/sa/client", { trustDomain: "td1", trustDomainAliases: ["td2"] })).toBe(
      true,
    );
    expect(allowed(policy, "td2/ns/foo/sa/client", { trustDomain: "td1" })).toBe(false);
  });

  it("a principal passed with spiffe:// is read without it and flagged", () => {
    const d = authorize(
      compileAuthorization([allowFrom({ principals: ["cluster.local/ns/foo/sa/client"] })], {
        enforcer: "sidecar",
      }),
      req({ principal: "spiffe://cluster.local/ns/foo/sa/client" }),
    );
    expect(d.decision).toBe("ALLOW");
    expect(d.diagnostics.map((x) => x.code)).toEqual(["MW6023"]);
  });
});
