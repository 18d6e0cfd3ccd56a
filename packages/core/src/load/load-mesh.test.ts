import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MeshwrightError } from "../diagnostics/diagnostic";
import { loadMesh, loadMeshFromString, loadMeshOrThrow } from "./load-mesh";
import { Locator } from "./source";
import { repoRoot } from "./test-support/shared-dir";

const root = mkdtempSync(join(tmpdir(), "meshwright-load-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes files under a fresh directory; returns the directory. */
function project(files: Record<string, string>): string {
  const directory = mkdtempSync(join(root, "p-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), text);
  }
  return directory;
}

const deployment = (name: string, namespace?: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ""}spec:
  replicas: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: ${name}
        image: ${name}:1
`;
/** A Mesh document of one cluster `a` on network `n` reading `manifests` (the manifests entry is line 6). */
const oneClusterMesh = (...manifests: string[]) =>
  `apiVersion: meshwright.dev/v1alpha1\nkind: Mesh\nspec:\n  meshId: m\n  networks: [n]\n  clusters: [{name: a, network: n, manifests: [${manifests.join(", ")}]}]\n`;
const service = (name: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: {app: ${name}}\n  ports:\n  - name: http\n    port: 80\n`;

const MESH = `apiVersion: meshwright.dev/v1alpha1
kind: Mesh
metadata:
  name: test
spec:
  meshId: mesh1
  networks: [network1, {name: network2}]
  clusters:
    - name: east
      provider: {kind: eks, region: us-east-2}
      network: network1
      remoteSecrets: [west]
      manifests:
        - apps.yaml
        - { path: dir/, namespace: sample }
        - "glob/*.yaml"
    - name: west
      provider: {kind: aks, region: eastus}
      network: network2
      remoteSecrets: [east]
      manifests: [apps.yaml]
      resources:
        - apiVersion: v1
          kind: Namespace
          metadata: {name: sample, labels: {istio-injection: enabled}}
`;

describe("loadMesh", () => {
  const directory = project({
    "mesh.yaml": MESH,
    "apps.yaml": `${deployment("web")}---\n${service("web")}`,
    "dir/a.yaml": deployment("a"),
    "dir/nested/b.yml": `${deployment("b")}---\n${service("b")}`,
    "dir/README.md": "not a manifest",
    "glob/c.yaml": deployment("c", "other"),
    "glob/d.json": JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "d" } }),
  });
  const result = loadMesh(join(directory, "mesh.yaml"));

  it("builds the mesh from files, directories (recursively, *.yaml|*.yml|*.json) and globs", () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    const [east, west] = result.mesh!.clusters;
    expect(east!.resources.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      "Deployment/default/web",
      "Service/default/web",
      "Deployment/sample/a",
      "Deployment/sample/b",
      "Service/sample/b",
      "Deployment/other/c",
    ]);
    expect(west!.resources.map((o) => o.kind)).toEqual(["Deployment", "Service", "Namespace"]);
    expect(east!.workloads).toHaveLength(8);
  });

  it("applies the document defaults", () => {
    const mesh = result.mesh!;
    expect([mesh.trustDomain, mesh.rootNamespace, mesh.istioVersion, mesh.flavour]).toEqual([
      "cluster.local",
      "istio-system",
      "1.31",
      "upstream",
    ]);
    expect(mesh.clusters[0]!.podCidrs).toEqual(["10.1.0.0/16"]);
    expect(mesh.clusters[1]!.controlPlane).toEqual({ role: "primary" });
  });

  it("records where each cluster object came from (shared files are parsed once)", () => {
    const east = result.sources.clusters[0]!;
    expect(east.map((s) => s.file)).toEqual([
      join(directory, "apps.yaml"),
      join(directory, "apps.yaml"),
      join(directory, "dir/a.yaml"),
      join(directory, "dir/nested/b.yml"),
      join(directory, "dir/nested/b.yml"),
      join(directory, "glob/c.yaml"),
    ]);
    expect(result.sources.clusters[1]![0]).toBe(east[0]);
    const inline = result.sources.clusters[1]![2]!;
    expect(inline.basePath).toEqual(["spec", "clusters", 1, "resources", 0]);
    const location = new Locator(result.sources.files).locate(inline, ["metadata", "labels"]);
    expect(location).toMatchObject({ file: join(directory, "mesh.yaml"), line: 25 });
    const deploymentSource = east[0]!;
    const image = new Locator(result.sources.files).locate(
      deploymentSource,
      "$.spec.template.spec.containers[0].image",
    );
    expect(image).toEqual({ file: join(directory, "apps.yaml"), document: 0, line: 15, column: 16 });
  });

  it("loadMeshOrThrow returns the mesh", () => {
    expect(loadMeshOrThrow(join(directory, "mesh.yaml")).meshId).toBe("mesh1");
  });
});

