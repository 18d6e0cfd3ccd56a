/**
 * Splits a YAML stream into its documents by the `---` markers at column 0, without parsing: each
 * document can then be parsed (and, for a diagnostic, re-parsed) on its own.
 */

/** One document of a stream: `[start, end)` offsets, `start` at its `---` line when it has one. */
export interface DocumentSlice {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  /** Offset of the first line after the `---` marker line (equals `start` without a marker). */
  readonly bodyStart: number;
}

/** A directive line (`%YAML`) or a `...` document end marker (a multiline regex scans fastest). */
const FULL_PARSER_LINE = /^(?:%|\.\.\.(?:[ \t\r\n]|$))/m;
/** A `---` document marker line. */
const MARKER = /^---(?=[ \t\r\n]|$)/gm;

/** True when the stream uses directives (`%YAML`) or `...` end markers, which only the full YAML parser handles. */
export function needsFullStreamParser(text: string): boolean {
  return FULL_PARSER_LINE.test(text);
}

/**
 * The documents of `text`, in order. Content before the first `---` is a document only when it
 * holds something other than blank lines and comments, as the YAML parser counts them.
 */
export function splitDocuments(text: string): DocumentSlice[] {
  const markers: number[] = [];
  MARKER.lastIndex = 0;
  for (let match = MARKER.exec(text); match; match = MARKER.exec(text)) {
    // The regex's `^` also matches after \r, U+2028 and U+2029; YAML lines end at \n here.
    if (match.index === 0 || text.charCodeAt(match.index - 1) === 10) markers.push(match.index);
  }
  const slices: DocumentSlice[] = [];
  const firstMarker = markers.length > 0 ? markers[0]! : text.length;
  if (hasContent(text, 0, firstMarker)) {
    slices.push({ index: 0, start: 0, end: firstMarker, bodyStart: 0 });
  }
  for (let m = 0; m < markers.length; m++) {
    const start = markers[m]!;
    const end = m + 1 < markers.length ? markers[m + 1]! : text.length;
    const newline = text.indexOf("\n", start);
    const bodyStart = newline < 0 || newline >= end ? end : newline + 1;
    slices.push({ index: slices.length, start, end, bodyStart });
  }
  return slices;
}

/** Whether `[start, end)` holds anything but blank lines and comment lines. */
function hasContent(text: string, start: number, end: number): boolean {
  let atLineStart = true;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      atLineStart = true;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    if (c === 35 && atLineStart) {
      const newline = text.indexOf("\n", i);
      if (newline < 0 || newline >= end) return false;
      i = newline - 1;
      continue;
    }
    return true;
  }
  return false;
}

/**
 * Whether the `---` line of `slice` holds nothing but blanks or a comment (always true without a
 * marker). Content on the marker line (`--- !tag`, `--- |`, `--- - a`) is left to the reference
 * parser: js-yaml accepts block collections there, which YAML 1.2 (and `yaml`) reject.
 */
export function markerLineIsBare(text: string, slice: DocumentSlice): boolean {
  for (let i = slice.start + 3; i < slice.bodyStart; i++) {
    const c = text.charCodeAt(i);
    if (c === 35) return text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9;
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}
