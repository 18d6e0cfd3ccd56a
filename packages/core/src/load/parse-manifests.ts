/**
 * Parses a manifest file into Kubernetes objects with their sources: every YAML document, `List`
 * objects flattened into their items. Documents that are not objects (or lack apiVersion, kind or
 * metadata.name) become diagnostics, never exceptions; the rest is returned as written.
 */
import type { Diagnostic } from "../diagnostics/diagnostic";
import type { KubeObject } from "../model/kube-object";
import type { JsonPath } from "./json-path";
import { describeValue } from "./schema/schema-findings";
import { type Finding, type LoadedObject, Locator, type ObjectSource } from "./source";
import { parseYaml, type YamlDocument } from "./yaml/parse-yaml";

/** The objects of one file and every problem met reading them. */
export interface ParsedManifests {
  readonly objects: LoadedObject[];
  readonly diagnostics: Diagnostic[];
}

/** Parses `text` (named `file` in sources and diagnostics); never throws. */
export function parseManifests(text: string, file: string): ParsedManifests {
  const parsed = parseYaml(text, file);
  const diagnostics = [...parsed.diagnostics];
  const objects: LoadedObject[] = [];
  let locator: Locator | undefined;
  const report = (source: ObjectSource, finding: Finding): void => {
    locator ??= new Locator(new Map([[file, text]]));
    diagnostics.push(locator.diagnostic(source, finding));
  };
  for (const document of parsed.documents) {
    if (document.value === undefined || document.value === null) continue;
    collectObjects(document, file, report, objects);
  }
  return { objects, diagnostics };
}

/** Adds the document's object (or its List items) to `objects`, reporting what cannot be an object. */
export function collectObjects(
  document: YamlDocument,
  file: string,
  report: (source: ObjectSource, finding: Finding) => void,
  objects: LoadedObject[],
  basePath: JsonPath = [],
): void {
  const { value: _value, ...ref } = document;
  const source: ObjectSource = { file, document: ref, basePath };
  const value = document.value;
  const problem = shapeProblem(value);
  if (problem) {
    report(source, problem);
    return;
  }
  const object = value as KubeObject;
  if (!isList(object)) {
    objects.push({ object, source });
    return;
  }
  const items = object.items;
  if (!Array.isArray(items)) {
    report(source, {
      code: "MW1013",
      path: ["items"],
      message: `${object.kind} needs an "items" list, found ${describeValue(items)}`,
    });
    return;
  }
  items.forEach((item, index) => {
    collectObjects({ ...document, value: item }, file, report, objects, [...basePath, "items", index]);
  });
}

/** `kind: List` (and `<Kind>List`, as `kubectl get -o yaml` writes) with items. */
function isList(object: KubeObject): boolean {
  return object.kind === "List" || (object.kind.endsWith("List") && Array.isArray(object.items));
}

/** Why a value cannot be a Kubernetes object (relative paths), or `undefined`. */
export function shapeProblem(value: unknown): Finding | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return {
      code: "MW1010",
      path: [],
      message: `expected a Kubernetes object (a mapping), found ${describeValue(value)}`,
    };
  }
  const object = value as Record<string, unknown>;
  if (typeof object.apiVersion !== "string" || object.apiVersion === "") {
    return {
      code: "MW1011",
      path: ["apiVersion"],
      message:
        object.apiVersion === undefined
          ? "apiVersion is missing"
          : `apiVersion must be a string, found ${describeValue(object.apiVersion)}`,
    };
  }
  if (typeof object.kind !== "string" || object.kind === "") {
    return {
      code: "MW1012",
      path: ["kind"],
      message:
        object.kind === undefined
          ? "kind is missing"
          : `kind must be a string, found ${describeValue(object.kind)}`,
    };
  }
  if (isList(object as KubeObject)) return undefined;
  const metadata = object.metadata;
  const name =
    metadata !== null && typeof metadata === "object"
      ? (metadata as Record<string, unknown>).name
      : undefined;
  if (typeof name !== "string" || name === "") {
    if (object.kind === "IstioOperator" && object.apiVersion.startsWith("install.istio.io/")) {
      // istioctl reads IstioOperator files, which need no name; unnamed, it is no cluster object to keep.
      return {
        code: "MW1204",
        path: ["kind"],
        message:
          "IstioOperator without metadata.name is an istioctl install input, not a cluster object: skipped",
      };
    }
    return {
      code: "MW1300",
      path: metadata !== null && typeof metadata === "object" ? ["metadata", "name"] : ["metadata"],
      atKey: true,
      message: `${object.kind} has no metadata.name${name !== undefined ? ` (found ${describeValue(name)})` : ""}`,
    };
  }
  return undefined;
}
