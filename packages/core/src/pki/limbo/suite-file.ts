import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { LimboSuite } from "./limbo-case";

/** `shared/x509-limbo/limbo.json` beside the repository (CI clones main with shared/ next to it). */
export const DEFAULT_LIMBO_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../../../shared/x509-limbo/limbo.json",
);

/** Reads a limbo.json, or undefined when the file is absent. */
export function readLimboSuite(path = DEFAULT_LIMBO_PATH): LimboSuite | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as LimboSuite) : undefined;
}
