import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMesh } from "./create-mesh";
import { applySpecDefaults } from "./derive/spec-defaults";
import { codes, deployment, namespace, pod, service, singleCluster } from "./derive/test-support";
import type { KubeObject } from "./kube-object";
import type { MeshSpec } from "./mesh";

const workloadEntry = (
  name: string,
  spec: Record<string, unknown>,
  annotations?: Record<string, string>,
): KubeObject => ({
  apiVersion: "networking.istio.io/v1",
  kind: "WorkloadEntry",
  metadata: { name, namespace: "vm", ...(annotations ? { annotations } : {}) },
  spec,
});

describe("createMesh: namespaces", () => {
  it("Namespace objects are declared; namespaces only implied by objects, ECS or gateways are not", () => {
    const { cluster } = singleCluster(
      [namespace("sample", { "istio-injection": "enabled" }), service("shop", "cart"), namespace("empty")],
      {
        ecsClusters: [{ name: "ecs-1", services: [] }],
        eastWestGateways: [{ name: "ew", kind: "ambient", address: { ip: "203.0.113.9" } }],
      },
    );
    expect(cluster.namespaces.map((n) => [n.name, n.declared, n.labels])).toEqual([
      ["ecs-1", false, {}],
      ["empty", true, {}],
      ["istio-system", false, {}],
      ["sample", true, { "istio-injection": "enabled" }],
      ["shop", false, {}],
    ]);
    expect(cluster.namespaces.every((n) => n.cluster === "c1")).toBe(true);
  });

  it("cluster-scoped kinds imply no namespace; namespaced kinds without one live in default", () => {
    const role = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "r" } };
    const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } };
    expect(singleCluster([role, configMap]).cluster.namespaces.map((n) => n.name)).toEqual(["default"]);
  });
});

describe("createMesh: VMs (WorkloadEntry)", () => {
  it("address, labels, network, locality, service account and weight come from the entry", () => {
    const { cluster } = singleCluster([
      workloadEntry("vm-1", {
        address: "192.0.2.10",
        labels: { app: "legacy" },
        network: "network2",
        locality: "us-east-2/us-east-2c/rack-1",
        serviceAccount: "legacy-sa",
        weight: 3,
        ports: { http: 8080 },
      }),
    ]);
    expect(cluster.workloads[0]).toMatchObject({
      id: "c1/vm/vm-1",
      kind: "WorkloadEntry",
      ips: ["192.0.2.10"],
      labels: { app: "legacy", "security.istio.io/tlsMode": "istio" },
      network: "network2",
      networkSource: "workload-entry",
      locality: { region: "us-east-2", zone: "us-east-2c", subzone: "rack-1" },
      serviceAccount: "legacy-sa",
      identity: "spiffe://cluster.local/ns/vm/sa/legacy-sa",
      weight: 3,
      dataplane: "sidecar",
      ports: [{ name: "http", port: 8080, protocol: "TCP" }],
    });
  });

  it("getTLSModeFromWorkloadEntry: no service account and no tlsMode label = no sidecar (plaintext)", () => {
    const { cluster } = singleCluster([workloadEntry("vm-2", { address: "192.0.2.11" })]);
    expect(cluster.workloads[0]).toMatchObject({
      dataplane: "none",
      serviceAccount: "default",
      networkSource: "cluster",
    });
  });

  it("setTunnelProtocol: the ambient redirection annotation makes a VM ambient; a hostname address has no IP", () => {
    const { cluster } = singleCluster([
      workloadEntry("vm-3", { address: "vm3.example.com" }, { "ambient.istio.io/redirection": "enabled" }),
    ]);
    expect(cluster.workloads[0]).toMatchObject({ dataplane: "ambient", ips: [] });
  });
});

