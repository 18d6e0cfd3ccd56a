/**
 * `loadMesh`: a Mesh document and the manifests it points at → the Mesh model, with every
 * diagnostic (YAML, schema, core-kind checks, cross-references from `createMesh`) located in the
 * user's files.
 */
import { dirname, resolve } from "node:path";
import { type Diagnostic, hasErrors, MeshwrightError } from "../diagnostics/diagnostic";
import { createMesh } from "../model/create-mesh";
import { applySpecDefaults } from "../model/derive/spec-defaults";
import type { ClusterSpecInput } from "../model/derive/spec-input";
import type { KubeObject } from "../model/kube-object";
import type { Mesh } from "../model/mesh";
import { loadDiagnostic } from "./codes";
import { formatPath, type JsonPath, parsePath } from "./json-path";
import { ManifestReader, readProblem } from "./manifest-files";
import { type ReadFile, readText } from "./mesh-document/file-access";
import { MESH_API_VERSION, MESH_KIND, meshDocumentValidator } from "./mesh-document/schema";
import { specPathTarget } from "./mesh-document/spec-paths";
import { type DocumentCluster, documentSpec } from "./mesh-document/to-spec-input";
import { withDefaultNamespace } from "./namespace-default";
import { collectObjects } from "./parse-manifests";
import { LoaderFindings } from "./restated-findings";
import { describeValue, schemaFindings } from "./schema/schema-findings";
import type { Finding, LoadedObject, ObjectSource, SourceTexts } from "./source";
import { validateObjects } from "./validate-object";
import { parseYaml } from "./yaml/parse-yaml";

/** Where everything in a loaded mesh came from. */
export interface SourceIndex {
  /** The Mesh document's file, as given. */
  readonly meshFile: string;
  /** The Mesh document itself. */
  readonly mesh?: ObjectSource;
  /** Text of every file read (the Mesh document and each manifest), by the name used in diagnostics. */
  readonly files: SourceTexts;
  /** `clusters[i][j]`: the source of `mesh.clusters[i].resources[j]`. */
  readonly clusters: readonly (readonly ObjectSource[])[];
}

/** The outcome of a load: the mesh when the document could be built, and every diagnostic. */
export interface LoadResult {
  /** True when no diagnostic is an error. */
  readonly ok: boolean;
  readonly mesh?: Mesh;
  readonly diagnostics: Diagnostic[];
  readonly sources: SourceIndex;
}

/** Options of `loadMesh`. */
export interface LoadMeshOptions {
  /** Reads files (the Mesh document and manifests); default: the file system. Directories and globs are always listed from disk. */
  readonly readFile?: ReadFile;
  /** Largest file read (default 256 MiB). */
  readonly maxFileBytes?: number;
  /** An earlier build of (nearly) the same mesh: unchanged clusters are reused (see `createMesh`). */
  readonly previous?: Mesh;
}

/** Options of `loadMeshFromString`. */
export interface LoadMeshFromStringOptions extends LoadMeshOptions {
  /** The document's name in diagnostics. */
  readonly file: string;
  /** Directory the document's relative manifest paths start from. */
  readonly baseDir: string;
}

const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

/** Loads the Mesh document at `path` and every manifest it names; never throws. */
export function loadMesh(path: string, options: LoadMeshOptions = {}): LoadResult {
  const content = readText(resolve(path), options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, options.readFile);
  if (content.kind !== "text") {
    const diagnostic = { ...readProblem(content, path), file: path };
    return {
      ok: false,
      diagnostics: [diagnostic],
      sources: { meshFile: path, files: new Map(), clusters: [] },
    };
  }
  return loadMeshFromString(content.text, { ...options, file: path, baseDir: dirname(resolve(path)) });
}

/** Like `loadMesh`, and returns the mesh or throws a `MeshwrightError` carrying every diagnostic. */
export function loadMeshOrThrow(path: string, options: LoadMeshOptions = {}): Mesh {
  const result = loadMesh(path, options);
  if (!result.ok || !result.mesh) throw new MeshwrightError(result.diagnostics);
  return result.mesh;
}

