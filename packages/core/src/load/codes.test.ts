import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOAD_CODES, loadDiagnostic } from "./codes";
import { repoRoot } from "./test-support/shared-dir";

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("loading diagnostic codes", () => {
  it("are all MW1000-MW1999", () => {
    for (const code of Object.keys(LOAD_CODES)) expect(code).toMatch(/^MW1\d{3}$/);
  });

  it("every code the loader emits is in the catalogue", () => {
    const used = new Set(
      sourceFiles(join(repoRoot, "packages/core/src/load"))
        .filter((file) => !file.endsWith("codes.ts"))
        .flatMap((file) => readFileSync(file, "utf8").match(/MW1\d{3}/g) ?? []),
    );
    for (const code of used) expect(Object.keys(LOAD_CODES), code).toContain(code);
  });

  it("docs/validation.md lists every code with its severity", () => {
    const doc = readFileSync(join(repoRoot, "docs/validation.md"), "utf8");
    for (const [code, info] of Object.entries(LOAD_CODES)) {
      // Table cells may be padded by the formatter.
      expect(doc).toMatch(new RegExp(`^\\| ${code} +\\| ${info.severity} +\\|`, "m"));
    }
  });

  it("builds diagnostics with the catalogue's severity, fix and related code", () => {
    expect(loadDiagnostic("MW1100", { message: "m" })).toEqual({
      code: "MW1100",
      severity: "error",
      message: "m",
      fix: LOAD_CODES.MW1100.fix,
      related: "IST0106",
    });
    expect(loadDiagnostic("MW1200", { message: "m", fix: "own fix" }).fix).toBe("own fix");
  });
});
