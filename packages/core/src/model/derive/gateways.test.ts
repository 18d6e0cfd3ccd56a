import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { KubeObject } from "../kube-object";
import { codes, pod, singleCluster } from "./test-support";

const SAMPLES = fileURLToPath(new URL("../../../../../../shared/fixtures/istio-samples/", import.meta.url));

function sample(file: string, namespace: string): KubeObject[] {
  return parseAllDocuments(readFileSync(`${SAMPLES}${file}`, "utf8"))
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null)
    .map((object) => ({ ...object, metadata: { ...object.metadata, namespace } }));
}

/** The east-west gateway Service `gen-eastwest-gateway.sh` installs (classic, network1). */
function eastWestService(
  overrides: { labels?: Record<string, string>; ports?: number[]; ingress?: object[] } = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: "istio-eastwestgateway",
      namespace: "istio-system",
      labels: { istio: "eastwestgateway", "topology.istio.io/network": "network1", ...overrides.labels },
    },
    spec: {
      type: "LoadBalancer",
      selector: { istio: "eastwestgateway" },
      ports: (overrides.ports ?? [15021, 15443, 15012]).map((port) => ({
        name: `p${port}`,
        port,
        targetPort: port,
      })),
    },
    status: { loadBalancer: { ingress: overrides.ingress ?? [{ ip: "203.0.113.7" }] } },
  };
}

/** An ambient east-west Gateway (Gateway API), as in seed 000. */
function ambientGateway(gatewayClassName: string, status?: object): KubeObject {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: {
      name: "eastwest",
      namespace: "istio-system",
      labels: { "topology.istio.io/network": "network1" },
    },
    spec: {
      gatewayClassName,
      listeners: [
        { name: "cross-network", port: 15008, protocol: "HBONE", tls: { mode: "Passthrough" } },
        { name: "xds-tls", port: 15012, protocol: "TLS", tls: { mode: "Passthrough" } },
      ],
    },
    ...(status ? { status } : {}),
  };
}

describe("classic east-west gateway discovery (kube/controller/network.go, istio-semantics §3.2)", () => {
  it("a network-labelled Service exposing 15443 + samples/multicluster/expose-services.yaml = classic gateway exposing *.local", () => {
    const { cluster, diagnostics } = singleCluster([
      ...sample("multicluster_expose-services.yaml", "istio-system"),
      eastWestService(),
    ]);
    expect(diagnostics).toEqual([]);
    expect(cluster.gateways).toEqual([
      {
        name: "istio-eastwestgateway",
        namespace: "istio-system",
        kind: "classic",
        network: "network1",
        address: { ip: "203.0.113.7" },
        serviceType: "LoadBalancer",
        annotations: {},
        ports: [15021, 15443, 15012],
        exposesServices: true,
        origin: { kind: "Service", name: "istio-eastwestgateway" },
      },
    ]);
  });

  it("the expose Gateway's selector is matched against the gateway pods when they are declared", () => {
    const gatewayPod = pod("istio-system", "eastwest-0", {
      labels: { istio: "eastwestgateway", app: "other" },
    });
    const selectorMismatch = sample("multicluster_expose-services.yaml", "istio-system").map((object) => ({
      ...object,
      spec: { ...(object.spec as object), selector: { app: "istio-ingressgateway" } },
    }));
    expect(
      singleCluster([...selectorMismatch, eastWestService(), gatewayPod]).cluster.gateways[0]!
        .exposesServices,
    ).toBe(false);
    expect(
      singleCluster([
        ...sample("multicluster_expose-services.yaml", "default"),
        eastWestService(),
        gatewayPod,
      ]).cluster.gateways[0]!.exposesServices,
    ).toBe(true);
  });

  it("without the AUTO_PASSTHROUGH Gateway the gateway exists but exposes nothing", () => {
    const { cluster } = singleCluster([eastWestService()]);
    expect(cluster.gateways[0]).toMatchObject({ kind: "classic", exposesServices: false });
  });

  it("a Service that does not expose the mTLS port is not a gateway; networking.istio.io/gatewayPort moves the port", () => {
    expect(singleCluster([eastWestService({ ports: [15021, 15012] })]).cluster.gateways).toEqual([]);
    const moved = eastWestService({
      ports: [15021, 16443],
      labels: { "networking.istio.io/gatewayPort": "16443" },
    });
    expect(singleCluster([moved]).cluster.gateways).toHaveLength(1);
  });

  it("the load balancer hostname (AWS NLB) becomes a hostname address; no ingress = pending (info)", () => {
    const nlb = singleCluster([
      eastWestService({ ingress: [{ hostname: "abc.elb.us-east-2.amazonaws.com" }] }),
    ]);
    expect(nlb.cluster.gateways[0]!.address).toEqual({
      hostname: "abc.elb.us-east-2.amazonaws.com",
      resolvesTo: [],
    });
    const pending = singleCluster([eastWestService({ ingress: [] })]);
    expect(pending.cluster.gateways[0]!.address).toBeUndefined();
    expect(pending.diagnostics.map((d) => [d.code, d.severity, d.path])).toEqual([
      ["MW2039", "info", "$.spec.clusters[0].resources[0].status"],
    ]);
  });
});

