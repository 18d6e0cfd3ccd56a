import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SEED_IDS } from "./catalogue";
import { loadSeed } from "./load-seed";
import { summarizeMesh } from "./summary";

const GOLDEN_DIRECTORY = join(import.meta.dirname, "__golden__");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** Compares with `__golden__/<name>.json`, or (re)writes it when UPDATE_GOLDEN=1. */
function expectGolden(name: string, value: unknown): void {
  const path = join(GOLDEN_DIRECTORY, `${name}.json`);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (UPDATE) {
    writeFileSync(path, text);
    return;
  }
  if (!existsSync(path))
    throw new Error(`no golden file ${path}: run the tests with UPDATE_GOLDEN=1 to create it`);
  expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(path, "utf8")));
}

describe.each(SEED_IDS)("seed %s", (id) => {
  const result = loadSeed(id);

  it("loads with zero errors and zero warnings", () => {
    expect(result.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("matches its golden summary (clusters, networks, gateways, namespaces, workloads, services)", () => {
    expectGolden(`seed-${id}`, summarizeMesh(result.mesh!));
  });

  it("loads identically twice (deterministic derivation)", () => {
    expect(summarizeMesh(loadSeed(id).mesh!)).toEqual(summarizeMesh(result.mesh!));
  });
});