/** Loads a Mesh document given as text (manifest paths resolve against `baseDir`); never throws. */
export function loadMeshFromString(text: string, options: LoadMeshFromStringOptions): LoadResult {
  try {
    return new MeshLoad(text, options).run();
  } catch (error) {
    // A bug, not bad input: still a diagnostic rather than an exception (DESIGN.md principle 7).
    const message = `unexpected failure while loading: ${error instanceof Error ? error.message : String(error)}`;
    return {
      ok: false,
      diagnostics: [loadDiagnostic("MW1000", { message, file: options.file })],
      sources: { meshFile: options.file, files: new Map([[options.file, text]]), clusters: [] },
    };
  }
}

/** One load of one Mesh document. */
class MeshLoad {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly reader: ManifestReader;
  /** Manifest files whose own diagnostics were already reported (a file listed by several clusters reports once). */
  private readonly reportedFiles = new Set<string>();
  private meshSource: ObjectSource | undefined;

  constructor(
    private readonly text: string,
    private readonly options: LoadMeshFromStringOptions,
  ) {
    this.reader = new ManifestReader(
      {
        baseDir: options.baseDir,
        documentFile: options.file,
        maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
        ...(options.readFile ? { readFile: options.readFile } : {}),
      },
      text,
    );
  }

  run(): LoadResult {
    const spec = this.readDocument();
    if (!spec) return this.result();
    const document = documentSpec(spec);
    const sources: ObjectSource[][] = [];
    const clusters: ClusterSpecInput[] = document.clusters.map((cluster, index) => {
      const { objects, clusterSources } = this.clusterObjects(cluster, index);
      sources.push(clusterSources);
      return { ...cluster.input, resources: objects };
    });
    const built = createMesh(
      applySpecDefaults({ ...document.mesh, clusters }),
      this.options.previous ? { previous: this.options.previous } : {},
    );
    const loaderFindings = new LoaderFindings(this.diagnostics);
    for (const diagnostic of built.diagnostics) {
      const located = this.located(diagnostic, sources);
      if (!loaderFindings.restates(located)) this.diagnostics.push(located);
    }
    return this.result(built.mesh, sources);
  }

  private result(mesh?: Mesh, clusters: readonly (readonly ObjectSource[])[] = []): LoadResult {
    return {
      ok: !hasErrors(this.diagnostics),
      ...(mesh ? { mesh } : {}),
      diagnostics: this.diagnostics,
      sources: {
        meshFile: this.options.file,
        ...(this.meshSource ? { mesh: this.meshSource } : {}),
        files: this.reader.sourceTexts,
        clusters,
      },
    };
  }

  /** Parses and validates the Mesh document; its `spec` when it is valid. */
  private readDocument(): Record<string, unknown> | undefined {
    const { file } = this.options;
    const parsed = parseYaml(this.text, file);
    this.diagnostics.push(...parsed.diagnostics);
    const documents = parsed.documents.filter((d) => d.value !== undefined && d.value !== null);
    const first = documents[0];
    if (!first) {
      if (!hasErrors(parsed.diagnostics)) {
        this.diagnostics.push(loadDiagnostic("MW1501", { message: "the Mesh file holds no document", file }));
      }
      return undefined;
    }
    const { value, ...ref } = first;
    this.meshSource = { file, document: ref, basePath: [] };
    for (const extra of documents.slice(1)) {
      const { value: _extra, ...extraRef } = extra;
      this.report(
        { file, document: extraRef, basePath: [] },
        {
          code: "MW1501",
          path: [],
          message: `the Mesh file holds ${documents.length} documents; only the Mesh document belongs in it`,
        },
      );
    }
    const object = value as Record<string, unknown>;
    if (
      typeof value !== "object" ||
      Array.isArray(value) ||
      object.apiVersion !== MESH_API_VERSION ||
      object.kind !== MESH_KIND
    ) {
      this.report(this.meshSource, {
        code: "MW1500",
        path: [],
        message: `expected apiVersion ${MESH_API_VERSION} and kind ${MESH_KIND}`,
        expected: `${MESH_API_VERSION} ${MESH_KIND}`,
        found:
          typeof value === "object" && value !== null
            ? `apiVersion ${describeValue(object.apiVersion)}, kind ${describeValue(object.kind)}`
            : describeValue(value),
      });
      return undefined;
    }
    const validate = meshDocumentValidator();
    if (!validate(value)) {
      for (const finding of schemaFindings(validate.errors, value)) this.report(this.meshSource, finding);
      return undefined;
    }
    return object.spec as Record<string, unknown>;
  }

