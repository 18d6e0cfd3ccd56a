/**
 * DOT strings. Every id and label is written as a double-quoted DOT string, where `"` and `\` must
 * be escaped; a backslash is doubled so Graphviz never reads user text as one of its own escapes
 * (`\N` node name, `\G` graph name, `\l` left-justified line).
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** Anything `dotLine` must rewrite (tested first: most names need nothing). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
const NEEDS_ESCAPE = /[\u0000-\u001f\u007f\\"]/;

/** One line of text as the inside of a DOT string. */
function dotLine(line: string): string {
  if (!NEEDS_ESCAPE.test(line)) return line;
  return line.replace(CONTROL, " ").replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

/** `text` as a quoted DOT string (ids, colours, single-line attributes). */
export function dotString(text: string): string {
  return `"${dotLine(text)}"`;
}

/**
 * A multi-line label as a quoted DOT string: lines centred (`\n` between them), or each ended by
 * `\l`, which left-justifies it (box titles).
 */
export function dotLabel(lines: readonly string[], justify: "center" | "left" = "center"): string {
  return justify === "left"
    ? `"${lines.map((line) => `${dotLine(line)}\\l`).join("")}"`
    : `"${lines.map(dotLine).join("\\n")}"`;
}
