import { join } from "node:path";
import { SEEDS } from "./catalogue";
import { examplesPackageRoot } from "./package-root";
import type { SeedId } from "./seed";

/** The directory holding every seed mesh and the shared Istio samples (`<package>/meshes`). */
export function meshesDirectory(): string {
  return join(examplesPackageRoot(), "meshes");
}

/** The directory of one seed: its `mesh.yaml`, per-cluster manifests and overlays. */
export function seedDirectory(id: SeedId): string {
  return join(meshesDirectory(), SEEDS[id].directory);
}

/** The absolute path of a seed's Mesh document (`meshes/seed-<id>-<slug>/mesh.yaml`). */
export function seedMeshPath(id: SeedId): string {
  return join(seedDirectory(id), "mesh.yaml");
}

/** The absolute path of a file of a seed, given relative to the seed's directory (e.g. an overlay). */
export function seedFilePath(id: SeedId, relativePath: string): string {
  return join(seedDirectory(id), relativePath);
}
