import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { meshDiagram } from "./mesh-diagram";
import { seedMesh } from "./test-support";

/**
 * Golden files: the Mermaid and DOT diagrams of seeds 000 (EKS + ECS + AKS, ambient) and 004 (two AKS
 * clusters, classic gateways, Bookinfo) at the default detail. Any change to the output shows up as a
 * diff here; accept an intended change with UPDATE_GOLDEN=1.
 */
const GOLDEN_DIRECTORY = join(import.meta.dirname, "__golden__");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function expectGolden(name: string, text: string): void {
  const path = join(GOLDEN_DIRECTORY, name);
  if (UPDATE) {
    writeFileSync(path, text);
    return;
  }
  if (!existsSync(path))
    throw new Error(`no golden file ${path}: run the tests with UPDATE_GOLDEN=1 to create it`);
  expect(text).toBe(readFileSync(path, "utf8"));
}

describe.each(["000", "004"])("seed %s diagram", (id) => {
  const mesh = seedMesh(id);

  it.each([
    ["mermaid", "mmd"],
    ["dot", "dot"],
  ])("matches its golden %s file", (format, extension) => {
    const result = meshDiagram(mesh, { format });
    expect(result.diagnostics).toEqual([]);
    expectGolden(`seed-${id}.${extension}`, result.text!);
  });
});
