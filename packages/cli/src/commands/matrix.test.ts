import { describe, expect, it } from "vitest";
import { run, SEED_000 } from "./cli-test-support";

describe("meshwright matrix", () => {
  it("prints the grid of source classes × service ports", async () => {
    const { code, stdout, stderr } = await run("matrix", "--mesh", SEED_000);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toMatch(/^SOURCE +\| echo-service\.app-a:8080/);
    expect(stdout).toMatch(/eks-cluster\/default\/eks-echo,eks-shell \(ambient, us-east-2\/us-east-2a\)/);
    expect(stdout).toMatch(/\d+ source class\(es\) × 6 destination\(s\)/);
    // Not a terminal: no progress display.
    expect(stderr).toBe("");
  });

  it("filters sources and destinations by glob and writes CSV", async () => {
    const { code, stdout } = await run(
      "matrix",
      "--mesh",
      SEED_000,
      "--sources",
      "eks-cluster/default/*",
      "--destinations",
      "*.app-a.svc.cluster.local:*",
      "-o",
      "csv",
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toBe("source,destination,ok,code,name,symptom,served_by,sample");
    expect(
      lines
        .slice(1)
        .every(
          (l) => l.startsWith("eks-cluster/default|") && l.includes("app-a.svc.cluster.local:8080,true"),
        ),
    ).toBe(true);
  });

  it("writes typed JSON and samples destinations", async () => {
    const { stdout } = await run("matrix", "--mesh", SEED_000, "--sample", "2", "-o", "json");
    const matrix = JSON.parse(stdout);
    expect(matrix.destinations.length).toBe(2);
    expect(matrix.cells.length).toBe(matrix.classes.length * 2);
  });

  it("reports usage errors with exit 2", async () => {
    expect((await run("matrix", "--mesh", SEED_000, "--sample", "0")).code).toBe(2);
    expect((await run("matrix", "--mesh", SEED_000, "-o", "xml")).code).toBe(2);
    const empty = await run("matrix", "--mesh", SEED_000, "--sources", "");
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("MW6601");
  });
});
