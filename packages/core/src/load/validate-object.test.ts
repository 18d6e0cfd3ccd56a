import { describe, expect, it } from "vitest";
import type { KubeObject } from "../model/kube-object";
import { parseManifests } from "./parse-manifests";
import { objectFindings, validateObjects } from "./validate-object";

/** Findings of one object as `[code, path]` pairs (paths rendered like diagnostics). */
function findings(object: unknown): [string, string][] {
  return objectFindings(object as KubeObject).map((f) => [f.code, f.path.join(".")]);
}

const meta = (name = "x", namespace = "ns") => ({ name, namespace });

function deployment(spec: Record<string, unknown>, kind = "Deployment"): KubeObject {
  return { apiVersion: "apps/v1", kind, metadata: meta("web"), spec };
}

const podTemplate = (labels: Record<string, unknown> = { app: "web" }) => ({
  metadata: { labels },
  spec: { containers: [{ name: "web", image: "web:1", ports: [{ containerPort: 8080, name: "http" }] }] },
});

describe("Istio and Gateway API objects: OpenAPI schema of the served version", () => {
  it("accepts a valid DestinationRule (v1, v1beta1 and v1alpha3 are all served)", () => {
    for (const version of ["v1", "v1beta1", "v1alpha3"]) {
      const dr = {
        apiVersion: `networking.istio.io/${version}`,
        kind: "DestinationRule",
        metadata: meta("reviews"),
        spec: { host: "reviews", subsets: [{ name: "v1", labels: { version: "v1" } }] },
      };
      expect(findings(dr)).toEqual([]);
    }
  });

  it("reports an unknown field and names the object it belongs under (a mis-indented field)", () => {
    const dr = {
      apiVersion: "networking.istio.io/v1",
      kind: "DestinationRule",
      metadata: meta(),
      host: "reviews",
      spec: {},
    };
    const result = objectFindings(dr);
    expect(result.map((f) => [f.code, f.path.join(".")])).toEqual([
      ["MW1100", "host"],
      ["MW1103", "spec.host"],
    ]);
    expect(result[0]!.fix).toContain("indent it under spec");
  });

  it("suggests the nearest field name for a typo", () => {
    const vs = {
      apiVersion: "networking.istio.io/v1",
      kind: "VirtualService",
      metadata: meta(),
      spec: { hostz: ["a"] },
    };
    const [finding] = objectFindings(vs);
    expect(finding).toMatchObject({
      code: "MW1100",
      message: 'unknown field "hostz"',
      fix: 'Did you mean "hosts"?',
    });
  });

  it("reports wrong types and enum values (AuthorizationPolicy action)", () => {
    const ap = {
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: meta(),
      spec: { action: "PERMIT", rules: [{ to: [{ operation: { ports: 8080 } }] }] },
    };
    expect(findings(ap)).toEqual([
      ["MW1102", "spec.action"],
      ["MW1101", "spec.rules.0.to.0.operation.ports"],
    ]);
  });

  it("reports mutually exclusive fields (Istio's oneOf: StringMatch exact vs prefix)", () => {
    const vs = {
      apiVersion: "networking.istio.io/v1",
      kind: "VirtualService",
      metadata: meta(),
      spec: {
        hosts: ["a"],
        http: [{ match: [{ uri: { exact: "/a", prefix: "/b" } }], route: [{ destination: { host: "a" } }] }],
      },
    };
    const [finding] = objectFindings(vs);
    expect(finding).toMatchObject({ code: "MW1105", message: "fields exact, prefix are mutually exclusive" });
    expect(finding!.path).toEqual(["spec", "http", 0, "match", 0, "uri"]);
  });

  it("accepts int-or-string values and rejects other types (x-kubernetes-int-or-string)", () => {
    const route = (port: unknown) => ({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: meta(),
      spec: { rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { port } }] }] },
    });
    expect(findings(route(8080))).toEqual([]);
    expect(findings(route("8080")).map(([code]) => code)).toContain("MW1101");
  });

  it("reports duplicate entries of x-kubernetes-list-type map lists (Gateway listeners by name)", () => {
    const listener = { name: "http", port: 80, protocol: "HTTP" };
    const gateway = {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: meta(),
      spec: { gatewayClassName: "istio", listeners: [listener, { ...listener, port: 81 }] },
    };
    expect(findings(gateway)).toContainEqual(["MW1106", "spec.listeners.1"]);
  });

  it("names the served versions when the apiVersion is unknown for a known kind", () => {
    const ap = {
      apiVersion: "security.istio.io/v1alpha1",
      kind: "AuthorizationPolicy",
      metadata: meta(),
      spec: {},
    };
    const [finding] = objectFindings(ap);
    expect(finding).toMatchObject({ code: "MW1202", expected: "v1, v1beta1" });
  });

  it("warns about deprecated served versions (Gateway API TCPRoute v1alpha2)", () => {
    const route = {
      apiVersion: "gateway.networking.k8s.io/v1alpha2",
      kind: "TCPRoute",
      metadata: meta(),
      spec: { rules: [{ backendRefs: [{ name: "a", port: 80 }] }] },
    };
    expect(findings(route)).toEqual([["MW1203", "apiVersion"]]);
  });

  it("keeps unknown kinds with an info (Admiral's Dependency)", () => {
    const dependency = {
      apiVersion: "admiral.io/v1alpha1",
      kind: "Dependency",
      metadata: meta(),
      spec: { source: "a" },
    };
    const result = objectFindings(dependency);
    expect(result.map((f) => f.code)).toEqual(["MW1200"]);
  });
});