  /** Every object of one cluster (manifests in order, then inline resources), namespaces defaulted. */
  private clusterObjects(
    cluster: DocumentCluster,
    clusterIndex: number,
  ): { objects: KubeObject[]; clusterSources: ObjectSource[] } {
    const objects: KubeObject[] = [];
    const clusterSources: ObjectSource[] = [];
    const add = (loaded: LoadedObject, namespace: string | undefined): void => {
      const { object, conflict } = withDefaultNamespace(loaded.object, namespace);
      if (conflict) this.report(loaded.source, conflict);
      objects.push(object);
      clusterSources.push(loaded.source);
    };
    const seenFiles = new Set<string>();
    cluster.manifests.forEach((entry, entryIndex) => {
      const entryPath: JsonPath = ["spec", "clusters", clusterIndex, "manifests", entryIndex];
      const resolution = this.reader.resolveEntry(entry.path);
      if (resolution.finding) this.report(this.meshSource!, { ...resolution.finding, path: entryPath });
      for (const absolute of resolution.files) {
        if (seenFiles.has(absolute)) continue;
        seenFiles.add(absolute);
        const manifest = this.reader.read(absolute, entry.path);
        if (manifest.problem) {
          this.diagnostics.push({
            ...manifest.problem,
            ...this.reader.locator.locate(this.meshSource!, entryPath),
            path: formatPath(entryPath),
          });
        } else if (!this.reportedFiles.has(absolute)) {
          this.reportedFiles.add(absolute);
          this.diagnostics.push(...manifest.diagnostics);
        }
        for (const loaded of manifest.objects) add(loaded, entry.namespace);
      }
    });
    const inline: LoadedObject[] = [];
    cluster.resources.forEach((value, resourceIndex) => {
      const { document } = this.meshSource!;
      const basePath: JsonPath = ["spec", "clusters", clusterIndex, "resources", resourceIndex];
      collectObjects(
        { ...document, value },
        this.options.file,
        (s, f) => this.report(s, f),
        inline,
        basePath,
      );
    });
    this.diagnostics.push(...validateObjects(inline, this.reader.sourceTexts, this.reader.locator));
    for (const loaded of inline) add(loaded, undefined);
    return { objects, clusterSources };
  }

  private report(source: ObjectSource, finding: Finding): void {
    this.diagnostics.push(this.reader.locator.diagnostic(source, finding));
  }

  /** A `createMesh` diagnostic pointed at the file, line and column the user wrote. */
  private located(diagnostic: Diagnostic, sources: readonly (readonly ObjectSource[])[]): Diagnostic {
    const segments = diagnostic.path === undefined ? undefined : parsePath(diagnostic.path);
    if (!segments || diagnostic.file !== undefined || !this.meshSource) return diagnostic;
    const target = specPathTarget(segments);
    const { locator } = this.reader;
    if (target.kind === "resource") {
      const source = sources[target.cluster]?.[target.resource];
      if (!source) return diagnostic;
      return {
        ...diagnostic,
        ...locator.locate(source, target.rest),
        path: formatPath([...source.basePath, ...target.rest]),
      };
    }
    return { ...diagnostic, ...locator.locate(this.meshSource, target.path), path: formatPath(target.path) };
  }
}
