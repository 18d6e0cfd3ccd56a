import { describe, expect, it } from "vitest";
import { codes, namespace, service, singleCluster } from "./test-support";

describe("Kubernetes Services", () => {
  it("ports: targetPort defaults to port; protocol from the name; hostname in cluster.local", () => {
    const { cluster } = singleCluster([
      service("sample", "helloworld", {
        ports: [
          { name: "http", port: 5000 },
          { name: "grpc-api", port: 9000, targetPort: "grpc" },
        ],
      }),
    ]);
    const svc = cluster.services[0]!;
    expect(svc).toMatchObject({
      id: "c1/sample/helloworld",
      hostname: "helloworld.sample.svc.cluster.local",
      origin: "kubernetes",
      type: "ClusterIP",
      headless: false,
      selector: { app: "helloworld" },
      publishNotReadyAddresses: false,
      internalTrafficPolicy: "Cluster",
    });
    expect(svc.ports).toEqual([
      { name: "http", port: 5000, targetPort: 5000, protocol: "TCP", appProtocol: "HTTP" },
      { name: "grpc-api", port: 9000, targetPort: "grpc", protocol: "TCP", appProtocol: "GRPC" },
    ]);
  });

  it("ClusterIPs come from the service CIDR; clusterIP None = headless; ExternalName has none", () => {
    const { cluster } = singleCluster(
      [
        service("s", "a"),
        service("s", "headless", { clusterIP: "None" }),
        service("s", "ext", { type: "ExternalName", externalName: "example.com" }),
      ],
      { serviceCidrs: ["172.30.0.0/16"] },
    );
    const [a, ext, headless] = cluster.services;
    expect(a!.clusterIps).toHaveLength(1);
    expect(a!.clusterIps[0]).toMatch(/^172\.30\./);
    expect(headless).toMatchObject({ headless: true, clusterIps: [] });
    expect(ext).toMatchObject({ type: "ExternalName", clusterIps: [] });
  });

  it("declared clusterIP(s) are honoured", () => {
    const { cluster, diagnostics } = singleCluster([service("s", "a", { clusterIP: "172.16.0.10" })]);
    expect(cluster.services[0]!.clusterIps).toEqual(["172.16.0.10"]);
    expect(diagnostics).toEqual([]);
  });

  it("dual stack: SingleStack gets the primary family, PreferDualStack one address per family", () => {
    const { cluster } = singleCluster(
      [
        service("s", "single"),
        service("s", "dual", { ipFamilyPolicy: "PreferDualStack" }),
        service("s", "v6", { ipFamilies: ["IPv6"] }),
      ],
      {
        ipFamilies: ["IPv4", "IPv6"],
        podCidrs: ["10.9.0.0/16", "fd00:9::/64"],
        serviceCidrs: ["172.29.0.0/16", "fd01:9::/108"],
      },
    );
    const byName = Object.fromEntries(cluster.services.map((s) => [s.name, s.clusterIps]));
    expect(byName.single).toHaveLength(1);
    expect(byName.single![0]).toMatch(/^172\.29\./);
    expect(byName.dual).toHaveLength(2);
    expect(byName.dual![1]).toMatch(/^fd01:9:/);
    expect(byName.v6![0]).toMatch(/^fd01:9:/);
  });

  it("an empty or missing selector is no selector (null)", () => {
    const { cluster } = singleCluster([
      service("s", "a", { selector: {} }),
      service("s", "b", { selector: undefined }),
    ]);
    expect(cluster.services.map((s) => s.selector)).toEqual([null, null]);
  });

  it("publishNotReadyAddresses and internalTrafficPolicy are kept", () => {
    const { cluster } = singleCluster([
      service("s", "a", { publishNotReadyAddresses: true, internalTrafficPolicy: "Local" }),
    ]);
    expect(cluster.services[0]).toMatchObject({
      publishNotReadyAddresses: true,
      internalTrafficPolicy: "Local",
    });
  });

  it("traffic distribution: the Namespace annotation applies when the Service says nothing", () => {
    const { cluster } = singleCluster([
      namespace("s", {}, { "networking.istio.io/traffic-distribution": "PreferSameNode" }),
      service("s", "a"),
      service("s", "b", { trafficDistribution: "PreferClose" }),
    ]);
    expect(cluster.services.map((s) => [s.trafficDistribution, s.trafficDistributionSource])).toEqual([
      ["PreferSameNode", "namespace-annotation"],
      ["PreferClose", "spec"],
    ]);
  });

  it("an unknown traffic-distribution annotation is a warning pointing at it", () => {
    const { diagnostics } = singleCluster([
      service("s", "a", {}, { annotations: { "networking.istio.io/traffic-distribution": "Nearest" } }),
    ]);
    expect(codes(diagnostics)).toEqual(["MW2024"]);
    expect(diagnostics[0]!.path).toBe(
      '$.spec.clusters[0].resources[0].metadata.annotations["networking.istio.io/traffic-distribution"]',
    );
  });
});
