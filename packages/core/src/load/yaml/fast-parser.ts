/**
 * A fast parser for the subset of YAML that Kubernetes manifests are written in: block mappings and
 * sequences, plain / single-quoted / double-quoted single-line scalars, literal block scalars
 * (`|`, `|-`), single-line flow collections and comments.
 *
 * Why it exists: the `yaml` package (which stays the reference parser) reads about 1.5 MB/s on the
 * 2-core target machine, so the 50 MB load benchmark would take half a minute. Whenever this parser
 * meets anything outside its subset, or anything it is not sure about (anchors, tags, multi-line
 * scalars, folded scalars, duplicate keys, tabs, control characters...), it gives up on that document
 * (`FastPathUnsupported`) and the loader parses the document with `yaml` instead. It never reports a
 * syntax error itself. A property test checks that whenever it returns a value, `yaml` parses the
 * same text without error to a deep-equal value.
 */

import { type PlainValue, plainKey, resolvePlainScalar } from "./plain-scalar";
import type { PositionNode } from "./positions";
import { ScalarCache } from "./scalar-cache";

/** Thrown when the document is outside the fast subset: the caller re-parses it with `yaml`. */
export class FastPathUnsupported extends Error {
  constructor(readonly offset: number) {
    super("outside the fast YAML subset");
  }
}

/** Thrown when nesting exceeds the limit (a hostile or broken document, never a real manifest). */
export class NestingTooDeep extends Error {
  constructor(readonly offset: number) {
    super("nesting too deep");
  }
}

/** Keys and short plain values repeat across manifests: each is sliced and resolved once (per cache generation). */
const KEYS = new ScalarCache<string>();
const VALUES = new ScalarCache<PlainValue>();

/** Nesting depth beyond which a document is rejected (real manifests stay well under 30). */
export const MAX_NESTING_DEPTH = 200;

/** Longest implicit key YAML allows (YAML 1.2 §7.4.2). */
const MAX_IMPLICIT_KEY = 1024;

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const CR = 13;

/** Result of parsing one document body. */
export interface FastParseResult {
  /** The document's value (`undefined` for a document with only comments and blank lines). */
  readonly value: unknown;
  /** Node offsets, when asked for. */
  readonly positions?: PositionNode;
}

/**
 * Parses `text[start, end)` as one YAML document body (after its `---` line). Throws
 * `FastPathUnsupported` or `NestingTooDeep`; never returns a partial value.
 */
export function fastParseDocument(
  text: string,
  start: number,
  end: number,
  withPositions = false,
): FastParseResult {
  return new FastParser(text, start, end, withPositions).parse();
}

/** Characters that cannot start a plain scalar (YAML c-indicator), `-`, `?` and `:` handled apart. */
function isIndicatorStart(c: number): boolean {
  // , [ ] { } # & * ! | > ' " % @ `
  return (
    c === 44 ||
    c === 91 ||
    c === 93 ||
    c === 123 ||
    c === 125 ||
    c === 35 ||
    c === 38 ||
    c === 42 ||
    c === 33 ||
    c === 124 ||
    c === 62 ||
    c === 39 ||
    c === 34 ||
    c === 37 ||
    c === 64 ||
    c === 96
  );
}

/** Characters the fast path refuses anywhere (control characters, tabs, surrogates, BOM, non-characters). */
function isSuspicious(c: number): boolean {
  return c < 32 || (c >= 127 && (c <= 159 || (c >= 0xd800 && c <= 0xdfff) || c === 0xfeff || c >= 0xfffe));
}

class FastParser {
  /** Start of the current content line. */
  private lineStart = 0;
  /** End of the current line's content (before `\r\n` / `\n`). */
  private lineEnd = 0;
  /** Start of the line after the current one. */
  private nextLine = 0;
  /** Indentation of the current content line; -1 at the end of the document. */
  private indent = -1;
  /** Positions of the last value parsed (only with positions). */
  private lastPosition: PositionNode | undefined;
  /** The key `readKey` read last, and the offset after its `:`. */
  private keyName = "";
  private keyEnd = 0;

