import { describe, expect, it } from "vitest";
import { IdentitySignature, mayMatchNamespace, mayMatchPrincipal } from "./identity-signature";

const WEB = "cluster.local/ns/shop/sa/web";

describe("which source identities an AuthorizationPolicy can tell apart (istio-semantics §2.2, §2.7)", () => {
  it("exact principals match with or without spiffe://, across trust domains (aliases, the cluster.local pointer)", () => {
    expect(mayMatchPrincipal(WEB, WEB)).toBe(true);
    expect(mayMatchPrincipal(`spiffe://${WEB}`, WEB)).toBe(true);
    expect(mayMatchPrincipal("td2/ns/shop/sa/web", WEB)).toBe(true);
    expect(mayMatchPrincipal("cluster.local/ns/shop/sa/api", WEB)).toBe(false);
  });

  it("prefix and suffix wildcards (Istio's string match) are tested, `*` alone never splits", () => {
    expect(mayMatchPrincipal("*/sa/web", WEB)).toBe(true);
    expect(mayMatchPrincipal("*/sa/api", WEB)).toBe(false);
    expect(mayMatchPrincipal("cluster.local/ns/shop/*", WEB)).toBe(true);
    expect(mayMatchPrincipal("cluster.local/ns/ops/*", WEB)).toBe(false);
    // A prefix ending inside the trust domain may match any principal through an alias.
    expect(mayMatchPrincipal("td*", WEB)).toBe(true);
    expect(mayMatchPrincipal("*", WEB)).toBe(false);
    expect(mayMatchNamespace("*", "shop")).toBe(false);
    expect(mayMatchNamespace("sh*", "shop")).toBe(true);
    expect(mayMatchNamespace("*op", "shop")).toBe(true);
    expect(mayMatchNamespace("ops", "shop")).toBe(false);
  });

  it("a signature mentions exactly the identities some value may match", () => {
    const signature = new IdentitySignature({
      principals: ["cluster.local/ns/shop/sa/web", "*"],
      namespaces: ["ops"],
      readsAddresses: false,
    });
    expect(signature.empty).toBe(false);
    expect(signature.mentions(WEB, "shop")).toBe(true);
    expect(signature.mentions("cluster.local/ns/ops/sa/curl", "ops")).toBe(true);
    expect(signature.mentions("cluster.local/ns/shop/sa/api", "shop")).toBe(false);
    expect(new IdentitySignature({ principals: ["*"], namespaces: ["*"], readsAddresses: false }).empty).toBe(
      true,
    );
  });
});
