/**
 * Loading and validation: YAML manifests with positions, the Mesh document, schema validation of
 * Istio / Gateway API objects, checks of core kinds, and export back to YAML.
 */
export { type CodeInfo, LOAD_CODES, type LoadCode, loadDiagnostic } from "./codes";
export { formatPath, type JsonPath, type PathSegment, parsePath } from "./json-path";
export {
  type LoadMeshFromStringOptions,
  type LoadMeshOptions,
  type LoadResult,
  loadMesh,
  loadMeshFromString,
  loadMeshOrThrow,
  type SourceIndex,
} from "./load-mesh";
export type { ReadFile } from "./mesh-document/file-access";
export { MESH_API_VERSION, MESH_KIND, meshDocumentSchema } from "./mesh-document/schema";
export { type ParsedManifests, parseManifests } from "./parse-manifests";
export { crdKinds } from "./schema/crd-catalogue";
export {
  type DocumentRef,
  type Finding,
  type LoadedObject,
  Locator,
  type ObjectSource,
  type SourceTexts,
} from "./source";
export { meshDocument, toYAML } from "./to-yaml";
export { objectFindings, validateObjects } from "./validate-object";
export { type DocumentParser, type ParsedYaml, parseYaml, type YamlDocument } from "./yaml/parse-yaml";
