import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadMesh } from "@meshwright/core";
import { seedMeshPath } from "@meshwright/examples";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "./cli-test-support";
import { svgTexts } from "./diagram/svg-document";

const directory = mkdtempSync(join(tmpdir(), "meshwright-diagram-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const seed000 = seedMeshPath("000");
const seed004 = seedMeshPath("004");

describe("meshwright diagram", () => {
  it("writes the topology as Mermaid to standard output by default", async () => {
    const { code, stdout, stderr } = await run("diagram", "--mesh", seed000);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toContain("flowchart LR");
    expect(stdout).toContain('subgraph cluster_eks_cluster ["eks-cluster · primary · network network1"]');
    expect(stdout).toContain(
      'subgraph namespace_eks_cluster_ecs_istio_multicloud_1 ["ECS cluster ecs-istio-multicloud-1"]',
    );
    expect(stdout).toContain('istiod_eks_cluster -.->|"reads<br/>remote secret"| api_server_aks_cluster');
  });

  it("-f dot writes Graphviz DOT", async () => {
    const { code, stdout } = await run("diagram", "--mesh", seed004, "-f", "dot");
    expect(code).toBe(0);
    expect(stdout.startsWith("digraph meshwright {")).toBe(true);
    expect(stdout).toContain('"gateway:cluster2/istio-system/istio-eastwestgateway"');
  });

  it("-f svg renders in-process: well-formed XML showing every cluster, the same bytes every time", async () => {
    const first = await run("diagram", "--mesh", seed000, "-f", "svg");
    expect(first.code).toBe(0);
    const texts = svgTexts(first.stdout);
    for (const cluster of ["eks-cluster", "aks-cluster"]) expect(texts).toContain(cluster);
    expect(texts).toContain("AWS EKS · us-east-2");
    expect(texts).toContain("198.51.100.20");
    expect((await run("diagram", "--mesh", seed000, "-f", "svg")).stdout).toBe(first.stdout);
  });

  it("-o writes the diagram to a file (creating its directory) and says so on standard error", async () => {
    const file = join(directory, "out", "seed-004.svg");
    const { code, stdout, stderr } = await run("diagram", "--mesh", seed004, "-f", "svg", "-o", file);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^wrote .*seed-004\.svg \(svg, \d+ bytes\)\n$/);
    expect(svgTexts(readFileSync(file, "utf8"))).toEqual(expect.arrayContaining(["cluster1", "cluster2"]));
  });

  it("--detail namespaces collapses namespaces; workloads adds the pods", async () => {
    const namespaces = await run("diagram", "--mesh", seed004, "--detail", "namespaces");
    expect(namespaces.stdout).toContain(
      'namespace_cluster2_bookinfo[["namespace bookinfo<br/>2 services · 3 workloads"]]',
    );
    const workloads = await run("diagram", "--mesh", seed004, "--detail", "workloads");
    expect(workloads.stdout).toMatch(
      /workload_cluster2_bookinfo_reviews_v3_\w+\["reviews-v3-\w+-\w+<br\/>Pod · sidecar<br\/>eastus\/0"\]/,
    );
  });

  it("--from/--to draw the simulated request: the failing hop in red with its symptom (exit 0: the diagram was drawn)", async () => {
    const { code, stdout } = await run(
      "diagram",
      ...["--mesh", seed004, "-f", "dot"],
      ...["--from", "cluster1/sample/sleep", "--to", "reviews.bookinfo:9080/reviews/0"],
      ...["--fault", "gateway-down=cluster2"],
    );
    expect(code).toBe(0);
    expect(stdout).toContain("GET reviews.bookinfo:9080/reviews/0 from cluster1/sample/sleep-");
    expect(stdout).toContain("faults: east-west gateway (all) in cluster2 down");
    const failed = stdout
      .split("\n")
      .find((line) => line.includes('color="#cf222e"') && line.includes("->"))!;
    expect(failed).toContain('-> "gateway:cluster2/istio-system/istio-eastwestgateway"');
    expect(failed).toContain(
      "#1 mTLS\\nSNI outbound_.9080_._.reviews.bookinfo.svc.cluster.local\\nto 198.51.100.42:15443",
    );
    expect(failed).toContain("✗ MW5006 GATEWAY_UNREACHABLE\\nHTTP 503: upstream connect error or");
  });

  it("a successful ambient request crosses networks through the remote gateway with double HBONE", async () => {
    const { code, stdout } = await run(
      "diagram",
      ...["--mesh", seed000, "--from", "eks-cluster/default/eks-shell"],
      ...["--to", "echo-service.app-a.svc.cluster.local:8080"],
    );
    expect(code).toBe(0);
    expect(stdout).toContain(
      '==>|"#35;1 double HBONE<br/>CONNECT echo-service.app-a.svc.cluster.local:8080<br/>inner CONNECT echo-service.app-a.svc.cluster.local:8080<br/>to 198.51.100.20:15008"| gateway_aks_cluster_istio_system_eastwest',
    );
    expect(stdout).not.toContain("#cf222e");
  });

  it.each([
    [["-f", "png"], 'MW8502 --format  unknown diagram format "png"'],
    [["--detail", "pods"], 'MW8501 detail  unknown diagram detail "pods"'],
    [["--from", "eks-cluster/default/eks-shell"], "--from and --to go together"],
    [["--fault", "cluster-down=aks-cluster"], "--fault: only with a request (add --from and --to)"],
    [["--from", "eks-cluster/default/nope", "--to", "x:80"], "no workload nope in eks-cluster/default"],
  ])("usage error %j exits 2 with a message and no stack trace", async (args, message) => {
    const { code, stdout, stderr } = await run("diagram", "--mesh", seed000, ...args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("an invalid mesh exits 2 and points at validate", async () => {
    const bad = join(directory, "bad-mesh.yaml");
    writeFileSync(
      bad,
      "apiVersion: meshwright.dev/v1alpha1\nkind: Mesh\nspec:\n  clusters: [{ name: a, network: ghost }]\n",
    );
    const { code, stderr } = await run("diagram", "--mesh", bad);
    expect(code).toBe(2);
    expect(stderr).toContain("run meshwright validate");
  });
});

describe("meshwright diagram never leaks secrets", () => {
  const token = "eyJhbGciOiJSUzI1NiJ9.dG9wLXNlY3JldA.sig";
  const key = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCtopsecret";
  writeFileSync(
    join(directory, "secrets.yaml"),
    `apiVersion: v1
kind: Secret
metadata: { name: istio-remote-secret-b, namespace: istio-system, labels: { istio/multiCluster: "true" } }
stringData:
  b: |
    users:
    - name: b
      user: { token: ${token} }
---
apiVersion: v1
kind: Secret
metadata: { name: cacerts, namespace: istio-system }
data: { ca-key.pem: ${Buffer.from(key).toString("base64")} }
stringData: { key.pem: "-----BEGIN PRIVATE KEY-----\\n${key}\\n-----END PRIVATE KEY-----" }
`,
  );
  const meshFile = join(directory, "secret-mesh.yaml");
  writeFileSync(
    meshFile,
    `apiVersion: meshwright.dev/v1alpha1
kind: Mesh
spec:
  meshId: m
  networks: [{ name: n1 }, { name: n2 }]
  clusters:
    - { name: a, network: n1, remoteSecrets: [b], manifests: [secrets.yaml] }
    - { name: b, network: n2, remoteSecrets: [a] }
`,
  );

  it("the mesh loads with the Secrets in it (so the checks below can fail)", () => {
    const result = loadMesh(meshFile);
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result.mesh!.clusters[0]!.resources)).toContain(token);
  });

  it.each(["mermaid", "dot", "svg"])("-f %s holds no token, key or Secret data", async (format) => {
    const { code, stdout } = await run("diagram", "--mesh", meshFile, "-f", format, "--detail", "workloads");
    expect(code).toBe(0);
    expect(stdout.length).toBeGreaterThan(0);
    for (const secret of [
      token,
      "dG9wLXNlY3JldA",
      key,
      "PRIVATE KEY",
      Buffer.from(key).toString("base64").slice(0, 20),
    ]) {
      expect(stdout).not.toContain(secret);
    }
  });
});
