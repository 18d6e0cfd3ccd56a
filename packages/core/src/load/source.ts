/**
 * Where loaded objects came from, and how a finding about one of them is turned into a diagnostic
 * with file, line and column. Offsets are kept while loading; lines and columns are computed only
 * for the findings (re-parsing just the documents concerned).
 */

import type { FindingDetails } from "../diagnostics";
import type { Diagnostic } from "../diagnostics/diagnostic";
import { getOrCreate } from "../memo/memo";
import type { KubeObject } from "../model/kube-object";
import { type LoadCode, loadDiagnostic } from "./codes";
import { formatPath, type JsonPath, parsePath } from "./json-path";
import { lineColumnAt, lineStarts } from "./line-index";
import { documentPositions, type YamlDocument } from "./yaml/parse-yaml";
import { offsetOf, type PositionNode } from "./yaml/positions";

/** A YAML document of a file, without its value. */
export type DocumentRef = Omit<YamlDocument, "value">;

/** Where one object came from: its file, its YAML document, and its path inside that document. */
export interface ObjectSource {
  readonly file: string;
  readonly document: DocumentRef;
  /** `[]` for a top-level object, `["items", 3]` for a List item, `["spec", "clusters", 0, "resources", 2]` inline. */
  readonly basePath: JsonPath;
}

/** A Kubernetes object as loaded, with its source. */
export interface LoadedObject {
  readonly object: KubeObject;
  readonly source: ObjectSource;
}

/** A finding about a place inside an object or document, before it is located in its file. */
export interface Finding {
  readonly code: LoadCode;
  readonly message: string;
  /** Path relative to the object (or document) the finding is about. */
  readonly path: JsonPath;
  /** Point at the key rather than the value (e.g. for an unknown field). */
  readonly atKey?: boolean;
  readonly expected?: string;
  readonly found?: string;
  readonly fix?: string;
  readonly related?: string;
}

/** The texts of the files objects were loaded from, by the file name used in `ObjectSource.file`. */
export type SourceTexts = ReadonlyMap<string, string>;

/**
 * Turns findings into located diagnostics. Caches each file's line table and each document's
 * positions, so many findings in one document cost one re-parse.
 */
export class Locator {
  private readonly lines = new Map<string, Uint32Array>();
  private readonly positions = new Map<string, PositionNode | null>();

  constructor(private readonly texts: SourceTexts) {}

  /**
   * File, line, column and document of `path` (segments, or `$.spec.rules[0].from`) inside the
   * object at `source`; the nearest existing ancestor when the path does not exist.
   */
  locate(
    source: ObjectSource,
    path: JsonPath | string,
    atKey = false,
  ): Pick<Diagnostic, "file" | "line" | "column" | "document"> {
    const base = { file: source.file, document: source.document.index };
    const text = this.texts.get(source.file);
    if (text === undefined) return base;
    const segments = typeof path === "string" ? (parsePath(path) ?? []) : path;
    const root = this.documentPositions(text, source);
    const offset = root
      ? offsetOf(root, [...source.basePath, ...segments], atKey).offset
      : source.document.bodyStart;
    return { ...base, ...this.lineColumn(source.file, text, offset) };
  }

  /** Line and column of an offset in `file`. */
  lineColumn(file: string, text: string, offset: number): { line: number; column: number } {
    return lineColumnAt(
      getOrCreate(this.lines, file, () => lineStarts(text)),
      offset,
    );
  }

  /** A located diagnostic for a finding about the object at `source`. */
  diagnostic(source: ObjectSource, finding: Finding): Diagnostic {
    const { code, path, atKey, message, ...rest } = finding;
    const details: FindingDetails = {
      message,
      ...this.locate(source, path, atKey),
      path: formatPath([...source.basePath, ...path]),
      ...rest,
    };
    return loadDiagnostic(code, details);
  }

  private documentPositions(text: string, source: ObjectSource): PositionNode | undefined {
    const key = `${source.file}\u0000${source.document.start}`;
    // null stands for "no positions" so that the miss is kept too.
    const root = getOrCreate(
      this.positions,
      key,
      () => documentPositions(text, { ...source.document, value: undefined }) ?? null,
    );
    return root ?? undefined;
  }
}
