import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { CountingReporter } from "./scripts/counting-reporter";

const root = dirname(fileURLToPath(import.meta.url));

/** Source aliases come from tsconfig.json `paths`, so tests, typecheck and tsx resolve packages identically. */
function aliasesFromTsconfig(): { find: RegExp; replacement: string }[] {
  const tsconfig = JSON.parse(readFileSync(resolve(root, "tsconfig.json"), "utf8")) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return Object.entries(tsconfig.compilerOptions.paths)
    .sort(([a], [b]) => b.length - a.length)
    .map(([key, [target]]) => {
      const wildcard = key.endsWith("/*");
      const prefix = wildcard ? key.slice(0, -2) : key;
      const escaped = prefix.replace(/[/.]/g, "\\$&");
      return wildcard
        ? { find: new RegExp(`^${escaped}/(.+)$`), replacement: resolve(root, target!.replace("*", "$1")) }
        : { find: new RegExp(`^${escaped}$`), replacement: resolve(root, target!) };
    });
}

export default defineConfig({
  resolve: { alias: aliasesFromTsconfig() },
  test: {
    include: ["packages/*/src/**/*.test.ts", "bench/**/*.test.ts"],
    setupFiles: [resolve(root, "scripts/vitest-setup.ts")],
    testTimeout: 30_000,
    // Test files share their worker's module graph: every file imports the same sources, and evaluating
    // them once per file cost two thirds of the suite's time (155 s -> 27 s on 2 cores). Tests that spy on
    // process streams restore their spies and exit code in afterEach.
    isolate: false,
    reporters: ["default", new CountingReporter()],
  },
});
