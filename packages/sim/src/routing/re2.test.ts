import { describe, expect, it } from "vitest";
import { translateRe2 } from "./re2";

function matches(pattern: string, value: string): boolean {
  const t = translateRe2(pattern);
  if (!t.ok) throw new Error(t.reason);
  return t.regex.test(value);
}

describe("RE2 → JavaScript (Envoy safe_regex, full match)", () => {
  it("anchors: Envoy's safe_regex must match the whole value", () => {
    expect(matches("/api/v[0-9]+", "/api/v2")).toBe(true);
    expect(matches("/api/v[0-9]+", "/api/v2/users")).toBe(false);
  });
  it("rewrites \\A, \\z, (?P<name>…), \\Q…\\E and POSIX classes", () => {
    expect(matches("\\A/a\\z", "/a")).toBe(true);
    expect(matches("(?P<ver>v[12])/x", "v1/x")).toBe(true);
    expect(matches("\\Q/a.b\\E", "/a.b")).toBe(true);
    expect(matches("\\Q/a.b\\E", "/aXb")).toBe(false);
    expect(matches("[[:digit:]]+", "123")).toBe(true);
    expect(matches("[[:alpha:]_]+", "ab_c")).toBe(true);
  });
  it("applies a leading (?i) flag group", () => {
    expect(matches("(?i)/API", "/api")).toBe(true);
  });
  it("rejects what RE2 rejects (back-references, look-arounds)", () => {
    expect(translateRe2("(a)\\1")).toMatchObject({ ok: false, kind: "invalid" });
    expect(translateRe2("a(?=b)")).toMatchObject({ ok: false, kind: "invalid" });
  });
  it("flags RE2 syntax JavaScript cannot express as unsupported", () => {
    expect(translateRe2("(?U)a+")).toMatchObject({ ok: false, kind: "unsupported" });
    expect(translateRe2("a(?i:b)")).toMatchObject({ ok: false, kind: "unsupported" });
  });
  it("reports syntax errors as invalid", () => {
    expect(translateRe2("(unclosed")).toMatchObject({ ok: false, kind: "invalid" });
  });
});