describe("loadMesh diagnostics", () => {
  function load(mesh: string, files: Record<string, string> = {}) {
    const directory = project({ "mesh.yaml": mesh, ...files });
    return loadMesh(join(directory, "mesh.yaml"));
  }

  it("validates the Mesh document: unknown field, wrong type, bad enum (istioVersion 1.29)", () => {
    const result = load(`apiVersion: meshwright.dev/v1alpha1
kind: Mesh
spec:
  meshId: mesh1
  istioVersion: "1.29"
  clusters:
    - name: a
      netwrok: n1
      remoteSecrets: b
`);
    expect(result.ok).toBe(false);
    expect(result.mesh).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.line, d.column, d.path])).toEqual([
      ["MW1102", 5, 17, "$.spec.istioVersion"],
      ["MW1100", 8, 7, "$.spec.clusters[0].netwrok"],
      ["MW1101", 9, 22, "$.spec.clusters[0].remoteSecrets"],
    ]);
    expect(result.diagnostics[0]!.message).toBe('value "1.29" is not one of "1.30", "1.31"');
    expect(result.diagnostics[1]!.fix).toBe('Did you mean "network"?');
  });

  it("reports a missing manifest with the path as written, at its entry", () => {
    const result = load(`apiVersion: meshwright.dev/v1alpha1
kind: Mesh
spec:
  meshId: m
  networks: [n]
  clusters:
    - name: a
      network: n
      manifests: [missing.yaml, "nothing/*.yaml"]
`);
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.line, d.path, d.message])).toEqual([
      ["MW1502", "error", 9, "$.spec.clusters[0].manifests[0]", "file not found: missing.yaml"],
      [
        "MW1503",
        "warning",
        9,
        "$.spec.clusters[0].manifests[1]",
        'glob "nothing/*.yaml" holds no *.yaml, *.yml or *.json file',
      ],
    ]);
  });

  it("points createMesh findings at the Mesh document or the manifest line they concern", () => {
    const result = load(
      `apiVersion: meshwright.dev/v1alpha1
kind: Mesh
spec:
  meshId: m
  networks: [n]
  clusters:
    - name: a
      network: undeclared
      manifests: [apps.yaml, apps.yaml, copy.yaml]
`,
      { "apps.yaml": deployment("web"), "copy.yaml": `# the same Deployment again\n${deployment("web")}` },
    );
    const network = result.diagnostics.find((d) => d.code === "MW2004");
    expect(network).toMatchObject({ line: 8, path: "$.spec.clusters[0].network" });
    const duplicate = result.diagnostics.find((d) => d.code === "MW2017");
    expect(duplicate?.file).toMatch(/copy\.yaml$/);
    expect(duplicate?.line).toBeGreaterThanOrEqual(2);
  });

  it("applies a manifest entry's namespace like kubectl apply -n, and refuses a conflicting one", () => {
    const result = load(
      `apiVersion: meshwright.dev/v1alpha1
kind: Mesh
spec:
  meshId: m
  networks: [n]
  clusters:
    - name: a
      network: n
      manifests: [{path: apps.yaml, namespace: sample}]
`,
      { "apps.yaml": `${deployment("web")}---\n${deployment("api", "other")}` },
    );
    expect(result.mesh!.clusters[0]!.resources.map((o) => o.metadata.namespace)).toEqual(["sample", "other"]);
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([["MW1505", 21]]);
  });

  it("reports a label or controller-selector problem once, with the loader's code, not again from createMesh", () => {
    const controller = (name: string, selector: string, labels: string, metadataLabels = "{}") =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, labels: ${metadataLabels}}\nspec:\n  selector: ${selector}\n  template:\n    metadata: {labels: ${labels}}\n    spec: {containers: [{name: c, image: c}]}\n`;
    const result = load(oneClusterMesh("apps.yaml"), {
      "apps.yaml": [
        controller("keys", "{matchLabels: {app: keys}}", '{app: keys, "bad key!": x}', '{"bad key!": x}'),
        controller("values", '{matchLabels: {app: "bad value!"}}', '{app: "bad value!"}'),
        controller("mismatch", "{matchLabels: {app: other}}", "{app: mismatch}"),
        controller("operator", "{matchExpressions: [{key: app, operator: Equals, values: [x]}]}", "{app: x}"),
        controller("empty", "{matchLabels: {}}", "{app: x}"),
      ].join("---\n"),
    });
    expect(result.diagnostics.map((d) => [d.code, d.document, d.path])).toEqual([
      ["MW1303", 0, '$.metadata.labels["bad key!"]'],
      ["MW1303", 0, '$.spec.template.metadata.labels["bad key!"]'],
      ["MW1304", 1, "$.spec.template.metadata.labels.app"],
      ["MW1304", 1, "$.spec.selector.matchLabels.app"],
      ["MW1411", 2, "$.spec.selector"],
      ["MW1404", 3, "$.spec.selector.matchExpressions"],
      ["MW1410", 4, "$.spec.selector"],
    ]);
  });

  it("reports manifest problems with their own file and line", () => {
    const result = load(oneClusterMesh("bad.yaml"), {
      "bad.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 99999\n",
    });
    expect(result.diagnostics.map((d) => [d.code, d.file?.endsWith("bad.yaml"), d.line, d.column])).toEqual([
      ["MW1400", true, 7, 11],
    ]);
  });

  it("rejects files that are not a single Mesh document", () => {
    expect(load("apiVersion: v1\nkind: Service\n").diagnostics.map((d) => d.code)).toEqual(["MW1500"]);
    expect(load("# nothing\n").diagnostics.map((d) => d.code)).toEqual(["MW1501"]);
    const two = load(
      `apiVersion: meshwright.dev/v1alpha1\nkind: Mesh\nspec: {meshId: m}\n---\n${service("x")}`,
    );
    expect(two.diagnostics.map((d) => [d.code, d.line])).toEqual([["MW1501", 5]]);
  });

  it("reports an unreadable mesh file as a diagnostic, and loadMeshOrThrow throws all of them", () => {
    const result = loadMesh(join(root, "does-not-exist.yaml"));
    expect(result.diagnostics.map((d) => d.code)).toEqual(["MW1502"]);
    expect(() => loadMeshOrThrow(join(root, "does-not-exist.yaml"))).toThrow(MeshwrightError);
  });

  it("refuses files over maxFileBytes and files that are not UTF-8, at their manifest entry", () => {
    const directory = project({
      "mesh.yaml": oneClusterMesh("big.yaml", "latin1.yaml"),
      "big.yaml": `# ${"x".repeat(5000)}\n`,
    });
    writeFileSync(join(directory, "latin1.yaml"), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    const result = loadMesh(join(directory, "mesh.yaml"), { maxFileBytes: 4096 });
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["MW1004", 6],
      ["MW1005", 6],
    ]);
  });

  it("reads files through a caller's readFile", () => {
    const files: Record<string, string> = { "/virtual/apps.yaml": service("web") };
    const result = loadMeshFromString(oneClusterMesh("apps.yaml"), {
      file: "mesh.yaml",
      baseDir: "/virtual",
      readFile: (path) => files[path],
    });
    expect(result.ok).toBe(true);
    expect(result.mesh!.clusters[0]!.services.map((s) => s.name)).toEqual(["web"]);
    expect(result.sources.clusters[0]![0]!.file).toBe("apps.yaml");
  });
});

describe("docs/mesh-document.md", () => {
  it("its full example is a schema-valid Mesh document", () => {
    const doc = readFileSync(join(repoRoot, "docs/mesh-document.md"), "utf8");
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)![1]!;
    const result = loadMeshFromString(example, { file: "example.yaml", baseDir: root });
    const loaderCodes = result.diagnostics.map((d) => d.code).filter((code) => code.startsWith("MW1"));
    expect(new Set(loaderCodes)).toEqual(new Set(["MW1502"]));
    expect(result.mesh?.clusters[0]?.name).toBe("eks-cluster");
  });
});
