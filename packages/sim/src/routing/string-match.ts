import type { Diagnostic } from "@meshwright/core";
import { routingDiagnostic } from "./codes";
import { translateRe2 } from "./re2";
import { type ReadContext, readRecord, readString } from "./spec-reader";

/**
 * An Istio `StringMatch` compiled for evaluation (`pilot/pkg/networking/util` ConvertToEnvoyMatch,
 * `route.go` translateHeaderMatch): `exact`, `prefix`, `regex` (RE2, full match), or `present` —
 * Istio turns `regex: "*"` and an empty StringMatch into a presence check (istio/istio#20629).
 * `never` stands for a regex the simulator cannot evaluate (reported once, treated as no match).
 */
export type StringMatcher =
  | { readonly kind: "exact" | "prefix"; readonly value: string }
  | { readonly kind: "regex"; readonly value: string; readonly regex: RegExp }
  | { readonly kind: "present" }
  | { readonly kind: "never"; readonly value: string };

/** Reads a StringMatch object at `path`; `undefined` when absent. */
export function readStringMatch(ctx: ReadContext, value: unknown, path: string): StringMatcher | undefined {
  const record = readRecord(ctx, value, path);
  if (record === undefined) return undefined;
  const exact = readString(ctx, record.exact, `${path}.exact`);
  if (exact !== undefined) return { kind: "exact", value: exact };
  const prefix = readString(ctx, record.prefix, `${path}.prefix`);
  if (prefix !== undefined) return { kind: "prefix", value: prefix };
  const regex = readString(ctx, record.regex, `${path}.regex`);
  if (regex === undefined || regex === "*") return { kind: "present" };
  return compileRegex(regex, path, ctx);
}

function compileRegex(regex: string, path: string, ctx: ReadContext): StringMatcher {
  const translated = translateRe2(regex);
  if (translated.ok) return { kind: "regex", value: regex, regex: translated.regex };
  const diagnostic: Diagnostic = routingDiagnostic(
    translated.kind === "invalid" ? "VS_REGEX_INVALID" : "VS_REGEX_UNSUPPORTED",
    {
      message: `${ctx.object}: regex ${JSON.stringify(regex)} ${translated.kind === "invalid" ? "is not valid RE2" : "uses RE2 syntax the simulator cannot evaluate"} (${translated.reason})`,
      path: `${path}.regex`,
      found: regex,
      ...(ctx.cluster !== undefined ? { cluster: ctx.cluster } : {}),
    },
  );
  ctx.diagnostics.push(diagnostic);
  return { kind: "never", value: regex };
}

/**
 * Evaluates a matcher on a value (`undefined` = absent). Exact and prefix compare case-sensitively
 * unless `ignoreCase` (only VirtualService `ignoreUriCase` sets it, and Envoy ignores it for regex:
 * `RouteMatch.case_sensitive` "is ignored for safe_regex matching").
 */
export function stringMatches(
  matcher: StringMatcher,
  value: string | undefined,
  ignoreCase = false,
): boolean {
  if (value === undefined) return false;
  switch (matcher.kind) {
    case "present":
      return true;
    case "exact":
      return ignoreCase ? value.toLowerCase() === matcher.value.toLowerCase() : value === matcher.value;
    case "prefix":
      return ignoreCase
        ? value.toLowerCase().startsWith(matcher.value.toLowerCase())
        : value.startsWith(matcher.value);
    case "regex":
      return matcher.regex.test(value);
    case "never":
      return false;
  }
}

/** `exact: "/a"`, `prefix: "/a"`, `regex: "..."` or `present`, for explanations. */
export function describeMatcher(matcher: StringMatcher): string {
  return matcher.kind === "present" ? "present" : `${matcher.kind} ${JSON.stringify(matcher.value)}`;
}