describe("core kinds: Service (k8s ValidateService)", () => {
  const svc = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: meta("web"),
    spec,
  });

  it("accepts a named multi-port service with numeric and named targetPorts", () => {
    const ports = [
      { name: "http", port: 80, targetPort: "http" },
      { name: "grpc", port: 9090, targetPort: 9090, protocol: "TCP" },
    ];
    expect(findings(svc({ ports, selector: { app: "web" } }))).toEqual([]);
  });

  it("rejects ports outside 1-65535 and non-integers", () => {
    expect(findings(svc({ ports: [{ port: 0 }] }))).toEqual([["MW1400", "spec.ports.0.port"]]);
    expect(findings(svc({ ports: [{ port: 70000 }] }))).toEqual([["MW1400", "spec.ports.0.port"]]);
    expect(findings(svc({ ports: [{ port: "80" }] }))).toEqual([["MW1400", "spec.ports.0.port"]]);
  });

  it("requires unique port names and port/protocol pairs, and names on multi-port services", () => {
    const duplicate = svc({
      ports: [
        { name: "a", port: 80 },
        { name: "a", port: 80 },
      ],
    });
    expect(findings(duplicate)).toEqual([
      ["MW1401", "spec.ports.1.name"],
      ["MW1401", "spec.ports.1.port"],
    ]);
    expect(findings(svc({ ports: [{ port: 80 }, { port: 81 }] }))).toEqual([
      ["MW1402", "spec.ports.0"],
      ["MW1402", "spec.ports.1"],
    ]);
  });

  it("requires targetPort to be a port number or an IANA service name", () => {
    expect(findings(svc({ ports: [{ port: 80, targetPort: "8080" }] }))).toEqual([
      ["MW1403", "spec.ports.0.targetPort"],
    ]);
    expect(findings(svc({ ports: [{ port: 80, targetPort: "a-very-long-port-name" }] }))).toEqual([
      ["MW1403", "spec.ports.0.targetPort"],
    ]);
  });

  it("requires the selector to be a map of label strings", () => {
    expect(findings(svc({ ports: [{ port: 80 }], selector: ["app"] }))).toEqual([
      ["MW1404", "spec.selector"],
    ]);
    expect(findings(svc({ ports: [{ port: 80 }], selector: { version: 1 } }))).toEqual([
      ["MW1305", "spec.selector.version"],
    ]);
  });

  it("allows headless and ExternalName services without ports, not others", () => {
    expect(findings(svc({ clusterIP: "None" }))).toEqual([]);
    expect(findings(svc({ type: "ExternalName", externalName: "a.example.com" }))).toEqual([]);
    expect(findings(svc({}))).toEqual([["MW1103", "spec.ports"]]);
    expect(findings(svc({ type: "Balancer", ports: [{ port: 1 }] }))).toEqual([["MW1102", "spec.type"]]);
  });

  it("requires DNS-1035 Service names", () => {
    const object = {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta("1web"),
      spec: { ports: [{ port: 80 }] },
    };
    expect(findings(object)).toEqual([["MW1301", "metadata.name"]]);
  });
});

