import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAlreadyNormalized, normalizeRequestPath, pathNormalizer } from "./path-normalization";

const base = (p: string) => normalizeRequestPath(p, "BASE");

describe("Envoy path normalization before RBAC (istio-semantics §2.6)", () => {
  it("BASE resolves . and .. segments (RFC 3986)", () => {
    expect(base("/a/./b/../c")).toEqual({ ok: true, path: "/a/c" });
    expect(base("/a/b/..")).toEqual({ ok: true, path: "/a/" });
    expect(base("/../x")).toEqual({ ok: true, path: "/x" });
  });

  it("BASE decodes unreserved escapes once, so %2E%2E is a dot segment", () => {
    expect(base("/public/%2E%2E/admin")).toEqual({ ok: true, path: "/admin" });
    expect(base("/%61dmin")).toEqual({ ok: true, path: "/admin" });
    expect(base("/a%252E")).toEqual({ ok: true, path: "/a%252E" });
  });

  it("backslashes become slashes", () => {
    expect(base("/a\\..\\admin")).toEqual({ ok: true, path: "/admin" });
  });

  it("the query and fragment are not part of the matched path", () => {
    expect(base("/admin?x=/../y")).toEqual({ ok: true, path: "/admin" });
    expect(base("/a#frag")).toEqual({ ok: true, path: "/a" });
  });

  it("%2F and %5C stay encoded unless DECODE_AND_MERGE_SLASHES", () => {
    expect(base("/a%2Fb")).toEqual({ ok: true, path: "/a%2Fb" });
    expect(normalizeRequestPath("/a%2Fb", "DECODE_AND_MERGE_SLASHES")).toEqual({ ok: true, path: "/a/b" });
  });

  it("// is merged only with MERGE_SLASHES", () => {
    expect(base("//a//b")).toEqual({ ok: true, path: "//a//b" });
    expect(normalizeRequestPath("//a//b", "MERGE_SLASHES")).toEqual({ ok: true, path: "/a/b" });
  });

  it("NONE only strips the query", () => {
    expect(normalizeRequestPath("/a/../b?q", "NONE")).toEqual({ ok: true, path: "/a/../b" });
  });

  it("%00 in the path is rejected with 400", () => {
    expect(base("/a%00b").ok).toBe(false);
  });

  it("clean paths are recognised without work", () => {
    expect(isAlreadyNormalized("/api/v1/items", "BASE")).toBe(true);
    expect(isAlreadyNormalized("/api?x", "BASE")).toBe(false);
  });

  it("pathNormalizer remembers normalizeRequestPath's answers per mode, across its bound", () => {
    const modes = ["NONE", "BASE", "MERGE_SLASHES", "DECODE_AND_MERGE_SLASHES"] as const;
    expect(pathNormalizer("BASE")).toBe(pathNormalizer("BASE"));
    const path = fc.stringMatching(/^\/[a-z%2EF0./\\?#]{0,12}$/);
    fc.assert(
      fc.property(fc.constantFrom(...modes), fc.array(path, { maxLength: 20 }), (mode, paths) => {
        const normalize = pathNormalizer(mode);
        for (const p of [...paths, ...paths]) expect(normalize(p)).toEqual(normalizeRequestPath(p, mode));
      }),
    );
    // More distinct paths than the memo holds: answers stay right after it is cleared.
    const normalize = pathNormalizer("BASE");
    for (let i = 0; i < 5000; i++) expect(normalize(`/a/./${i}`)).toEqual({ ok: true, path: `/a/${i}` });
  });
});
