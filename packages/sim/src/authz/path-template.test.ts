import { describe, expect, it } from "vitest";
import { pathTemplateProblem, pathTemplateRegex } from "./path-template";
import { regexMatcher } from "./string-matchers";

const matches = (template: string, path: string) => regexMatcher(pathTemplateRegex(template))(path);

describe("path templates {*} and {**} (matcher/template.go, Envoy uri_template)", () => {
  it("{*} is exactly one non-empty segment", () => {
    expect(matches("/foo/{*}/bar", "/foo/x/bar")).toBe(true);
    expect(matches("/foo/{*}/bar", "/foo//bar")).toBe(false);
    expect(matches("/foo/{*}/bar", "/foo/x/y/bar")).toBe(false);
  });

  it("{**} is zero or more segments: /store/{**}/cart matches /store//cart but not /store/cart", () => {
    expect(matches("/store/{**}/cart", "/store/a/b/cart")).toBe(true);
    expect(matches("/store/{**}/cart", "/store//cart")).toBe(true);
    expect(matches("/store/{**}/cart", "/store/cart")).toBe(false);
  });

  it("a trailing {**} needs the slash before it", () => {
    expect(matches("/allow/admin/{**}", "/allow/admin/")).toBe(true);
    expect(matches("/allow/admin/{**}", "/allow/admin/x/y")).toBe(true);
    expect(matches("/allow/admin/{**}", "/allow/admin")).toBe(false);
  });

  it("validation: {**} must be the last operator; no other braces; literals are pchars", () => {
    expect(pathTemplateProblem("/{**}/{*}")).toMatch(/last operator/);
    expect(pathTemplateProblem("/{*}/{**}")).toBeNull();
    expect(pathTemplateProblem("/{x}/{*}")).toMatch(/beyond/);
    expect(pathTemplateProblem("/a b/{*}")).toMatch(/literal/);
  });
});
