/**
 * `paths` / `notPaths` values with `{*}` / `{**}` (istio-semantics §2.4): istiod turns them into
 * Envoy's uri_template matcher (`matcher/template.go`: `{*}` → `*`, `{**}` → `**`), which matches the
 * path without its query. `*` is one non-empty segment, `**` zero or more segments (slashes
 * included), so `/store/{**}/cart` matches `/store//cart` but not `/store/cart`.
 * Validation (`pkg/config/security/security.go` CheckValidPathTemplate) rejects `{**}` before another
 * operator, other braces, and literal segments outside RFC 3986 pchars.
 */
import { quoteMeta } from "./string-matchers";

/** `{*}` */
export const MATCH_ONE_TEMPLATE = "{*}";
/** `{**}` */
export const MATCH_ANY_TEMPLATE = "{**}";

/** Envoy uri_template literal characters (RFC 3986 pchar without `/`). */
const PCHARS = "a-zA-Z0-9\\-._~%!$&'()+,;:@=";
const VALID_LITERAL = /^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/;

/** True when the value uses a path template operator (`security.ContainsPathTemplate`). */
export function containsPathTemplate(value: string): boolean {
  return value.includes(MATCH_ONE_TEMPLATE) || value.includes(MATCH_ANY_TEMPLATE);
}

/** Why istiod's validation rejects the template, or null when it is valid. */
export function pathTemplateProblem(value: string): string | null {
  let seenMatchAny = false;
  for (const glob of value.replace(/^\/+|\/+$/g, "").split("/")) {
    if (glob === MATCH_ONE_TEMPLATE || glob === MATCH_ANY_TEMPLATE) {
      if (seenMatchAny) return "{**} is not the last operator";
      seenMatchAny = glob === MATCH_ANY_TEMPLATE;
      continue;
    }
    if (/[{}]/.test(glob)) return "contains '{' or '}' beyond a supported path template";
    if (!VALID_LITERAL.test(glob)) return `segment ${JSON.stringify(glob)} is not a valid literal`;
  }
  return null;
}

/** Compiles a valid template into a full-match regex source over the query-less path. */
export function pathTemplateRegex(value: string): string {
  return value
    .split(/(\{\*\*\}|\{\*\})/)
    .map((piece) =>
      piece === MATCH_ANY_TEMPLATE
        ? `[${PCHARS}/]*`
        : piece === MATCH_ONE_TEMPLATE
          ? `[${PCHARS}]+`
          : quoteMeta(piece),
    )
    .join("");
}
