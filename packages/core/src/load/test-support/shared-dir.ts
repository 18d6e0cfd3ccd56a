/** Paths of the repository and of the shared directory beside it (test support only). */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (the pnpm workspace). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../..");

/** `../shared` next to the checkout: seeds, fixtures and schemas. */
export const sharedDir = resolve(repoRoot, "../shared");
