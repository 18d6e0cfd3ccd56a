/**
 * Breaks `text` into lines of at most `width` characters at spaces, so long symptoms and hostnames
 * stay readable inside boxes and on arrows. A word longer than `width` keeps a line of its own
 * (it is never cut: hostnames and SNIs must stay copyable). Deterministic, no trailing spaces.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (line.length === 0) line = word;
    else if (line.length + 1 + word.length <= width) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}
