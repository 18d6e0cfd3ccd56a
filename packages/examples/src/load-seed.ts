import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { type Diagnostic, type LoadResult, loadMesh, loadMeshFromString } from "@meshwright/core";
import { isSeedId, SEED_IDS, SEEDS } from "./catalogue";
import { EXAMPLES_CODES, examplesError } from "./codes";
import { seedMeshPath } from "./paths";
import { applyStageToMeshDocument } from "./stage-document";

/** Options of `loadSeed`. */
export interface LoadSeedOptions {
  /** A stage of the seed (`SEEDS[id].stages`); absent = the mesh file as it is. */
  readonly stage?: string;
}

/**
 * Loads a seed's mesh with `loadMesh` from `@meshwright/core`. With a `stage`, the seed's mesh file is
 * first rewritten in memory to list that stage's manifests (`applyStageToMeshDocument`), then loaded with
 * `loadMeshFromString` from the same file and directory, so diagnostics point at the real files. Never
 * throws: an unknown seed or stage, or missing package data, is an error diagnostic (`MW8001`-`MW8004`).
 */
export function loadSeed(id: string, options: LoadSeedOptions = {}): LoadResult {
  if (!isSeedId(id)) {
    return failed(id, [
      examplesError(EXAMPLES_CODES.unknownSeed, {
        message: `no seed ${JSON.stringify(id)}`,
        expected: `one of ${SEED_IDS.join(", ")}`,
        found: id,
        fix: "pass a seed id from SEED_IDS",
      }),
    ]);
  }
  let meshPath: string;
  try {
    meshPath = seedMeshPath(id);
  } catch (error) {
    return failed(id, [meshesUnavailable(error)]);
  }
  if (options.stage === undefined) return loadMesh(meshPath);
  const seed = SEEDS[id];
  const stage = seed.stages.find((s) => s.name === options.stage);
  if (stage === undefined) {
    const known = seed.stages.map((s) => s.name);
    return failed(meshPath, [
      examplesError(EXAMPLES_CODES.unknownStage, {
        message: `seed ${id} has no stage ${JSON.stringify(options.stage)}`,
        file: meshPath,
        expected: known.length > 0 ? `one of ${known.join(", ")}` : "no stage (this seed defines none)",
        found: options.stage,
        fix: `pick a stage from SEEDS["${id}"].stages, or omit it for the mesh file as it is`,
      }),
    ]);
  }
  let text: string;
  try {
    text = readFileSync(meshPath, "utf8");
  } catch (error) {
    return failed(meshPath, [meshesUnavailable(error)]);
  }
  const staged = applyStageToMeshDocument(text, stage, meshPath);
  if (staged.text === undefined) return failed(meshPath, staged.diagnostics);
  return loadMeshFromString(staged.text, { file: meshPath, baseDir: dirname(meshPath) });
}

function meshesUnavailable(error: unknown): Diagnostic {
  return examplesError(EXAMPLES_CODES.meshesUnavailable, {
    message: `the seed meshes cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    expected: "the meshes/ directory shipped with @meshwright/examples",
    found: "none readable",
    fix: "reinstall @meshwright/examples (meshes/ is part of its published files)",
  });
}

function failed(file: string, diagnostics: readonly Diagnostic[]): LoadResult {
  return {
    ok: false,
    diagnostics: [...diagnostics],
    sources: { meshFile: file, files: new Map(), clusters: [] },
  };
}