describe("ambient east-west gateway discovery (ambient/networks.go, istio-semantics §3.2)", () => {
  it("a Gateway API Gateway of the flavour's class labelled with a network is an ambient gateway", () => {
    const gateway = ambientGateway("istio-east-west", {
      addresses: [{ type: "IPAddress", value: "198.51.100.4" }],
    });
    const { cluster, diagnostics } = singleCluster([gateway]);
    expect(diagnostics).toEqual([]);
    expect(cluster.gateways).toEqual([
      {
        name: "eastwest",
        namespace: "istio-system",
        kind: "ambient",
        network: "network1",
        address: { ip: "198.51.100.4" },
        serviceType: "LoadBalancer",
        annotations: {},
        ports: [15008, 15012],
        exposesServices: false,
        origin: { kind: "Gateway", name: "eastwest" },
      },
    ]);
  });

  it("the Solo class istio-eastwest is right for flavour solo and a warning naming the right class for upstream", () => {
    expect(
      singleCluster([ambientGateway("istio-eastwest")], {}, { flavour: "solo" }).diagnostics.map(
        (d) => d.code,
      ),
    ).toEqual(["MW2039"]);
    const upstream = singleCluster([ambientGateway("istio-eastwest")]);
    const mismatch = upstream.diagnostics.find((d) => d.code === "MW2023")!;
    expect(mismatch).toMatchObject({
      severity: "warning",
      expected: "istio-east-west",
      found: "istio-eastwest",
    });
    expect(mismatch.path).toBe("$.spec.clusters[0].resources[0].spec.gatewayClassName");
  });

  it("other classes, and Gateways without the network label, are not east-west gateways", () => {
    const ingress = { ...ambientGateway("istio"), metadata: { name: "ingress", namespace: "x", labels: {} } };
    const unlabelled = {
      ...ambientGateway("istio-east-west"),
      metadata: { name: "ew", namespace: "istio-system" },
    };
    expect(singleCluster([ingress, unlabelled]).cluster.gateways).toEqual([]);
  });

  it("a Hostname status address is kept as a hostname", () => {
    const gateway = ambientGateway("istio-east-west", {
      addresses: [{ type: "Hostname", value: "ew.example.com" }],
    });
    expect(singleCluster([gateway]).cluster.gateways[0]!.address).toEqual({
      hostname: "ew.example.com",
      resolvesTo: [],
    });
  });
});

describe("declared and discovered gateways", () => {
  it("a declared gateway wins over the discovered one of the same namespace/name, which fills in the address", () => {
    const { cluster } = singleCluster(
      [...sample("multicluster_expose-services.yaml", "istio-system"), eastWestService()],
      {
        eastWestGateways: [{ name: "istio-eastwestgateway", kind: "classic", annotations: { owner: "me" } }],
      },
    );
    expect(cluster.gateways).toHaveLength(1);
    expect(cluster.gateways[0]).toMatchObject({
      origin: "mesh",
      annotations: { owner: "me" },
      address: { ip: "203.0.113.7" },
      exposesServices: true,
    });
  });

  it("a discovered gateway on a network spec.networks does not list is a warning", () => {
    const { diagnostics } = singleCluster([
      eastWestService({ labels: { "topology.istio.io/network": "network9" } }),
    ]);
    expect(codes(diagnostics)).toEqual(["MW2022"]);
    expect(diagnostics[0]!.path).toBe(
      '$.spec.clusters[0].resources[0].metadata.labels["topology.istio.io/network"]',
    );
    expect(diagnostics[0]!.message).toContain("Service istio-system/istio-eastwestgateway");
  });
});
