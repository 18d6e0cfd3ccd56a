/**
 * File access of the loader: reading manifests (through a caller's `readFile` when given), telling
 * files from directories, and expanding directories and globs (tinyglobby) in a stable order.
 */
import { readFileSync, statSync } from "node:fs";
import { globSync } from "tinyglobby";

/** Reads a file; `undefined` (or a thrown ENOENT) means it does not exist. */
export type ReadFile = (absolutePath: string) => string | Uint8Array | undefined;

/** Manifest files inside a directory: YAML and JSON, recursively. */
const MANIFEST_PATTERN = "**/*.{yaml,yml,json}";

/** Extensions a glob's matches must have to be read as manifests. */
const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;

/** What a file read produced. */
export type FileRead =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "missing" }
  | { readonly kind: "too-large"; readonly bytes: number }
  | { readonly kind: "not-utf8" }
  | { readonly kind: "unreadable"; readonly reason: string };

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Reads `absolutePath` as UTF-8 text (a BOM is dropped); never throws. */
export function readText(absolutePath: string, maxBytes: number, readFile?: ReadFile): FileRead {
  let content: string | Uint8Array | undefined;
  try {
    content = readFile ? readFile(absolutePath) : readFileSync(absolutePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { kind: "missing" };
    return { kind: "unreadable", reason: code ?? (error as Error).message };
  }
  if (content === undefined) return { kind: "missing" };
  if (typeof content === "string") {
    return content.length > maxBytes
      ? { kind: "too-large", bytes: content.length }
      : { kind: "text", text: content };
  }
  if (content.byteLength > maxBytes) return { kind: "too-large", bytes: content.byteLength };
  try {
    return { kind: "text", text: decoder.decode(content) };
  } catch {
    return { kind: "not-utf8" };
  }
}

/** Whether `absolutePath` is a directory on disk. */
export function isDirectory(absolutePath: string): boolean {
  try {
    return statSync(absolutePath).isDirectory();
  } catch {
    return false;
  }
}

/** True when `path` is a glob rather than a plain path. */
export function isGlob(path: string): boolean {
  return /[*?[\]{}]/.test(path);
}

/** Manifest files under a directory, recursively, sorted. */
export function filesInDirectory(directory: string): string[] {
  return globSync(MANIFEST_PATTERN, { cwd: directory, absolute: true, onlyFiles: true }).sort();
}

/** Manifest files (YAML / JSON) matching a glob relative to `baseDir`, sorted. */
export function filesMatching(pattern: string, baseDir: string): string[] {
  return globSync(pattern, { cwd: baseDir, absolute: true, onlyFiles: true, expandDirectories: false })
    .filter((file) => MANIFEST_EXTENSION.test(file))
    .sort();
}
