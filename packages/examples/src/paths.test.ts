import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SEED_IDS, SEEDS } from "./catalogue";
import { examplesPackageRoot, findPackageRoot } from "./package-root";
import { seedDirectory, seedFilePath, seedMeshPath } from "./paths";

const created: string[] = [];
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

function fakePackage(name: string): string {
  const root = mkdtempSync(join(tmpdir(), "meshwright-examples-"));
  created.push(root);
  writeFileSync(join(root, "package.json"), JSON.stringify({ name }));
  mkdirSync(join(root, "meshes"));
  mkdirSync(join(root, "dist"));
  mkdirSync(join(root, "src", "seeds"), { recursive: true });
  return root;
}

describe("package root", () => {
  it("is found from dist/ (published build) and from src/seeds/ (sources)", () => {
    const root = fakePackage("@meshwright/examples");
    expect(findPackageRoot(join(root, "dist"))).toBe(root);
    expect(findPackageRoot(join(root, "src", "seeds"))).toBe(root);
  });

  it("is not another package's directory, even with a meshes/ folder", () => {
    const other = fakePackage("someone-else");
    expect(findPackageRoot(join(other, "dist"))).toBeUndefined();
  });

  it("resolves to this checkout's packages/examples", () => {
    expect(examplesPackageRoot()).toMatch(/packages[/\\]examples$/);
  });
});

describe("seed paths", () => {
  it.each(SEED_IDS)("seed %s: mesh.yaml and files live in meshes/<directory>", (id) => {
    expect(seedDirectory(id)).toBe(join(examplesPackageRoot(), "meshes", SEEDS[id].directory));
    expect(seedMeshPath(id)).toBe(join(seedDirectory(id), "mesh.yaml"));
    expect(seedFilePath(id, "a/b.yaml")).toBe(join(seedDirectory(id), "a", "b.yaml"));
  });
});