  constructor(
    private readonly text: string,
    private readonly start: number,
    private readonly end: number,
    private readonly withPositions: boolean,
  ) {}

  parse(): FastParseResult {
    this.seekContent(this.start);
    if (this.indent < 0) return { value: undefined };
    const value = this.blockNode(0);
    if (this.indent >= 0) this.unsupported(this.lineStart);
    return this.withPositions ? { value, positions: this.lastPosition! } : { value };
  }

  private unsupported(offset: number): never {
    throw new FastPathUnsupported(offset);
  }

  /** Moves to the next line with content at or after `from`, skipping blank and comment lines. */
  private seekContent(from: number): void {
    const { text, end } = this;
    let p = from;
    while (p < end) {
      let newline = text.indexOf("\n", p);
      if (newline < 0 || newline >= end) newline = end;
      let lineEnd = newline;
      if (lineEnd > p && text.charCodeAt(lineEnd - 1) === CR) lineEnd--;
      let i = p;
      while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
      if (i < lineEnd) {
        if (text.charCodeAt(i) !== HASH) {
          this.lineStart = p;
          this.lineEnd = lineEnd;
          this.nextLine = newline + 1;
          this.indent = i - p;
          return;
        }
        this.checkComment(i + 1, lineEnd);
      }
      p = newline + 1;
    }
    this.indent = -1;
    this.lineStart = end;
  }

