/**
 * Reads the manifests a Mesh document points at: resolves each entry (file, directory or glob,
 * relative to the document) to files, and reads, parses and validates each file once per load,
 * however many clusters list it.
 */
import { dirname, join, relative, resolve } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic";
import { loadDiagnostic } from "./codes";
import {
  filesInDirectory,
  filesMatching,
  isDirectory,
  isGlob,
  type ReadFile,
  readText,
} from "./mesh-document/file-access";
import { parseManifests } from "./parse-manifests";
import type { Finding, LoadedObject, SourceTexts } from "./source";
import { Locator } from "./source";
import { validateObjects } from "./validate-object";

/** A manifest file as loaded: its display name, objects and diagnostics. */
export interface ManifestFile {
  readonly file: string;
  readonly objects: readonly LoadedObject[];
  readonly diagnostics: readonly Diagnostic[];
  /** Why the file could not be read (reported at each manifest entry that names it). */
  readonly problem?: Diagnostic;
}

/** How an entry resolved: the files, or a finding about the entry itself. */
export type EntryResolution =
  | { readonly files: readonly string[]; readonly finding?: undefined }
  | { readonly files: readonly string[]; readonly finding: Finding };

/** Options of a manifest reader. */
export interface ManifestReaderOptions {
  /** Directory the document's relative paths start from. */
  readonly baseDir: string;
  /** The document's file name as shown in diagnostics (manifest names are shown relative to it). */
  readonly documentFile: string;
  readonly readFile?: ReadFile;
  readonly maxFileBytes: number;
}

/** Resolves and reads manifests for one load (caching each file). */
export class ManifestReader {
  private readonly cache = new Map<string, ManifestFile>();
  private readonly texts = new Map<string, string>();
  readonly locator: Locator;

  constructor(
    private readonly options: ManifestReaderOptions,
    documentText: string,
  ) {
    this.texts.set(options.documentFile, documentText);
    this.locator = new Locator(this.texts);
  }

  /** Texts of every file read so far (the document's included), by display name. */
  get sourceTexts(): SourceTexts {
    return this.texts;
  }

  /** The files a `manifests` entry names (absolute paths, sorted within a directory or glob). */
  resolveEntry(path: string): EntryResolution {
    const { baseDir } = this.options;
    if (isGlob(path)) {
      const files = filesMatching(path, baseDir);
      return files.length > 0 ? { files } : { files, finding: nothingMatched(path, "glob") };
    }
    const absolute = resolve(baseDir, path);
    if (isDirectory(absolute)) {
      const files = filesInDirectory(absolute);
      return files.length > 0 ? { files } : { files, finding: nothingMatched(path, "directory") };
    }
    return { files: [absolute] };
  }

  /** Reads, parses and validates `absolute` (once); `path` is the entry as written, for "not found". */
  read(absolute: string, path: string): ManifestFile {
    const cached = this.cache.get(absolute);
    if (cached) return cached;
    const file = this.displayName(absolute);
    const content = readText(absolute, this.options.maxFileBytes, this.options.readFile);
    let loaded: ManifestFile;
    if (content.kind === "text") {
      this.texts.set(file, content.text);
      const parsed = parseManifests(content.text, file);
      const validation = validateObjects(parsed.objects, this.texts, this.locator);
      loaded = { file, objects: parsed.objects, diagnostics: [...parsed.diagnostics, ...validation] };
    } else {
      loaded = { file, objects: [], diagnostics: [], problem: readProblem(content, path) };
    }
    this.cache.set(absolute, loaded);
    return loaded;
  }

  /** A manifest's name in diagnostics: the document's directory (as the user gave it) joined with the relative path. */
  private displayName(absolute: string): string {
    return join(dirname(this.options.documentFile), relative(this.options.baseDir, absolute));
  }
}

function nothingMatched(path: string, what: "glob" | "directory"): Finding {
  return {
    code: "MW1503",
    path: [],
    message: `${what} "${path}" holds no *.yaml, *.yml or *.json file`,
    found: path,
  };
}

/** The diagnostic for a file that could not be read as text. */
export function readProblem(
  content: Exclude<ReturnType<typeof readText>, { kind: "text" }>,
  path: string,
): Diagnostic {
  switch (content.kind) {
    case "missing":
      return loadDiagnostic("MW1502", { message: `file not found: ${path}`, found: path });
    case "too-large":
      return loadDiagnostic("MW1004", {
        message: `${path} is ${content.bytes} bytes, over the limit`,
        found: path,
      });
    case "not-utf8":
      return loadDiagnostic("MW1005", { message: `${path} is not valid UTF-8 text`, found: path });
    case "unreadable":
      return loadDiagnostic("MW1504", { message: `cannot read ${path}: ${content.reason}`, found: path });
  }
}
