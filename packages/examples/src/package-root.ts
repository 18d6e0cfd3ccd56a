import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "@meshwright/examples";

/** How many directories up from a module the package root may be (`src/seeds/x.ts`, `dist/index.js`). */
const MAX_DEPTH = 4;

/**
 * The directory of the `@meshwright/examples` package that holds `meshes/`, searched upwards from
 * `startDirectory`: the first ancestor (or itself) whose `package.json` names this package and that has a
 * `meshes/` directory. The same search works from the sources (`src/`, under vitest or tsx) and from the
 * published build (`dist/`), because `meshes/` ships beside both. Returns `undefined` when none is found
 * within a few levels, e.g. when the data files were not shipped.
 */
export function findPackageRoot(startDirectory: string): string | undefined {
  let directory = startDirectory;
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    if (isExamplesPackage(directory)) return directory;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
  return undefined;
}

function isExamplesPackage(directory: string): boolean {
  const manifest = join(directory, "package.json");
  if (!existsSync(manifest) || !existsSync(join(directory, "meshes"))) return false;
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

let cachedRoot: string | undefined;

/**
 * The root of this package as installed or checked out (see `findPackageRoot`). Resolved once.
 * `meshes/` is part of the package's published `files`, so a missing root means a broken install;
 * the error says so rather than letting a later file read fail obscurely.
 */
export function examplesPackageRoot(): string {
  if (cachedRoot === undefined) {
    const moduleDirectory = dirname(fileURLToPath(import.meta.url));
    const root = findPackageRoot(moduleDirectory);
    if (root === undefined) {
      throw new Error(
        `${PACKAGE_NAME}: no meshes/ directory found above ${moduleDirectory}; reinstall the package (meshes/ ships in its "files")`,
      );
    }
    cachedRoot = root;
  }
  return cachedRoot;
}
