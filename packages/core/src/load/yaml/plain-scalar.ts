/**
 * Resolution of plain (unquoted) scalars by the YAML 1.2 core schema, exactly as the `yaml`
 * package resolves them by default (`yaml/dist/schema/core`: null, bool, int oct/dec/hex, float
 * nan/inf, exp, fixed), so the fast path and the full parser agree on every value.
 */

const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_DEC = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN_INF = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A resolved plain scalar: what `yaml`'s `toJS()` yields for it. */
export type PlainValue = string | number | boolean | null;

/** Resolves a non-empty plain scalar (the text already trimmed) to its core-schema value. */
export function resolvePlainScalar(text: string): PlainValue {
  const c = text.charCodeAt(0);
  // Only scalars starting with these characters can be anything but a string: skip the regexes otherwise.
  const digit = c >= 48 && c <= 57;
  if (!digit && c !== 43 && c !== 45 && c !== 46 && c !== 126 && !"nNtTfF".includes(text[0]!)) return text;
  if (digit && isDecimalDigits(text)) return Number.parseInt(text, 10);
  if (digit && !mayBeNumber(text)) return text;
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === "t" || text[0] === "T";
  if (INT_OCT.test(text)) return Number.parseInt(text.slice(2), 8);
  if (INT_DEC.test(text)) return Number.parseInt(text, 10);
  if (INT_HEX.test(text)) return Number.parseInt(text.slice(2), 16);
  if (FLOAT_NAN_INF.test(text)) {
    if (text.slice(-3).toLowerCase() === "nan") return Number.NaN;
    return text[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return Number.parseFloat(text);
  return text;
}

function isDecimalDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Whether every character could belong to a core-schema number (digits, sign, '.', exponent, hex, 'o'). */
function mayBeNumber(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 32; // ASCII lower case
    const ok =
      (c >= 48 && c <= 57) ||
      c === 46 ||
      c === 43 ||
      c === 45 ||
      (c >= 97 && c <= 102) ||
      c === 120 ||
      c === 111;
    if (!ok) return false;
  }
  return true;
}

/**
 * The object key a plain scalar becomes in `toJS()`: its value as a string, `""` for null
 * (`yaml/dist/nodes/addPairToJSMap.js` stringifyKey).
 */
export function plainKey(text: string): string {
  const value = resolvePlainScalar(text);
  return value === null ? "" : String(value);
}
