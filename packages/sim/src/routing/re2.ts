/**
 * Translation of the RE2 expressions Istio passes to Envoy's `safe_regex` matchers into JavaScript
 * `RegExp`s. Envoy's safe_regex must match the *whole* value (path without query, header value), so
 * the result is anchored. RE2 syntax JavaScript lacks is rewritten (`\A`, `\z`, `(?P<name>…)`,
 * `\Q…\E`, POSIX classes, leading `(?flags)`, `\pL`); constructs RE2 rejects (back-references,
 * look-arounds) make the expression invalid, as Envoy would reject the route; anything else
 * JavaScript cannot express is reported as unsupported.
 */
export type Re2Translation =
  | { readonly ok: true; readonly regex: RegExp; readonly source: string }
  | { readonly ok: false; readonly kind: "invalid" | "unsupported"; readonly reason: string };

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-/:-@[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

/** Translates one RE2 expression; `ignoreCase` adds the `i` flag (unused by Envoy's path regex). */
export function translateRe2(pattern: string, ignoreCase = false): Re2Translation {
  const flags = new Set<string>(ignoreCase ? ["i"] : []);
  let body = pattern;
  // A leading flag group `(?i)`, `(?s)`, `(?is)` applies to the whole expression.
  const leading = /^\(\?([imsU]+)\)/.exec(body);
  if (leading) {
    if (leading[1]!.includes("U")) return unsupported("ungreedy flag (?U)");
    for (const f of leading[1]!) flags.add(f);
    body = body.slice(leading[0].length);
  }
  if (/\\[1-9]/.test(stripClasses(body))) return invalid("back-references are not RE2 syntax");
  if (/\(\?<?[=!]/.test(body)) return invalid("look-arounds are not RE2 syntax");
  if (/\(\?[imsU-]+[:)]/.test(body)) return unsupported("inline flag groups inside the expression");
  if (/\\C/.test(body)) return unsupported("\\C (any byte)");
  let out = "";
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === "\\") {
      const next = body[i + 1];
      if (next === undefined) return invalid("trailing backslash");
      if (next === "A" && !inClass) {
        out += "^";
        i++;
      } else if (next === "z" && !inClass) {
        out += "$";
        i++;
      } else if (next === "Q") {
        const end = body.indexOf("\\E", i + 2);
        const literal = end < 0 ? body.slice(i + 2) : body.slice(i + 2, end);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
        i = end < 0 ? body.length : end + 1;
      } else if (next === "p" || next === "P") {
        const brace = body[i + 2] === "{";
        const name = brace ? body.slice(i + 3, body.indexOf("}", i + 3)) : body[i + 2];
        if (name === undefined || name === "") return invalid("empty Unicode class");
        out += `\\${next}{${name}}`;
        flags.add("u");
        i += brace ? name.length + 3 : 2;
      } else {
        out += ch + next;
        i++;
      }
    } else if (inClass && body.startsWith("[:", i)) {
      // A POSIX class is only valid inside a bracket expression: `[[:alpha:]_]`.
      const end = body.indexOf(":]", i);
      const name = end < 0 ? undefined : body.slice(i + 2, end);
      if (name?.startsWith("^")) return unsupported("negated POSIX class inside a bracket expression");
      const range = name === undefined ? undefined : POSIX_CLASSES[name];
      if (range === undefined) return invalid(`unknown POSIX class in ${body.slice(i, i + 12)}`);
      out += range;
      i = end + 1;
    } else if (ch === "[" && !inClass) {
      inClass = true;
      out += ch;
      // A `]` (or `^]`) right after the opening bracket is a literal in RE2 and must be escaped for JS.
      if (body[i + 1] === "^") {
        out += "^";
        i++;
      }
      if (body[i + 1] === "]") {
        out += "\\]";
        i++;
      }
    } else if (ch === "]" && inClass) {
      inClass = false;
      out += ch;
    } else if (ch === "(" && body.startsWith("(?P<", i)) {
      out += "(?<";
      i += 3;
    } else out += ch;
  }
  const source = `^(?:${out})$`;
  try {
    return { ok: true, regex: new RegExp(source, [...flags].join("")), source };
  } catch (error) {
    return invalid(error instanceof Error ? error.message : String(error));
  }
}

/** Removes bracket expressions so their contents are not mistaken for escapes outside them. */
function stripClasses(body: string): string {
  return body.replace(/\[(?:\\.|[^\]\\])*\]/g, "[]");
}

function invalid(reason: string): Re2Translation {
  return { ok: false, kind: "invalid", reason };
}

function unsupported(reason: string): Re2Translation {
  return { ok: false, kind: "unsupported", reason };
}
