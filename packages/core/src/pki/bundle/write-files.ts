import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type PkiFinding, pkiFinding } from "../finding";
import { type BundleFiles, isKeyFile } from "./layouts";

/**
 * Writes bundle files into `dir` (created if needed). Key files get mode 0600, certificates 0644
 * (DESIGN.md principle 8); the mode is set again after writing so an existing file's mode or the
 * umask cannot widen it. Returns findings instead of throwing.
 */
export function writeBundleFiles(dir: string, files: BundleFiles): PkiFinding[] {
  try {
    mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      const path = join(dir, name);
      const mode = isKeyFile(name) ? 0o600 : 0o644;
      writeFileSync(path, content, { mode });
      chmodSync(path, mode);
    }
    return [];
  } catch (error) {
    return [
      pkiFinding("FILE_UNREADABLE", {
        message: `cannot write bundle files to ${dir}: ${(error as NodeJS.ErrnoException).code ?? "I/O error"}`,
        file: dir,
      }),
    ];
  }
}
