/**
 * JSON paths inside a YAML document or object, kept as segments (`["spec", "ports", 0]`) while
 * meshwright works and rendered as `$.spec.ports[0]` in diagnostics.
 */

/** One step into an object (a key) or an array (an index). */
export type PathSegment = string | number;

/** A path from a document's or object's root: `[]` is the root itself. */
export type JsonPath = readonly PathSegment[];

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Renders `["spec", "rules", 0, "from"]` as `$.spec.rules[0].from` (keys that need it are quoted: `$.metadata.labels["app.kubernetes.io/name"]`). */
export function formatPath(path: JsonPath): string {
  let out = "$";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Parses a path written by `formatPath` (or a plain `$.a.b[0]` path from elsewhere) back into
 * segments; `undefined` when the text is not such a path.
 */
export function parsePath(text: string): JsonPath | undefined {
  if (!text.startsWith("$")) return undefined;
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === ".") {
      let j = i + 1;
      while (j < text.length && text[j] !== "." && text[j] !== "[") j++;
      if (j === i + 1) return undefined;
      segments.push(text.slice(i + 1, j));
      i = j;
    } else if (c === "[") {
      const close = closingBracket(text, i);
      if (close < 0) return undefined;
      const inner = text.slice(i + 1, close);
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (inner.startsWith('"')) {
        try {
          segments.push(JSON.parse(inner) as string);
        } catch {
          return undefined;
        }
      } else return undefined;
      i = close + 1;
    } else return undefined;
  }
  return segments;
}

/** Index of the `]` closing the bracket at `open`, skipping over a JSON-quoted key. */
function closingBracket(text: string, open: number): number {
  if (text[open + 1] !== '"') return text.indexOf("]", open);
  let i = open + 2;
  while (i < text.length) {
    if (text[i] === "\\") i += 2;
    else if (text[i] === '"') return text[i + 1] === "]" ? i + 1 : -1;
    else i++;
  }
  return -1;
}

/**
 * Converts a JSON Pointer (`/spec/rules/0`, as ajv reports it) into segments, using the data to
 * tell array indices from object keys that happen to be digits.
 */
export function pointerToPath(pointer: string, data: unknown): JsonPath {
  if (pointer === "") return [];
  const segments: PathSegment[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(current) && /^\d+$/.test(key)) {
      segments.push(Number(key));
      current = current[Number(key)];
    } else {
      segments.push(key);
      current =
        current !== null && typeof current === "object"
          ? (current as Record<string, unknown>)[key]
          : undefined;
    }
  }
  return segments;
}
