/**
 * Envoy's string matchers (exact, prefix, suffix, safe_regex, present) as compiled predicates, and
 * Istio's value forms on top of them (`pilot/pkg/security/authz/matcher/string.go`, `header.go`):
 * `*` alone, a single leading `*` (suffix) or a single trailing `*` (prefix); anything else is exact.
 * Case-insensitive (host) matching runs on the request host lower-cased once, ASCII only, as absl's
 * EqualsIgnoreCase folds.
 */

/** A compiled test on one string. */
export type StringPredicate = (value: string) => boolean;

/** Prefix match (`StringMatcherPrefix`). */
export function prefixMatcher(prefix: string): StringPredicate {
  return (value) => value.startsWith(prefix);
}

/** Suffix match (`StringMatcherSuffix`). */
export function suffixMatcher(suffix: string): StringPredicate {
  return (value) => value.endsWith(suffix);
}

function lowerAsciiLetter(letter: string): string {
  return String.fromCharCode(letter.charCodeAt(0) + 32);
}

/**
 * ASCII-only lower case, as Envoy's `ignore_case` folds (absl::EqualsIgnoreCase); the string itself
 * when it has no upper-case ASCII letter, so the common case allocates nothing.
 */
export function asciiLowerCase(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) return text.replace(/[A-Z]/g, lowerAsciiLetter);
  }
  return text;
}

/** Escapes regex metacharacters, like Go's regexp.QuoteMeta. */
export function quoteMeta(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** Envoy `safe_regex` (RE2): the whole value must match. Built once. */
export function regexMatcher(source: string): StringPredicate {
  const regex = new RegExp(`^(?:${source})$`);
  return (value) => regex.test(value);
}

/**
 * Istio's generic value form (`matcher.StringMatcher`, i.e. StringMatcherWithPrefix without prefix):
 * `*` → regex `.+` (present and non-empty); `*x` → suffix `x`; `x*` → prefix `x`; otherwise exact.
 * The principal forms with the `spiffe://` prefix live in identity-matchers.
 */
export function istioValueMatcher(value: string): StringPredicate {
  if (value === "*") return (candidate) => candidate.length > 0;
  if (value.startsWith("*")) return suffixMatcher(value.slice(1));
  if (value.endsWith("*")) return prefixMatcher(value.slice(0, -1));
  return (candidate) => candidate === value;
}

/** A compiled value: an exact string (looked up with the other exact ones) or any other predicate. */
export type ValueTest = { readonly exact: string } | StringPredicate;

/** Always true: the `*` presence form once the value is known to be there. */
export const ANY_STRING: StringPredicate = () => true;

/** One predicate for a list of values: the exact ones looked up, the others tried in order. */
export function anyOfValues(tests: readonly ValueTest[]): StringPredicate {
  const exact = new Set<string>();
  const others: StringPredicate[] = [];
  for (const t of tests) {
    if (typeof t === "function") others.push(t);
    else exact.add(t.exact);
  }
  if (others.includes(ANY_STRING)) return ANY_STRING;
  const isExact = exactMatcher([...exact]);
  if (others.length === 0) return isExact;
  if (exact.size === 0 && others.length === 1) return others[0]!;
  return (value) => {
    if (isExact(value)) return true;
    for (const p of others) if (p(value)) return true;
    return false;
  };
}

/** Lists up to this long are compared in turn: cheaper than hashing the request's string. */
const SHORT_LIST = 4;

/** Membership in a list of exact values (methods, principals, hosts...). */
function exactMatcher(values: readonly string[]): StringPredicate {
  if (values.length === 1) {
    const only = values[0];
    return (value) => value === only;
  }
  if (values.length <= SHORT_LIST) {
    return (value) => {
      for (let i = 0; i < values.length; i++) if (values[i] === value) return true;
      return false;
    };
  }
  const set = new Set(values);
  return (value) => set.has(value);
}

/** `istioValueMatcher` as a ValueTest (exact values stay plain strings). */
export function istioValueTest(value: string): ValueTest {
  return value !== "*" && !value.startsWith("*") && !value.endsWith("*")
    ? { exact: value }
    : istioValueMatcher(value);
}

/**
 * The header form (`matcher.HeaderMatcher`) as a ValueTest on a present value: `*` → present (any
 * value, even empty), `*x` suffix, `x*` prefix, otherwise exact.
 */
export function headerValueTest(value: string): ValueTest {
  if (value === "*") return ANY_STRING;
  if (value.startsWith("*")) return suffixMatcher(value.slice(1));
  if (value.endsWith("*")) return prefixMatcher(value.slice(0, -1));
  return { exact: value };
}

/**
 * The host form (`matcher.HostMatcher`: the header form with ignore_case) as a ValueTest on the
 * ASCII-lower-cased host, so exact hosts are a Set lookup.
 */
export function hostValueTest(value: string): ValueTest {
  return headerValueTest(asciiLowerCase(value));
}