describe("createMesh: ECS (Solo ECS integration, seed 000)", () => {
  it("tasks are ambient workloads in the ECS namespace; services are GLOBAL <svc>.<ecs cluster>.<domain>", () => {
    const { cluster, diagnostics } = singleCluster(
      [],
      { ecsClusters: [{ name: "ecs-mc-1", services: [{ name: "echo-service", port: 8080, tasks: 2 }] }] },
      { flavour: "solo" },
    );
    expect(diagnostics).toEqual([]);
    expect(cluster.services).toEqual([
      expect.objectContaining({
        id: "c1/ecs-mc-1/echo-service.ecs-mc-1.ecs.local",
        origin: "ecs",
        namespace: "ecs-mc-1",
        hostname: "echo-service.ecs-mc-1.ecs.local",
        labels: { app: "echo-service", "solo.io/service-scope": "global" },
        selector: { app: "echo-service" },
      }),
    ]);
    expect(cluster.workloads).toHaveLength(2);
    for (const task of cluster.workloads) {
      expect(task).toMatchObject({
        kind: "EcsTask",
        namespace: "ecs-mc-1",
        owner: { kind: "EcsService", name: "echo-service" },
        dataplane: "ambient",
        dataplaneReason: "ECS task with ztunnel sidecar",
        identity: "spiffe://cluster.local/ns/ecs-mc-1/sa/echo-service",
        labels: { app: "echo-service", "solo.io/service-scope": "global" },
        locality: { region: "us-east-2", zone: "", subzone: "" },
      });
      expect(task.ips[0]).toMatch(/^10\.1\./);
    }
  });

  it("upstream flavour marks ECS services with istio.io/global; a task CIDR is honoured", () => {
    const { cluster } = singleCluster([], {
      ecsClusters: [
        {
          name: "e",
          domain: "corp.local",
          taskCidr: "10.200.0.0/24",
          services: [{ name: "api", port: 80, tasks: 1, serviceAccount: "api-sa" }],
        },
      ],
    });
    expect(cluster.services[0]!.hostname).toBe("api.e.corp.local");
    expect(cluster.services[0]!.labels["istio.io/global"]).toBe("true");
    expect(cluster.workloads[0]!.ips[0]).toMatch(/^10\.200\.0\./);
    expect(cluster.workloads[0]!.serviceAccount).toBe("api-sa");
  });
});

describe("createMesh: the model as a whole", () => {
  const resources = [
    namespace("sample", { "istio-injection": "enabled" }),
    deployment("sample", "helloworld-v1", { replicas: 2 }),
    service("sample", "helloworld"),
  ];

  it("effectiveMeshConfig = mesh MeshConfig with the cluster's overrides", () => {
    const { cluster } = singleCluster(
      resources,
      { meshConfig: { dnsCapture: true } },
      { meshConfig: { enableAutoMtls: false } },
    );
    expect(cluster.effectiveMeshConfig).toMatchObject({
      dnsCapture: true,
      enableAutoMtls: false,
      ambientDnsCapture: true,
    });
  });

  it("is deterministic: the same spec gives the same mesh", () => {
    expect(singleCluster(resources).mesh).toEqual(singleCluster(resources).mesh);
  });

  it("is deeply frozen", () => {
    const { mesh } = singleCluster(resources);
    expect(Object.isFrozen(mesh)).toBe(true);
    expect(Object.isFrozen(mesh.clusters[0]!.workloads[0]!.labels)).toBe(true);
    expect(() => {
      (mesh.clusters[0]!.workloads as unknown as unknown[]).push(1);
    }).toThrow();
  });

  it("keeps the user's objects unchanged, in load order", () => {
    const { cluster } = singleCluster(resources);
    expect(cluster.resources).toEqual(resources);
  });

  it("a duplicate workload id (Pod object vs StatefulSet replica) is reported once", () => {
    const { cluster, diagnostics } = singleCluster([
      pod("s", "web-0"),
      deployment("s", "web", { kind: "StatefulSet" }),
    ]);
    expect(cluster.workloads.map((w) => w.name)).toEqual(["web-0"]);
    expect(codes(diagnostics)).toEqual(["MW2017"]);
  });

  it("a nameless object whose kind String() cannot convert is reported, not thrown (fast-check seed 328907182)", () => {
    const junk = { apiVersion: {}, kind: { toString: false }, spec: 0 } as unknown as KubeObject;
    const spec = applySpecDefaults({
      meshId: "m",
      networks: ["n"],
      clusters: [{ name: "c", network: "n", resources: [junk] }],
    });
    expect(codes(createMesh(spec).diagnostics)).toContain("MW2034");
  });

  it("property: arbitrary junk resources yield diagnostics, never an exception", () => {
    const junk = fc.anything({ maxDepth: 4, withNullPrototype: false });
    const object = fc.record({
      apiVersion: fc.oneof(
        fc.constantFrom("v1", "apps/v1", "networking.istio.io/v1", "gateway.networking.k8s.io/v1"),
        junk,
      ),
      kind: fc.oneof(
        fc.constantFrom("Pod", "Deployment", "DaemonSet", "Service", "Namespace", "Gateway", "WorkloadEntry"),
        junk,
      ),
      metadata: fc.oneof(
        fc.record({ name: fc.oneof(fc.string(), junk), namespace: junk, labels: junk, annotations: junk }),
        junk,
      ),
      spec: junk,
      status: junk,
    });
    fc.assert(
      fc.property(fc.array(fc.oneof(object, junk), { maxLength: 8 }), (objects) => {
        const spec = applySpecDefaults({
          meshId: "m",
          networks: ["n"],
          clusters: [{ name: "c", network: "n", resources: objects as KubeObject[] }],
        }) as MeshSpec;
        expect(() => createMesh(spec)).not.toThrow();
      }),
      { numRuns: 150 },
    );
  });
});
