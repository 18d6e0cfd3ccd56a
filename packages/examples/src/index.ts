/**
 * @meshwright/examples: the seed scenarios meshwright was created from, as Mesh documents with their
 * manifests (shipped in `meshes/`), a catalogue of what each demonstrates and the calls it makes, and a
 * loader.
 */
export { isSeedId, SEED_IDS, SEEDS } from "./catalogue";
export { EXAMPLES_CODES } from "./codes";
export { type LoadSeedOptions, loadSeed } from "./load-seed";
export { meshesDirectory, seedDirectory, seedFilePath, seedMeshPath } from "./paths";
export type { ClusterManifest, ExpectedResult, SeedCall, SeedEntry, SeedId, SeedStage } from "./seed";
export { applyStageToMeshDocument } from "./stage-document";
export {
  type ClusterSummary,
  type GatewaySummary,
  type MeshSummary,
  type NamespaceSummary,
  summarizeMesh,
} from "./summary";
