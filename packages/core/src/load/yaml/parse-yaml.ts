/**
 * Parses a YAML (or JSON) stream into plain values, document by document, choosing per document
 * the cheapest parser that gives the reference value: `JSON.parse` for JSON documents, js-yaml for
 * the rest, and the `yaml` package (the reference, with an alias budget and error positions)
 * wherever js-yaml defers (see `js-yaml-parser.ts`). Positions are not computed here: see
 * `documentPositions`, which re-parses one document with `yaml` when a diagnostic needs them.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic";
import { loadDiagnostic } from "../codes";
import { lineColumnAt, lineStarts } from "../line-index";
import { type DocumentSlice, markerLineIsBare, needsFullStreamParser, splitDocuments } from "./documents";
import { parseWithJsYaml } from "./js-yaml-parser";
import { type LibraryProblem, libraryPositions, parseWithLibrary } from "./library-parser";
import { exceedsDepth, MAX_NESTING_DEPTH } from "./nesting";
import type { PositionNode } from "./positions";

/**
 * Which parser read a document: `json` (`JSON.parse`), `js-yaml`, `yaml` (this document alone) or
 * `yaml-stream` (the whole file at once: it uses `%` directives or `...` end markers).
 */
export type DocumentParser = "json" | "js-yaml" | "yaml" | "yaml-stream";

/** One document of a YAML stream. */
export interface YamlDocument {
  /** 0-based index of the document in its file. */
  readonly index: number;
  /** `[start, end)` offsets of the document in its file. */
  readonly start: number;
  readonly end: number;
  /** Offset of the line after the document's `---` marker (equals `start` without one). */
  readonly bodyStart: number;
  /** The document's value; `null` or `undefined` when it is empty, `undefined` when it could not be read (see the diagnostics). */
  readonly value: unknown;
  readonly parser: DocumentParser;
}

/** Every document of a file, and every problem met reading it. */
export interface ParsedYaml {
  readonly documents: readonly YamlDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A problem with the index of the document it was met in. */
interface DocumentProblem {
  readonly problem: LibraryProblem;
  readonly document: number;
}

/** Parses every document of `text` (named `file` in diagnostics); never throws. */
export function parseYaml(text: string, file: string): ParsedYaml {
  const documents: YamlDocument[] = [];
  const problems: DocumentProblem[] = [];
  if (needsFullStreamParser(text)) {
    parseWithLibrary(text).forEach((doc, index) => {
      const found = [...doc.problems];
      const value = checkedValue(doc.value, doc.start, found);
      for (const problem of found) problems.push({ problem, document: index });
      const { start, end } = doc;
      documents.push({ index, start, end, bodyStart: start, value, parser: "yaml-stream" });
    });
  } else {
    for (const slice of splitDocuments(text)) {
      const parsed = parseSlice(text, slice);
      for (const problem of parsed.problems) problems.push({ problem, document: slice.index });
      documents.push({ ...slice, value: parsed.value, parser: parsed.parser });
    }
  }
  return { documents, diagnostics: problemDiagnostics(text, file, problems) };
}

interface SliceResult {
  readonly value: unknown;
  readonly parser: DocumentParser;
  readonly problems: readonly LibraryProblem[];
}

function parseSlice(text: string, slice: DocumentSlice): SliceResult {
  const { start, bodyStart, end } = slice;
  if (markerLineIsBare(text, slice)) {
    const first = firstContentChar(text, bodyStart, end);
    const json = first === "{" || first === "[" ? parseJson(text.slice(bodyStart, end), start) : undefined;
    if (json) return json;
    const outcome = parseWithJsYaml(text.slice(start, end));
    if (outcome.kind === "value") return { value: outcome.value, parser: "js-yaml", problems: [] };
    if (outcome.kind === "too-deep") {
      return { value: undefined, parser: "js-yaml", problems: [tooDeep(start + outcome.offset)] };
    }
  }
  const [document, ...extra] = parseWithLibrary(text, start, end);
  const problems = [...(document?.problems ?? [])];
  for (const more of extra) {
    problems.push({ kind: "syntax", offset: more.start, message: "unexpected extra document in this slice" });
  }
  return { value: checkedValue(document?.value, start, problems), parser: "yaml", problems };
}

/** A JSON document's value, depth-checked; `undefined` when it is not JSON after all (YAML flow style, comments, an error). */
function parseJson(source: string, offset: number): SliceResult | undefined {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    return undefined;
  }
  const problems: LibraryProblem[] = [];
  return { value: checkedValue(value, offset, problems), parser: "json", problems };
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

/** `value`, or `undefined` with a problem added when it nests deeper than the limit. */
function checkedValue(value: unknown, offset: number, problems: LibraryProblem[]): unknown {
  if (value === null || typeof value !== "object" || !exceedsDepth(value)) return value;
  problems.push(tooDeep(offset));
  return undefined;
}

const PROBLEM_CODES = {
  syntax: "MW1001",
  "alias-limit": "MW1002",
  "too-deep": "MW1003",
  warning: "MW1006",
} as const;

function problemDiagnostics(text: string, file: string, problems: readonly DocumentProblem[]): Diagnostic[] {
  if (problems.length === 0) return [];
  const starts = lineStarts(text);
  return problems.map(({ problem, document }) => {
    const { line, column } = lineColumnAt(starts, problem.offset);
    return loadDiagnostic(PROBLEM_CODES[problem.kind], {
      message: problem.message,
      file,
      line,
      column,
      document,
    });
  });
}

/**
 * Node positions of one document, for pointing a diagnostic at a line and column: re-parses just
 * that document with `yaml` (whose syntax tree keeps every node's offset), whichever parser read
 * its value.
 */
export function documentPositions(text: string, document: YamlDocument): PositionNode | undefined {
  if (document.parser === "yaml-stream") return libraryPositions(text, 0, text.length, document.index);
  return libraryPositions(text, document.start, document.end);
}