  /** Comments may hold anything printable; anything else goes to the full parser. */
  private checkComment(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const c = this.text.charCodeAt(i);
      if (c !== 9 && isSuspicious(c)) this.unsupported(i);
    }
  }

  /** Rest of the current line from `p` must be blank or a comment (preceded by a space). */
  private expectLineRestEmpty(p: number): void {
    const { text } = this;
    let i = p;
    while (i < this.lineEnd && text.charCodeAt(i) === SPACE) i++;
    if (i === this.lineEnd) return;
    if (text.charCodeAt(i) !== HASH || i === p) this.unsupported(i);
    this.checkComment(i + 1, this.lineEnd);
  }

  /** Whether the `-` at `p` is a sequence entry indicator (followed by a space or the line end). */
  private isSequenceDash(p: number): boolean {
    return (
      this.text.charCodeAt(p) === DASH && (p + 1 === this.lineEnd || this.text.charCodeAt(p + 1) === SPACE)
    );
  }

  /** A block mapping or sequence starting on the current line (a scalar alone on a line is unsupported). */
  private blockNode(depth: number): unknown {
    if (depth > MAX_NESTING_DEPTH) throw new NestingTooDeep(this.lineStart);
    const p = this.lineStart + this.indent;
    if (this.isSequenceDash(p)) return this.sequence(this.indent, depth);
    if (!this.readKey(p)) this.unsupported(p);
    return this.mapping(this.indent, p, depth);
  }

  /** A block sequence whose `-` indicators sit at column `indent`. */
  private sequence(indent: number, depth: number): unknown[] {
    const { text } = this;
    const items: unknown[] = [];
    const children = this.withPositions ? new Map<number, PositionNode>() : undefined;
    const offset = this.lineStart + indent;
    for (;;) {
      let q = this.lineStart + indent + 1;
      while (q < this.lineEnd && text.charCodeAt(q) === SPACE) q++;
      let item: unknown;
      if (q === this.lineEnd || text.charCodeAt(q) === HASH) {
        if (q < this.lineEnd) this.checkComment(q + 1, this.lineEnd);
        const itemOffset = q;
        this.seekContent(this.nextLine);
        if (this.indent > indent) item = this.blockNode(depth + 1);
        else {
          item = null;
          this.lastPosition = this.withPositions ? { offset: itemOffset } : undefined;
        }
      } else if (this.isSequenceDash(q)) {
        this.unsupported(q);
      } else {
        item = this.readKey(q)
          ? this.mapping(q - this.lineStart, q, depth + 1)
          : this.inlineValue(indent, q, depth + 1);
      }
      if (children) children.set(items.length, this.lastPosition!);
      items.push(item);
      if (this.indent === indent && this.isSequenceDash(this.lineStart + indent)) continue;
      if (this.indent > indent) this.unsupported(this.lineStart);
      break;
    }
    this.lastPosition = children ? { offset, children } : undefined;
    return items;
  }

  /** A block mapping at column `indent`; its first key (just read by `readKey`) starts at `keyStart`. */
  private mapping(indent: number, keyStart: number, depth: number): Record<string, unknown> {
    if (depth > MAX_NESTING_DEPTH) throw new NestingTooDeep(keyStart);
    const { text } = this;
    const object: Record<string, unknown> = {};
    const children = this.withPositions ? new Map<string, PositionNode>() : undefined;
    let keyOffset = keyStart;
    for (;;) {
      const name = this.keyName;
      if (
        name === "__proto__" ||
        name === "<<" ||
        (object[name] !== undefined && Object.hasOwn(object, name))
      ) {
        this.unsupported(keyOffset);
      }
      let v = this.keyEnd;
      while (v < this.lineEnd && text.charCodeAt(v) === SPACE) v++;
      let value: unknown;
      if (v === this.lineEnd || text.charCodeAt(v) === HASH) {
        if (v < this.lineEnd) this.checkComment(v + 1, this.lineEnd);
        value = this.valueOnNextLines(indent, v, depth + 1);
      } else {
        value = this.inlineValue(indent, v, depth + 1);
      }
      object[name] = value;
      if (children) {
        const position = this.lastPosition!;
        position.keyOffset = keyOffset;
        children.set(name, position);
      }
      if (this.indent !== indent) {
        if (this.indent > indent) this.unsupported(this.lineStart);
        break;
      }
      keyOffset = this.lineStart + indent;
      if (this.isSequenceDash(keyOffset)) this.unsupported(keyOffset);
      if (!this.readKey(keyOffset)) this.unsupported(keyOffset);
    }
    this.lastPosition = children ? { offset: keyStart, children } : undefined;
    return object;
  }

  /** The value of `key:` with nothing after it on the line: a nested block, a same-indent sequence, or null. */
  private valueOnNextLines(indent: number, emptyAt: number, depth: number): unknown {
    this.seekContent(this.nextLine);
    if (this.indent > indent) return this.blockNode(depth);
    // Kubernetes style: `containers:` followed by `- name: ...` at the key's own indentation.
    if (this.indent === indent && this.isSequenceDash(this.lineStart + indent))
      return this.sequence(indent, depth);
    this.lastPosition = this.withPositions ? { offset: emptyAt } : undefined;
    return null;
  }

  /**
   * A value that starts on the current line at `p` (after `key: ` or `- `): a scalar, a flow
   * collection or a literal block scalar. Leaves the parser on the next content line.
   */
  private inlineValue(parentIndent: number, p: number, depth: number): unknown {
    const { text } = this;
    const c = text.charCodeAt(p);
    let value: unknown;
    let position: PositionNode | undefined;
    if (c === 124 /* | */) return this.literalBlockScalar(parentIndent, p);
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const quoted = c === 34 ? this.doubleQuoted(p) : this.singleQuoted(p);
      value = quoted.value;
      this.expectLineRestEmpty(quoted.end);
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      const flow = this.flowCollection(p, depth);
      value = flow.value;
      position = this.lastPosition;
      this.expectLineRestEmpty(flow.end);
    } else {
      if (isIndicatorStart(c) || c === 63 /* ? */ || c === COLON) this.unsupported(p);
      if (c === DASH && (p + 1 === this.lineEnd || text.charCodeAt(p + 1) === SPACE)) this.unsupported(p);
      value = this.plainInline(p);
    }
    if (this.withPositions && !position) position = { offset: p };
    this.seekContent(this.nextLine);
    // A more-indented line after a scalar would continue it (multi-line plain scalar) or be an error.
    if (this.indent > parentIndent) this.unsupported(this.lineStart);
    this.lastPosition = position;
    return value;
  }

  /** A single-line plain scalar in block context starting at `p` (up to ` #` or the line end, trimmed), resolved. */
  private plainInline(p: number): PlainValue {
    const { text } = this;
    let last = p;
    let hash = 0;
    let hashToLast = 0;
    for (let i = p; i < this.lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === SPACE) {
        if (text.charCodeAt(i + 1) === HASH) {
          this.checkComment(i + 2, this.lineEnd);
          break;
        }
        hash = (Math.imul(hash, 31) + c) | 0;
        continue;
      }
      if (c === COLON) {
        const next = text.charCodeAt(i + 1);
        if (i + 1 === this.lineEnd || next === SPACE) this.unsupported(i);
      } else if ((c < 32 || c >= 127) && isSuspicious(c)) this.unsupported(i);
      hash = (Math.imul(hash, 31) + c) | 0;
      hashToLast = hash;
      last = i + 1;
    }
    return VALUES.lookup(text, p, last, hashToLast, resolvePlainScalar);
  }

  /**
   * Reads an implicit key at `p` (`name:` followed by a space or the line end) into `keyName` and
   * `keyEnd` (the offset after its `:`); false when the line holds no key there.
   */
  private readKey(p: number): boolean {
    const { text } = this;
    const c = text.charCodeAt(p);
    if (c === 34 || c === 39) {
      const quoted = c === 34 ? this.doubleQuoted(p) : this.singleQuoted(p);
      let i = quoted.end;
      while (i < this.lineEnd && text.charCodeAt(i) === SPACE) i++;
      if (text.charCodeAt(i) !== COLON) return false;
      if (i + 1 < this.lineEnd && text.charCodeAt(i + 1) !== SPACE) this.unsupported(i);
      if (quoted.end - p > MAX_IMPLICIT_KEY) this.unsupported(p);
      this.keyName = quoted.value;
      this.keyEnd = i + 1;
      return true;
    }
    if (isIndicatorStart(c) || c === 63 || c === COLON) return false;
    if (c === DASH && (p + 1 === this.lineEnd || text.charCodeAt(p + 1) === SPACE)) return false;
    let last = p;
    let hash = 0;
    let hashToLast = 0;
    for (let i = p; i < this.lineEnd; i++) {
      const ch = text.charCodeAt(i);
      if (ch === COLON) {
        if (i + 1 === this.lineEnd || text.charCodeAt(i + 1) === SPACE) {
          if (i - p > MAX_IMPLICIT_KEY) this.unsupported(p);
          this.keyName = KEYS.lookup(text, p, last, hashToLast, plainKey);
          this.keyEnd = i + 1;
          return true;
        }
      } else if (ch === SPACE) {
        if (text.charCodeAt(i + 1) === HASH) return false;
        hash = (Math.imul(hash, 31) + ch) | 0;
        continue;
      } else if ((ch < 32 || ch >= 127) && isSuspicious(ch)) this.unsupported(i);
      hash = (Math.imul(hash, 31) + ch) | 0;
      hashToLast = hash;
      last = i + 1;
    }
    return false;
  }

  /** `'...'` on one line (`''` is a quote). */
  private singleQuoted(p: number): Scalar {
    const { text } = this;
    let out = "";
    let from = p + 1;
    for (let i = p + 1; i < this.lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === 39) {
        if (text.charCodeAt(i + 1) === 39 && i + 1 < this.lineEnd) {
          out += text.slice(from, i + 1);
          from = i + 2;
          i++;
          continue;
        }
        return { value: out + text.slice(from, i), end: i + 1 };
      }
      if (isSuspicious(c)) this.unsupported(i);
    }
    return this.unsupported(p);
  }

  /** `"..."` on one line, with YAML escapes (`yaml/dist/compose/resolve-flow-scalar.js`). */
  private doubleQuoted(p: number): Scalar {
    const { text } = this;
    let out = "";
    let from = p + 1;
    for (let i = p + 1; i < this.lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) return { value: out + text.slice(from, i), end: i + 1 };
      if (c === 92 /* \ */) {
        out += text.slice(from, i);
        const next = text[i + 1];
        if (i + 1 >= this.lineEnd || next === undefined) this.unsupported(i);
        const simple = ESCAPES[next];
        if (simple !== undefined) {
          out += simple;
          i += 1;
        } else if (next === "x" || next === "u" || next === "U") {
          const length = next === "x" ? 2 : next === "u" ? 4 : 8;
          const hex = text.slice(i + 2, i + 2 + length);
          if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex) || i + 2 + length > this.lineEnd) {
            this.unsupported(i);
          }
          const code = Number.parseInt(hex, 16);
          if (code > 0x10ffff) this.unsupported(i);
          out += String.fromCodePoint(code);
          i += 1 + length;
        } else this.unsupported(i);
        from = i + 1;
        continue;
      }
      if (isSuspicious(c)) this.unsupported(i);
    }
    return this.unsupported(p);
  }

  /** A single-line flow collection (`[a, "b"]`, `{k: v}`) starting at `p`. */
  private flowCollection(p: number, depth: number): { value: unknown; end: number } {
    if (depth > MAX_NESTING_DEPTH) throw new NestingTooDeep(p);
    const { text } = this;
    const isSequence = text.charCodeAt(p) === 91;
    const close = isSequence ? 93 : 125;
    const items: unknown[] = [];
    const object: Record<string, unknown> = {};
    const children = this.withPositions ? new Map<string | number, PositionNode>() : undefined;
    let i = this.skipSpaces(p + 1);
    if (text.charCodeAt(i) === close) {
      this.lastPosition = this.withPositions ? { offset: p, children: new Map() } : undefined;
      return { value: isSequence ? items : object, end: i + 1 };
    }
    for (;;) {
      let keyName: string | undefined;
      const keyOffset = i;
      if (!isSequence) {
        const key = this.flowScalar(i, true);
        keyName = key.quoted ? key.text : plainKey(key.text);
        i = this.skipSpaces(key.end);
        if (text.charCodeAt(i) !== COLON) this.unsupported(i);
        const afterColon = text.charCodeAt(i + 1);
        if (afterColon !== SPACE) this.unsupported(i);
        i = this.skipSpaces(i + 1);
        if (keyName === "__proto__" || keyName === "<<" || Object.hasOwn(object, keyName))
          this.unsupported(keyOffset);
      }
      const valueOffset = i;
      const c = text.charCodeAt(i);
      let value: unknown;
      if (c === 91 || c === 123) {
        const nested = this.flowCollection(i, depth + 1);
        value = nested.value;
        i = nested.end;
      } else {
        const scalar = this.flowScalar(i, false);
        value = scalar.quoted ? scalar.text : resolvePlainScalar(scalar.text);
        i = scalar.end;
        if (children) this.lastPosition = { offset: valueOffset };
      }
      if (children) {
        const position = this.lastPosition!;
        if (keyName !== undefined) position.keyOffset = keyOffset;
        children.set(keyName ?? items.length, position);
      }
      if (keyName !== undefined) object[keyName] = value;
      else items.push(value);
      i = this.skipSpaces(i);
      const next = text.charCodeAt(i);
      if (next === close) {
        this.lastPosition = children ? { offset: p, children } : undefined;
        return { value: isSequence ? items : object, end: i + 1 };
      }
      if (next !== 44 /* , */) this.unsupported(i);
      i = this.skipSpaces(i + 1);
      const after = text.charCodeAt(i);
      if (after === 44 || after === close) this.unsupported(i);
    }
  }

  /** A scalar inside a flow collection: quoted, or plain up to `,` `[` `]` `{` `}` or `: `. */
  private flowScalar(p: number, isKey: boolean): { text: string; quoted: boolean; end: number } {
    const { text } = this;
    const c = text.charCodeAt(p);
    if (c === 34 || c === 39) {
      const quoted = c === 34 ? this.doubleQuoted(p) : this.singleQuoted(p);
      return { text: quoted.value, quoted: true, end: quoted.end };
    }
    if (p >= this.lineEnd || isIndicatorStart(c) || c === 63 || c === COLON) this.unsupported(p);
    // `-` starts plain scalars such as `-1`; followed by a space or a flow indicator it is an indicator.
    if (c === DASH && !(p + 1 < this.lineEnd && isPlainFlowChar(text.charCodeAt(p + 1)))) this.unsupported(p);
    let last = p;
    let i = p;
    for (; i < this.lineEnd; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125) break;
      if (ch === COLON) {
        const next = text.charCodeAt(i + 1);
        if (next === SPACE || next === 44 || next === 93 || next === 125 || i + 1 === this.lineEnd) {
          if (!isKey) this.unsupported(i);
          break;
        }
      } else if (ch === SPACE) {
        if (text.charCodeAt(i + 1) === HASH) this.unsupported(i);
        continue;
      } else if (isSuspicious(ch)) this.unsupported(i);
      last = i + 1;
    }
    if (i >= this.lineEnd || last === p) this.unsupported(p);
    return { text: text.slice(p, last), quoted: false, end: i };
  }

  private skipSpaces(p: number): number {
    let i = p;
    while (i < this.lineEnd && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /**
   * A literal block scalar (`|` or `|-`) whose header is at `p`; its content lines are indented
   * more than `parentIndent`. Keep chomping (`|+`), indentation indicators and folded scalars (`>`)
   * go to the full parser.
   */
  private literalBlockScalar(parentIndent: number, p: number): string {
    const { text } = this;
    let h = p + 1;
    const chomp = text.charCodeAt(h);
    const strip = chomp === DASH;
    if (chomp === DASH) h++;
    else if (chomp === 43 /* + */ || (chomp >= 48 && chomp <= 57)) this.unsupported(h);
    this.expectLineRestEmpty(h);
    const position = this.withPositions ? { offset: p } : undefined;
    const lines: string[] = [];
    let contentIndent = -1;
    let leadingBlankMax = 0;
    let trailingBlank = 0;
    let lineStart = this.nextLine;
    while (lineStart < this.end) {
      const newline = text.indexOf("\n", lineStart);
      if (newline < 0 || newline >= this.end) this.unsupported(lineStart);
      let lineEnd = newline;
      if (text.charCodeAt(lineEnd - 1) === CR && lineEnd > lineStart) lineEnd--;
      let spaces = 0;
      while (lineStart + spaces < lineEnd && text.charCodeAt(lineStart + spaces) === SPACE) spaces++;
      const blank = lineStart + spaces === lineEnd;
      if (blank) {
        if (contentIndent < 0) leadingBlankMax = Math.max(leadingBlankMax, spaces);
        else if (spaces > contentIndent) this.unsupported(lineStart);
        lines.push("");
        trailingBlank++;
        lineStart = newline + 1;
        continue;
      }
      if (contentIndent < 0) {
        if (spaces <= parentIndent) break;
        if (text.charCodeAt(lineStart + spaces) === 9) this.unsupported(lineStart);
        contentIndent = spaces;
        if (leadingBlankMax > contentIndent) this.unsupported(lineStart);
      } else if (spaces < contentIndent) break;
      for (let i = lineStart + contentIndent; i < lineEnd; i++) {
        const c = text.charCodeAt(i);
        if (c !== 9 && isSuspicious(c)) this.unsupported(i);
      }
      lines.push(text.slice(lineStart + contentIndent, lineEnd));
      trailingBlank = 0;
      lineStart = newline + 1;
    }
    if (contentIndent < 0) this.unsupported(p);
    lines.length -= trailingBlank;
    const body = lines.join("\n");
    this.seekContent(lineStart);
    if (this.indent > parentIndent) this.unsupported(this.lineStart);
    this.lastPosition = position;
    return strip ? body : `${body}\n`;
  }
}

/** A quoted scalar's value and the offset after its closing quote. */
interface Scalar {
  readonly value: string;
  readonly end: number;
}

function isPlainFlowChar(c: number): boolean {
  return c !== SPACE && c !== 44 && c !== 91 && c !== 93 && c !== 123 && c !== 125 && !isSuspicious(c);
}

/** Single-character escapes of double-quoted scalars (YAML 1.2 §5.7). */
const ESCAPES: Readonly<Record<string, string>> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  e: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
};
