import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { run } from "./cli-test-support";

const directory = mkdtempSync(join(tmpdir(), "meshwright-validate-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

function file(name: string, text: string): string {
  writeFileSync(join(directory, name), text);
  return join(directory, name);
}

const mesh = (manifests: string) => `apiVersion: meshwright.dev/v1alpha1
kind: Mesh
spec:
  meshId: m
  networks: [n]
  clusters:
    - name: a
      network: n
      manifests: [${manifests}]
`;

file("good.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n");
file(
  "bad.yaml",
  "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: {version: 1}\nspec:\n  ports:\n  - port: 0\n",
);
file("unknown.yaml", "apiVersion: admiral.io/v1alpha1\nkind: Dependency\nmetadata:\n  name: d\n");
const valid = file("valid-mesh.yaml", mesh("good.yaml, unknown.yaml"));
const invalid = file("invalid-mesh.yaml", mesh("bad.yaml, missing.yaml"));

describe("meshwright validate", () => {
  it("exits 0 on a valid mesh and says so (infos included)", async () => {
    const { code, stdout, stderr } = await run("validate", valid);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toContain("info  MW1200");
    expect(stdout).toContain("is valid: 0 error(s), 0 warning(s), 1 info(s)");
  });

  it("exits 1 on an invalid mesh, one line per finding (file:line:col severity CODE path message) with its fix", async () => {
    const { code, stdout } = await run("validate", invalid);
    expect(code).toBe(1);
    const lines = stdout.split("\n");
    expect(lines).toContain(
      `${join(directory, "bad.yaml")}:5:21  error  MW1305 $.metadata.labels.version  value of "version" must be a string, found integer 1`,
    );
    expect(lines).toContain(
      `${join(directory, "bad.yaml")}:8:11  error  MW1400 $.spec.ports[0].port  port must be an integer between 1 and 65535, found integer 0`,
    );
    expect(stdout).toContain(
      `${invalid}:9:29  error  MW1502 $.spec.clusters[0].manifests[1]  file not found: missing.yaml`,
    );
    expect(stdout).toContain("    fix: Use an integer port between 1 and 65535.");
    expect(stdout).toMatch(/is invalid: \d+ error\(s\)/);
  });

  it("prints JSON { ok, errors, warnings, infos } with -o json", async () => {
    const { code, stdout } = await run("validate", invalid, "-o", "json");
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      ok: boolean;
      errors: Record<string, unknown>[];
      warnings: unknown[];
      infos: unknown[];
    };
    expect(report.ok).toBe(false);
    expect(report.errors.map((e) => e.code).slice(0, 3)).toEqual(["MW1305", "MW1400", "MW1502"]);
    expect(report.errors[1]).toMatchObject({
      file: join(directory, "bad.yaml"),
      line: 8,
      column: 11,
      path: "$.spec.ports[0].port",
    });
    expect(report.warnings).toEqual([]);
  });

  it("prints YAML and table output too", async () => {
    expect((await run("validate", valid, "-o", "yaml")).stdout).toMatch(/^ok: true\n/);
    const table = await run("validate", invalid, "-o", "table");
    expect(table.code).toBe(1);
    expect(table.stdout).toContain("MW1400");
  });

  it("exits 2 on usage errors, without a stack trace", async () => {
    const missingArgument = await run("validate");
    expect(missingArgument.code).toBe(2);
    const badFormat = await run("validate", valid, "-o", "xml");
    expect(badFormat).toMatchObject({ code: 2, stdout: "" });
    expect(badFormat.stderr).toContain('unknown output format "xml"');
    const missingFile = await run("validate", join(directory, "nope.yaml"));
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toContain("no such file");
    for (const result of [missingArgument, badFormat, missingFile])
      expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
