/**
 * The reference YAML parser (the `yaml` package, YAML 1.2 core schema): reads every document js-yaml
 * defers (anchors and aliases, with an alias budget; tags; collection and null keys; every
 * document with an error, which it reports with its position), and finds node positions in any
 * document when a diagnostic needs them. Slower than js-yaml, since it builds a syntax tree.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, parseAllDocuments } from "yaml";
import type { PositionNode } from "./positions";

/** Aliases one document may expand before it is rejected as a billion-laughs attack (the `yaml` default). */
export const MAX_ALIAS_EXPANSIONS = 100;

/** A problem the full parser found, with its offset in the whole file. */
export interface LibraryProblem {
  readonly kind: "syntax" | "alias-limit" | "too-deep" | "warning";
  readonly offset: number;
  readonly message: string;
}

/** One document as the full parser read it. */
export interface LibraryDocument {
  /** `undefined` when the document failed or holds nothing. */
  readonly value: unknown;
  /** Offsets of the document in the whole file. */
  readonly start: number;
  readonly end: number;
  readonly problems: readonly LibraryProblem[];
}

/** Parses `text[start, end)` (offsets reported for the whole file); never throws. */
export function parseWithLibrary(text: string, start = 0, end = text.length): LibraryDocument[] {
  const source = start === 0 && end === text.length ? text : text.slice(start, end);
  let documents: Document.Parsed[];
  try {
    documents = parseAllDocuments(source, { prettyErrors: false }) as Document.Parsed[];
  } catch (error) {
    return [{ value: undefined, start, end, problems: [thrownProblem(error, start)] }];
  }
  if (!Array.isArray(documents)) return [];
  return documents.map((document) => convert(document, start));
}

function convert(document: Document.Parsed, base: number): LibraryDocument {
  const problems: LibraryProblem[] = [];
  for (const error of document.errors) {
    const tooDeep = /call stack/i.test(error.message);
    problems.push({
      kind: tooDeep ? "too-deep" : "syntax",
      offset: base + (error.pos?.[0] ?? 0),
      message: firstLine(error.message),
    });
  }
  for (const warning of document.warnings) {
    problems.push({
      kind: "warning",
      offset: base + (warning.pos?.[0] ?? 0),
      message: firstLine(warning.message),
    });
  }
  const [docStart, , docEnd] = document.range;
  const range = { start: base + docStart, end: base + docEnd };
  if (problems.some((p) => p.kind !== "warning")) return { value: undefined, ...range, problems };
  try {
    const value = document.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS }) as unknown;
    return { value, ...range, problems };
  } catch (error) {
    return { value: undefined, ...range, problems: [...problems, thrownProblem(error, range.start)] };
  }
}

/** An exception from the parser: alias bombs and stack exhaustion get their own kinds. */
function thrownProblem(error: unknown, offset: number): LibraryProblem {
  const message = error instanceof Error ? error.message : String(error);
  if (/alias count/i.test(message)) return { kind: "alias-limit", offset, message: firstLine(message) };
  if (error instanceof RangeError || /call stack/i.test(message)) {
    return { kind: "too-deep", offset, message: "nesting exhausts the parser's stack" };
  }
  return { kind: "syntax", offset, message: firstLine(message) };
}

function firstLine(message: string): string {
  const newline = message.indexOf("\n");
  return (newline < 0 ? message : message.slice(0, newline))
    .replace(/ at line \d+, column \d+:?$/, "")
    .trim();
}

/** Node positions of the `index`-th document of `text[start, end)`, from the full parser's syntax tree. */
export function libraryPositions(
  text: string,
  start: number,
  end: number,
  index = 0,
): PositionNode | undefined {
  try {
    const documents = parseAllDocuments(text.slice(start, end), { prettyErrors: false });
    if (!Array.isArray(documents)) return undefined;
    const contents = documents[index]?.contents;
    return contents ? nodePositions(contents as Node, start) : undefined;
  } catch {
    return undefined;
  }
}

function nodePositions(node: Node, base: number): PositionNode {
  const offset = base + (node.range?.[0] ?? 0);
  if (isMap(node) || isSeq(node)) {
    const children = new Map<string | number, PositionNode>();
    node.items.forEach((item: unknown, index: number) => {
      if (isPair(item)) {
        const key = item.key as Node | null;
        const name = isScalar(key) ? (key.value === null ? "" : String(key.value)) : String(key);
        const keyOffset = base + (key?.range?.[0] ?? 0);
        const value = item.value as Node | null;
        const child: PositionNode = value ? nodePositions(value, base) : { offset: keyOffset };
        child.keyOffset = keyOffset;
        children.set(isSeq(node) ? index : name, child);
      } else if (item && typeof item === "object" && !isAlias(item)) {
        children.set(index, nodePositions(item as Node, base));
      } else {
        children.set(index, { offset: base + ((item as Node | null)?.range?.[0] ?? 0) });
      }
    });
    return { offset, children };
  }
  return { offset };
}
