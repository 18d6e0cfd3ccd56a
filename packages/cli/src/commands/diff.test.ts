import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PART_11, run, SEED_000 } from "./cli-test-support";

const directory = mkdtempSync(join(tmpdir(), "meshwright-diff-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A copy of the seed-000 Mesh document that also lists the Part 11 overlay for aks-cluster. */
function meshWithPart11(): string {
  const seed = dirname(SEED_000);
  const text = readFileSync(SEED_000, "utf8")
    .replaceAll(/^(\s+- )(eks-cluster|aks-cluster)\//gm, `$1${seed}/$2/`)
    .replace(`- ${seed}/aks-cluster/shell.yaml`, `- ${seed}/aks-cluster/shell.yaml\n        - ${PART_11}`);
  const path = join(directory, "after.yaml");
  writeFileSync(path, text);
  return path;
}

/** A Mesh document with an error (a cluster on a network the mesh does not declare). */
function invalidMesh(): string {
  const path = join(directory, "invalid.yaml");
  writeFileSync(
    path,
    "apiVersion: meshwright.dev/v1alpha1\nkind: Mesh\nspec:\n  clusters: [{ name: a, network: ghost }]\n",
  );
  return path;
}

describe("meshwright diff", () => {
  it("--mesh --apply: lists the pairs the policies deny and exits 1 (CI gate)", async () => {
    const { code, stdout } = await run(
      "diff",
      "--mesh",
      SEED_000,
      "--apply",
      PART_11,
      "--cluster",
      "aks-cluster",
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(/AUTHZ_DENIED_TCP/);
    expect(stdout).toMatch(/hop \d authz: ALLOW → DENY/);
    expect(stdout).toMatch(/pair\(s\) changed of/);
  });

  it("--before/--after: the same changes, as JSON", async () => {
    const { code, stdout } = await run(
      "diff",
      "--before",
      SEED_000,
      "--after",
      meshWithPart11(),
      "-o",
      "json",
    );
    expect(code).toBe(1);
    const result = JSON.parse(stdout);
    expect(result.changes.length).toBeGreaterThan(0);
    for (const change of result.changes)
      expect(change.destination).toBe("echo-service.app-a.svc.cluster.local:8080");
  });

  it("exits 0 when nothing changes", async () => {
    const { code, stdout } = await run("diff", "--before", SEED_000, "--after", SEED_000);
    expect(code).toBe(0);
    expect(stdout).toMatch(/no outcome changed/);
  });

  it("--fault: a cluster down", async () => {
    const { code, stdout } = await run(
      "diff",
      "--mesh",
      SEED_000,
      "--fault",
      "cluster-down=aks-cluster",
      "-o",
      "yaml",
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(/UPSTREAM_CONNECT_FAILURE|GATEWAY_UNREACHABLE/);
  });

  it("explains usage errors without a stack trace (exit 2)", async () => {
    for (const argv of [
      ["diff", "--mesh", SEED_000],
      ["diff", "--before", SEED_000],
      ["diff", "--mesh", SEED_000, "--apply", PART_11],
      ["diff", "--mesh", SEED_000, "--delete", "AuthorizationPolicy/app-a/nope", "--cluster", "aks-cluster"],
      ["diff", "--mesh", SEED_000, "--fault", "meteor=everything"],
      // An invalid mesh is no changed outcome: a CI gate must tell the two apart.
      ["diff", "--before", SEED_000, "--after", invalidMesh()],
    ]) {
      const { code, stderr } = await run(...argv);
      expect(code, argv.join(" ")).toBe(2);
      expect(stderr).toMatch(/^meshwright: /);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
