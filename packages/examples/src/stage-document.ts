import type { Diagnostic } from "@meshwright/core";
import { type Document, isMap, isScalar, isSeq, parseDocument, type YAMLMap, YAMLSeq } from "yaml";
import { EXAMPLES_CODES, examplesError } from "./codes";
import type { ClusterManifest, SeedStage } from "./seed";

/**
 * Rewrites a Mesh document for one stage of a seed: appends the stage's manifests to their clusters'
 * `manifests` lists and drops the ones it removes. Works on the YAML document (comments and layout kept),
 * so the loader sees the same file with only those list entries changed. Every change that does not apply
 * (unknown cluster, entry not listed) is reported; the text is returned only when all apply.
 */
export function applyStageToMeshDocument(
  meshText: string,
  stage: SeedStage,
  file: string,
): { readonly text?: string; readonly diagnostics: readonly Diagnostic[] } {
  const document = parseDocument(meshText);
  const diagnostics: Diagnostic[] = [];
  for (const change of stage.remove) {
    const found = manifestsOf(document, change, file, stage, diagnostics);
    if (!found) continue;
    const index = found.manifests.items.findIndex((item) => isScalar(item) && item.value === change.file);
    if (index < 0) {
      diagnostics.push(stageError(stage, change, file, `${found.path}.manifests`, "not listed there"));
    } else {
      found.manifests.delete(index);
    }
  }
  for (const change of stage.add) {
    const found = manifestsOf(document, change, file, stage, diagnostics);
    found?.manifests.add(change.file);
  }
  return diagnostics.length > 0 ? { diagnostics } : { text: document.toString(), diagnostics };
}

/** The `manifests` sequence of the cluster a change names (created empty when the cluster lists none). */
function manifestsOf(
  document: Document,
  change: ClusterManifest,
  file: string,
  stage: SeedStage,
  diagnostics: Diagnostic[],
): { readonly manifests: YAMLSeq; readonly path: string } | undefined {
  const clusters = document.getIn(["spec", "clusters"]);
  const items = isSeq(clusters) ? clusters.items : [];
  const index = items.findIndex((item) => isMap(item) && item.get("name") === change.cluster);
  if (index < 0) {
    diagnostics.push(
      stageError(stage, change, file, "$.spec.clusters", `no cluster named ${change.cluster}`),
    );
    return undefined;
  }
  const cluster = items[index] as YAMLMap;
  const path = `$.spec.clusters[${index}]`;
  const existing = cluster.get("manifests");
  if (isSeq(existing)) return { manifests: existing, path };
  const manifests = new YAMLSeq();
  cluster.set("manifests", manifests);
  return { manifests, path };
}

function stageError(
  stage: SeedStage,
  change: ClusterManifest,
  file: string,
  path: string,
  found: string,
): Diagnostic {
  return examplesError(EXAMPLES_CODES.stageDoesNotApply, {
    message: `stage ${stage.name} cannot change manifest ${change.file} of cluster ${change.cluster}: ${found}`,
    file,
    path,
    cluster: change.cluster,
    expected: `cluster ${change.cluster} listing ${change.file}`,
    found,
    fix: `correct stage ${stage.name} in the seed catalogue or the seed's mesh.yaml`,
  });
}