describe("core kinds: workload controllers (apps/v1 validation)", () => {
  it("accepts a Deployment whose selector matches its template", () => {
    expect(
      findings(
        deployment({ replicas: 2, selector: { matchLabels: { app: "web" } }, template: podTemplate() }),
      ),
    ).toEqual([]);
  });

  it("requires a selector, and one that matches the template labels (matchLabels and matchExpressions)", () => {
    expect(findings(deployment({ template: podTemplate() }))).toEqual([["MW1410", "spec.selector"]]);
    // An empty selector selects everything, which apps/v1 refuses (with or without an empty expression list).
    for (const selector of [
      { matchLabels: {} },
      { matchLabels: {}, matchExpressions: [] },
      { matchExpressions: [] },
    ]) {
      expect(findings(deployment({ selector, template: podTemplate() }))).toEqual([
        ["MW1410", "spec.selector"],
      ]);
    }
    expect(
      findings(deployment({ selector: { matchLabels: { app: "api" } }, template: podTemplate() })),
    ).toEqual([["MW1411", "spec.selector"]]);
    const expressions = { matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] };
    expect(findings(deployment({ selector: expressions, template: podTemplate() }))).toEqual([]);
    const excluding = { matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }] };
    expect(findings(deployment({ selector: excluding, template: podTemplate() }))).toEqual([
      ["MW1411", "spec.selector"],
    ]);
  });

  it("rejects matchExpressions apps/v1 rejects: unknown operators, In without values, Exists with values", () => {
    const malformed = [
      { key: "app", operator: "Equals", values: ["web"] },
      { key: "app", operator: "In" },
      { key: "app", operator: "Exists", values: ["web"] },
    ];
    for (const expression of malformed) {
      expect(
        findings(deployment({ selector: { matchExpressions: [expression] }, template: podTemplate() })),
      ).toEqual([["MW1404", "spec.selector.matchExpressions"]]);
    }
  });

  it("requires non-negative integer replicas (not on DaemonSets)", () => {
    const base = { selector: { matchLabels: { app: "web" } }, template: podTemplate() };
    expect(findings(deployment({ ...base, replicas: -1 }))).toEqual([["MW1412", "spec.replicas"]]);
    expect(findings(deployment({ ...base, replicas: 1.5 }, "StatefulSet"))).toEqual([
      ["MW1412", "spec.replicas"],
    ]);
    expect(findings(deployment({ ...base, replicas: -1 }, "DaemonSet"))).toEqual([]);
  });

  it("requires a pod template with labels and containers", () => {
    const selector = { matchLabels: { app: "web" } };
    expect(findings(deployment({ selector }))).toEqual([["MW1413", "spec.template"]]);
    expect(findings(deployment({ selector, template: { metadata: {}, spec: { containers: [] } } }))).toEqual([
      ["MW1413", "spec.template.metadata.labels"],
      ["MW1420", "spec.template.spec.containers"],
    ]);
  });
});

