/**
 * Mermaid label text. Labels are written as quoted strings (`["..."]`, `|"..."|`); inside them Mermaid
 * still reads `"` (end of string), `#...;` (its entity syntax), `|` (end of an edge label) and HTML
 * (`<`, `>`, `&`) and a backtick (a Markdown string), so each of those characters is written as
 * Mermaid's numeric entity `#<code>;`. Brackets and parentheses need nothing: the string is quoted.
 * Lines are joined with `<br/>`, the line break Mermaid renders in every label.
 */

/** Characters that cannot appear as themselves in a quoted Mermaid label. */
const SPECIAL = /["#&<>|`]/g;

/** Control characters (newlines included) never belong in one label line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** `line` with control characters (which would break the line structure) turned into spaces. */
export function singleLine(line: string): string {
  return line.replace(CONTROL, " ");
}

/** Anything `mermaidLine` must rewrite (tested first: most names need nothing). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
const NEEDS_ESCAPE = /["#&<>|`\u0000-\u001f\u007f]/;

/** One line of label text, escaped for a quoted Mermaid string. */
export function mermaidLine(line: string): string {
  if (!NEEDS_ESCAPE.test(line)) return line;
  return singleLine(line).replace(SPECIAL, (c) => `#${c.charCodeAt(0)};`);
}

/** A multi-line label as the body of a quoted Mermaid string. */
export function mermaidLabel(lines: readonly string[]): string {
  return lines.map(mermaidLine).join("<br/>");
}
