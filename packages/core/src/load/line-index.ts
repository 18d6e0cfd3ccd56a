/**
 * Offset → line/column, computed only when a diagnostic needs a position: the loader keeps byte
 * offsets while it parses (the benchmark parses tens of megabytes) and builds a file's line table
 * the first time one of its positions is asked for.
 */

/** 1-based line and column of a position. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** Start offset of every line of `text` (line 1 starts at 0). */
export function lineStarts(text: string): Uint32Array {
  let count = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
  const starts = new Uint32Array(count);
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts[line++] = i + 1;
  return starts;
}

/** The 1-based line and column (in UTF-16 code units, as editors count) of `offset`. */
export function lineColumnAt(starts: Uint32Array, offset: number): LineColumn {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}
