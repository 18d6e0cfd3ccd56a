/**
 * The js-yaml schema the loader reads manifests with: plain scalars resolve exactly as the `yaml`
 * package resolves them by default, by the YAML 1.2 core schema (`yaml/dist/schema/core/schema.js`:
 * null, bool, int oct/dec/hex, float nan/inf, exp, fixed). js-yaml's own `CORE_SCHEMA` is close
 * but not equal (it also reads `0b1`, `1_000`, `-0x1F` and `+.5_0` as numbers), and its
 * `DEFAULT_SCHEMA` adds YAML 1.1 leftovers (timestamps, `<<` merge keys). So the resolution is
 * not written here: it is taken from `yaml`'s own core tags (their `test` patterns, in their
 * order, and their `resolve` functions), which keeps both parsers agreeing by construction.
 *
 * Consequences, as under `yaml`'s YAML 1.2 defaults: `yes`/`no`/`on`/`off` and `2001-12-14` stay
 * strings, `0o10` is 8 and `010` is 10, and `<<` is an ordinary key (no merge).
 */
import { FAILSAFE_SCHEMA, type Schema as JsYamlSchema, Type } from "js-yaml";
import { isScalar, type ScalarTag, Schema } from "yaml";

/** A core tag that plain scalars resolve to implicitly (it has a `test` pattern). */
type ImplicitTag = ScalarTag & { readonly test: RegExp };

/** `yaml`'s core tags that apply to untagged plain scalars, in the order `yaml` tries them. */
const IMPLICIT_TAGS: readonly ImplicitTag[] = new Schema({ schema: "core" }).tags.filter(
  (tag): tag is ImplicitTag => tag.default === true && "test" in tag && tag.test instanceof RegExp,
);

/** Longest plain scalar that resolves to null or a boolean (`false`). */
const LONGEST_WORD = 5;

/**
 * Whether a plain scalar could match a core tag at all: numbers start with a digit, a sign or a
 * dot; null and booleans are `~` or short words starting with n, t or f. Anything else (most keys
 * and values of a manifest) is a string, decided without running the tags' patterns.
 * `core-schema.test.ts` checks this against strings generated from every tag's pattern.
 */
export function mayResolveToNonString(text: string): boolean {
  const c = text.charCodeAt(0);
  // 0-9 + - .
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) return true;
  // ~ n N t T f F
  const word = c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70;
  return word && text.length <= LONGEST_WORD;
}

/** What `yaml`'s `toJS()` produced by default: numbers, never BigInts. */
const RESOLVE_OPTIONS = { intAsBigInt: false } as const;

/** The core tag an untagged plain scalar resolves to, or `undefined` for a string. */
export function implicitTagOf(text: string): ImplicitTag | undefined {
  if (text.length > 0 && !mayResolveToNonString(text)) return undefined;
  for (const tag of IMPLICIT_TAGS) if (tag.test.test(text)) return tag;
  return undefined;
}

/** The value `yaml` gives an untagged plain scalar (the text itself when it is a string). */
export function resolvePlainScalar(text: string): unknown {
  const tag = implicitTagOf(text);
  return tag ? resolveWith(tag, text) : text;
}

function resolveWith(tag: ImplicitTag, text: string): unknown {
  const resolved = tag.resolve(text, rejectResolution, RESOLVE_OPTIONS);
  return isScalar(resolved) ? resolved.value : resolved;
}

/** A core tag that cannot resolve its text: throwing makes the loader ask `yaml` itself. */
function rejectResolution(message: string): never {
  throw new Error(message);
}

/**
 * js-yaml asks a type to `resolve` a scalar and, when it does, at once to `construct` it: the tag
 * found by the first call is kept for the second (keyed by the text, so a mismatch recomputes).
 */
let lastResolved: { text: string; tag: ImplicitTag } | undefined;

/**
 * One implicit js-yaml type for all of `yaml`'s core tags: js-yaml tries each implicit type on
 * every plain scalar, so a single type with a quick pre-check keeps strings (most scalars of a
 * manifest) to a comparison or two. Explicitly tagged nodes never reach this schema's users: the
 * loader hands documents with tags to `yaml` (see `reference-only-syntax.ts`).
 */
const CORE_SCALAR = new Type("tag:yaml.org,2002:core-scalar", {
  kind: "scalar",
  resolve: (data: string | null): boolean => {
    const tag = data === null ? undefined : implicitTagOf(data);
    if (tag) lastResolved = { text: data!, tag };
    return tag !== undefined;
  },
  construct: (data: string): unknown => {
    const tag = lastResolved?.text === data ? lastResolved.tag : implicitTagOf(data);
    return tag ? resolveWith(tag, data) : data;
  },
});

/** The js-yaml schema equal to `yaml`'s default YAML 1.2 core schema (strings, seqs, maps + core scalars). */
export const CORE_SCHEMA: JsYamlSchema = FAILSAFE_SCHEMA.extend({ implicit: [CORE_SCALAR] });