describe("core kinds: Pod spec (ValidatePodSpec)", () => {
  const pod = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: meta("p"),
    spec,
  });

  it("requires unique DNS-1123 container names and images", () => {
    const containers = [
      { name: "app", image: "a" },
      { name: "app", image: "" },
      { name: "Bad_Name", image: "b" },
    ];
    expect(findings(pod({ containers }))).toEqual([
      ["MW1421", "spec.containers.1.name"],
      ["MW1421", "spec.containers.1.image"],
      ["MW1421", "spec.containers.2.name"],
    ]);
  });

  it("checks container ports: range, IANA names, uniqueness, protocol", () => {
    const ports = [
      { containerPort: 0 },
      { containerPort: 80, name: "http" },
      { containerPort: 81, name: "http" },
      { containerPort: 82, name: "HTTP_X", protocol: "HTTP" },
    ];
    expect(findings(pod({ containers: [{ name: "a", image: "a", ports }] }))).toEqual([
      ["MW1400", "spec.containers.0.ports.0.containerPort"],
      ["MW1401", "spec.containers.0.ports.2.name"],
      ["MW1406", "spec.containers.0.ports.3.protocol"],
      ["MW1405", "spec.containers.0.ports.3.name"],
    ]);
  });
});

describe("metadata (apimachinery ObjectMeta validation)", () => {
  it("requires string label values that are valid label values, and valid keys", () => {
    const object = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        ...meta("cm"),
        labels: { version: 1, "bad key!": "v", ok: "a b" },
        annotations: { note: true },
      },
    };
    expect(findings(object)).toEqual([
      ["MW1305", "metadata.labels.version"],
      ["MW1303", "metadata.labels.bad key!"],
      ["MW1304", "metadata.labels.ok"],
      ["MW1305", "metadata.annotations.note"],
    ]);
  });

  it("uses each kind's name rule (Namespace: DNS-1123 label; custom resources: subdomain)", () => {
    expect(findings({ apiVersion: "v1", kind: "Namespace", metadata: { name: "a.b" } })).toEqual([
      ["MW1301", "metadata.name"],
    ]);
    const se = {
      apiVersion: "networking.istio.io/v1",
      kind: "ServiceEntry",
      metadata: meta("stage.backend.global-se"),
      spec: { hosts: ["a"] },
    };
    expect(findings(se)).toEqual([]);
  });

  it("warns when a cluster-scoped object names a namespace, and rejects invalid namespaces", () => {
    expect(
      findings({ apiVersion: "v1", kind: "Namespace", metadata: { name: "a", namespace: "b" } }),
    ).toEqual([["MW1307", "metadata.namespace"]]);
    expect(
      findings({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "B_" } }),
    ).toEqual([["MW1302", "metadata.namespace"]]);
  });
});

describe("ConfigMap and Secret data", () => {
  it("requires string values, valid keys and base64 Secret data, without echoing secret values", () => {
    const secret = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: meta("s"),
      data: { "tls.crt": "not base64!", "a b": "YQ==" },
    };
    const result = objectFindings(secret);
    expect(result.map((f) => [f.code, f.path.join(".")])).toEqual([
      ["MW1430", "data.tls.crt"],
      ["MW1430", "data.a b"],
    ]);
    expect(JSON.stringify(result)).not.toContain("not base64!");
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: meta("c"), data: { port: 8080 } };
    expect(findings(cm)).toEqual([["MW1430", "data.port"]]);
  });
});

describe("validateObjects", () => {
  it("locates every finding at its file, line and column", () => {
    const text =
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 0\n---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: d\nspec:\n  host: web\n  subsetz: []\n";
    const { objects } = parseManifests(text, "m.yaml");
    const diagnostics = validateObjects(objects, new Map([["m.yaml", text]]));
    expect(diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.document, d.path])).toEqual([
      ["MW1400", "m.yaml", 7, 11, 0, "$.spec.ports[0].port"],
      ["MW1100", "m.yaml", 15, 3, 1, "$.spec.subsetz"],
    ]);
  });
});
