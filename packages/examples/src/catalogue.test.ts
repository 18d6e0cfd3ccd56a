import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isSeedId, SEED_IDS, SEEDS } from "./catalogue";
import { seedFilePath, seedMeshPath } from "./paths";
import { applyStageToMeshDocument } from "./stage-document";

const WORKLOAD_REF = /^[a-z0-9-]+\/[a-z0-9-]+\/[a-z0-9-]+$/;

describe("seed catalogue", () => {
  it("has the five seeds, in order, each in meshes/seed-<id>-<slug>", () => {
    expect(SEED_IDS).toEqual(["000", "001", "002", "003", "004"]);
    for (const id of SEED_IDS) {
      expect(SEEDS[id].id).toBe(id);
      expect(SEEDS[id].directory).toMatch(new RegExp(`^seed-${id}-[a-z0-9-]+$`));
      expect(existsSync(seedMeshPath(id))).toBe(true);
    }
  });

  it("recognises seed ids given as strings", () => {
    expect(isSeedId("003")).toBe(true);
    expect(isSeedId("005")).toBe(false);
    expect(isSeedId("toString")).toBe(false);
  });

  it.each(SEED_IDS)("seed %s: every stage applies to its mesh file and names existing files", (id) => {
    for (const stage of SEEDS[id].stages) {
      for (const change of [...stage.add, ...stage.remove])
        expect(existsSync(seedFilePath(id, change.file))).toBe(true);
      const result = applyStageToMeshDocument(
        readFileSync(seedMeshPath(id), "utf8"),
        stage,
        seedMeshPath(id),
      );
      expect(result.diagnostics).toEqual([]);
    }
  });

  it.each(SEED_IDS)("seed %s: calls have unique ids, known stages and well-formed expectations", (id) => {
    const seed = SEEDS[id];
    const stages = new Set(seed.stages.map((s) => s.name));
    expect(new Set(seed.calls.map((c) => c.id)).size).toBe(seed.calls.length);
    expect(seed.calls.length).toBeGreaterThan(0);
    for (const call of seed.calls) {
      expect(call.from).toMatch(WORKLOAD_REF);
      if (call.stage !== undefined) expect(stages.has(call.stage)).toBe(true);
      if (call.expected.outcome === "success") {
        expect(call.expected.servedBy?.length).toBeGreaterThan(0);
        for (const ref of call.expected.servedBy ?? []) expect(ref).toMatch(WORKLOAD_REF);
      } else {
        expect(call.expected.symptom).toBeTruthy();
      }
    }
  });
});
