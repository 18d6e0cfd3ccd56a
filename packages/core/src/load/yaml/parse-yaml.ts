/**
 * Parses a YAML (or JSON) stream into plain values, document by document, choosing per document
 * the cheapest parser that is exact: `JSON.parse` for JSON documents, the fast subset parser for
 * ordinary manifests, the `yaml` package for everything else. Positions are not computed here; see
 * `documentPositions`.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic";
import { loadDiagnostic } from "../codes";
import { lineColumnAt, lineStarts } from "../line-index";
import { needsFullStreamParser, splitDocuments } from "./documents";
import { fastParseDocument, MAX_NESTING_DEPTH, NestingTooDeep } from "./fast-parser";
import { type LibraryProblem, libraryPositions, parseWithLibrary } from "./library-parser";
import type { PositionNode } from "./positions";

/** Which parser read a document (the slower ones are only used where needed). */
export type DocumentParser = "json" | "fast" | "library" | "stream";

/** One document of a YAML stream. */
export interface YamlDocument {
  /** 0-based index of the document in its file. */
  readonly index: number;
  /** `[start, end)` offsets of the document in its file. */
  readonly start: number;
  readonly end: number;
  /** Offset of the line after the document's `---` marker (equals `start` without one). */
  readonly bodyStart: number;
  /** The document's value; `undefined` when it is empty or could not be read (see the diagnostics). */
  readonly value: unknown;
  readonly parser: DocumentParser;
}

/** Every document of a file, and every problem met reading it. */
export interface ParsedYaml {
  readonly documents: readonly YamlDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses every document of `text` (named `file` in diagnostics); never throws. */
export function parseYaml(text: string, file: string): ParsedYaml {
  const documents: YamlDocument[] = [];
  const problems: { problem: LibraryProblem; document: number }[] = [];
  if (needsFullStreamParser(text)) {
    parseWithLibrary(text).forEach((doc, index) => {
      for (const problem of doc.problems) problems.push({ problem, document: index });
      const value = checkedDepth(doc.value, doc.start, index, problems);
      documents.push({
        index,
        start: doc.start,
        end: doc.end,
        bodyStart: doc.start,
        value,
        parser: "stream",
      });
    });
  } else {
    for (const slice of splitDocuments(text)) {
      const parsed = parseSlice(text, slice.start, slice.bodyStart, slice.end);
      for (const problem of parsed.problems) problems.push({ problem, document: slice.index });
      // The fast parser limits depth while it reads; values from JSON.parse or `yaml` are checked here.
      const value =
        parsed.parser === "fast"
          ? parsed.value
          : checkedDepth(parsed.value, slice.start, slice.index, problems);
      documents.push({ ...slice, value, parser: parsed.parser });
    }
  }
  return { documents, diagnostics: problemDiagnostics(text, file, problems) };
}

interface SliceResult {
  readonly value: unknown;
  readonly parser: DocumentParser;
  readonly problems: readonly LibraryProblem[];
}

function parseSlice(text: string, start: number, bodyStart: number, end: number): SliceResult {
  const first = firstContentChar(text, bodyStart, end);
  if (first === "{" || first === "[") {
    try {
      return { value: JSON.parse(text.slice(bodyStart, end)), parser: "json", problems: [] };
    } catch {
      // Not JSON after all (YAML flow style, comments, a syntax error): the other parsers decide.
    }
  }
  if (bodyStart === start || markerLineIsBare(text, start, bodyStart)) {
    try {
      return { value: fastParseDocument(text, bodyStart, end).value, parser: "fast", problems: [] };
    } catch (error) {
      if (error instanceof NestingTooDeep) {
        return { value: undefined, parser: "fast", problems: [tooDeep(error.offset)] };
      }
      // FastPathUnsupported is the expected way out; anything else would be a fast-path bug, and
      // the full parser below is the safe answer to both.
    }
  }
  const library = parseWithLibrary(text, start, end);
  const [document, ...extra] = library;
  const problems = [...(document?.problems ?? [])];
  for (const more of extra) {
    problems.push({ kind: "syntax", offset: more.start, message: "unexpected extra document in this slice" });
  }
  return { value: document?.value, parser: "library", problems };
}

/** `---` followed only by blanks or a comment: the fast parser can start on the next line. */
function markerLineIsBare(text: string, start: number, bodyStart: number): boolean {
  for (let i = start + 3; i < bodyStart; i++) {
    const c = text.charCodeAt(i);
    if (c === 35) return text.charCodeAt(i - 1) === 32;
    if (c !== 32 && c !== 10 && c !== 13) return false;
  }
  return true;
}

function firstContentChar(text: string, from: number, to: number): string | undefined {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return text[i];
  }
  return undefined;
}

function tooDeep(offset: number): LibraryProblem {
  return { kind: "too-deep", offset, message: `nesting deeper than ${MAX_NESTING_DEPTH} levels` };
}

/** Values from `JSON.parse` or `yaml` are checked for depth here (the fast parser checks while it reads). */
function checkedDepth(
  value: unknown,
  offset: number,
  document: number,
  problems: { problem: LibraryProblem; document: number }[],
): unknown {
  if (value === null || typeof value !== "object" || !exceedsDepth(value, MAX_NESTING_DEPTH)) return value;
  problems.push({ problem: tooDeep(offset), document });
  return undefined;
}

/** Iterative depth check, so that hostile input cannot exhaust the stack here. */
export function exceedsDepth(root: object, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (depth > limit) return true;
    if (value !== null && typeof value === "object") {
      for (const child of Object.values(value)) {
        if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
      }
    }
  }
  return false;
}

function problemDiagnostics(
  text: string,
  file: string,
  problems: readonly { problem: LibraryProblem; document: number }[],
): Diagnostic[] {
  if (problems.length === 0) return [];
  const starts = lineStarts(text);
  return problems.map(({ problem, document }) => {
    const { line, column } = lineColumnAt(starts, problem.offset);
    const code =
      problem.kind === "alias-limit"
        ? "MW1002"
        : problem.kind === "too-deep"
          ? "MW1003"
          : problem.kind === "warning"
            ? "MW1006"
            : "MW1001";
    return loadDiagnostic(code, { message: problem.message, file, line, column, document });
  });
}

/**
 * Node positions of one document, for pointing a diagnostic at a line and column: re-parses just
 * that document (with the fast parser when it can, else the full one).
 */
export function documentPositions(text: string, document: YamlDocument): PositionNode | undefined {
  if (document.parser === "stream") return libraryPositions(text, 0, text.length, document.index);
  if (document.parser === "fast") {
    try {
      return fastParseDocument(text, document.bodyStart, document.end, true).positions;
    } catch {
      // Falls through to the full parser.
    }
  }
  return libraryPositions(text, document.start, document.end);
}
