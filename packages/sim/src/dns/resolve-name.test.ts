import type { KubeObject, Mesh } from "@meshwright/core";
import { describe, expect, it } from "vitest";
import { compileRouting } from "../routing/compile-routing";
import { cluster, istio, mesh, pod, svc } from "../routing/test-fixtures";
import { compileDns, type DnsClient, resolveName } from "./resolve-name";

/** Seed 004: reviews runs only in cluster2; cluster1 may or may not have the reviews Service. */
function bookinfoMesh(options: {
  reviewsServiceInCluster1: boolean;
  dnsCapture?: boolean;
  resources?: KubeObject[];
  ambient?: boolean;
}) {
  const meshConfig = { dnsCapture: options.dnsCapture ?? false };
  const c1 = cluster("cluster1", {
    network: "network1",
    meshConfig,
    remoteSecrets: ["cluster2"],
    resources: options.resources ?? [],
    services: [
      svc("cluster1", "bookinfo", "productpage", {
        ports: [{ port: 9080, name: "http" }],
        clusterIps: ["10.1.0.10"],
      }),
      ...(options.reviewsServiceInCluster1
        ? [
            svc("cluster1", "bookinfo", "reviews", {
              ports: [{ port: 9080, name: "http" }],
              clusterIps: ["10.1.0.20"],
            }),
          ]
        : []),
      svc("cluster1", "sample", "helloworld", {
        ports: [{ port: 5000, name: "http" }],
        clusterIps: ["10.1.0.30"],
      }),
      svc("cluster1", "db", "mysql", {
        ports: [{ port: 3306, name: "tcp" }],
        headless: true,
        selector: { app: "mysql" },
      }),
    ],
    workloads: [
      pod("cluster1", "db", "mysql-0", { app: "mysql" }, "10.10.0.5"),
      pod("cluster1", "db", "mysql-1", { app: "mysql" }, "10.10.0.6", { health: "unhealthy" }),
    ],
  });
  const c2 = cluster("cluster2", {
    network: "network2",
    meshConfig,
    remoteSecrets: ["cluster1"],
    services: [
      svc("cluster2", "bookinfo", "reviews", {
        ports: [{ port: 9080, name: "http" }],
        clusterIps: ["10.2.0.20"],
        labels: options.ambient ? { "istio.io/global": "true" } : {},
      }),
      svc("cluster2", "sample", "helloworld", {
        ports: [{ port: 5000, name: "http" }],
        clusterIps: ["10.2.0.30"],
      }),
      svc("cluster2", "db", "mysql", {
        ports: [{ port: 3306, name: "tcp" }],
        headless: true,
        selector: { app: "mysql" },
      }),
    ],
    workloads: [pod("cluster2", "db", "mysql-0", { app: "mysql" }, "10.20.0.5", { network: "network2" })],
  });
  return dnsOf(mesh([c1, c2]));
}

/** DNS of a mesh whose istiods each read every cluster, own cluster first. */
function dnsOf(m: Mesh) {
  const routing = new Map(
    m.clusters.map((c) => [
      c.name,
      compileRouting({
        cluster: c.name,
        network: c.network,
        resources: c.resources,
        services: [...c.services, ...m.clusters.filter((o) => o !== c).flatMap((o) => o.services)],
        istiodFeatures: c.istiodFeatures,
        meshConfig: c.effectiveMeshConfig,
      }),
    ]),
  );
  return compileDns(m, { routingFor: (name) => routing.get(name) });
}

const sidecarIn = (cluster: string, namespace: string): DnsClient => ({
  cluster,
  namespace,
  dataplane: "sidecar",
  labels: { app: "productpage" },
});

describe("kube-dns only knows the client cluster's Services (istio-semantics §4.3, seed 004 Bookinfo)", () => {
  it("reviews resolves in cluster1 because cluster1 has the reviews Service (even with no pods)", () => {
    const dns = bookinfoMesh({ reviewsServiceInCluster1: true });
    const result = resolveName("reviews", { client: sidecarIn("cluster1", "bookinfo"), dns });
    expect(result).toMatchObject({
      status: "ok",
      addresses: ["10.1.0.20"],
      answeredBy: "kube-dns",
      resolvedName: "reviews.bookinfo.svc.cluster.local",
    });
  });
  it("without the Service in cluster1, the lookup fails with NXDOMAIN before Istio routes anything", () => {
    const dns = bookinfoMesh({ reviewsServiceInCluster1: false });
    const result = resolveName("reviews", { client: sidecarIn("cluster1", "bookinfo"), dns });
    expect(result.status).toBe("nxdomain");
    expect(result.failure).toEqual(
      expect.objectContaining({ code: "MW4060", symptom: "curl: (6) Could not resolve host: reviews" }),
    );
    expect(result.queried).toEqual([
      "reviews.bookinfo.svc.cluster.local",
      "reviews.svc.cluster.local",
      "reviews.cluster.local",
      "reviews",
    ]);
    expect(result.reason).toContain("not a cluster.local name");
  });
  it("helloworld.sample resolves through the search list (second query)", () => {
    const dns = bookinfoMesh({ reviewsServiceInCluster1: true });
    const result = resolveName("helloworld.sample", { client: sidecarIn("cluster1", "bookinfo"), dns });
    expect(result).toMatchObject({
      status: "ok",
      addresses: ["10.1.0.30"],
      resolvedName: "helloworld.sample.svc.cluster.local",
    });
    expect(result.explanation[1]).toContain("NXDOMAIN");
  });
  it("headless Services answer the IPs of their ready pods in the client's cluster", () => {
    const dns = bookinfoMesh({ reviewsServiceInCluster1: true });
    expect(resolveName("mysql.db", { client: sidecarIn("cluster1", "bookinfo"), dns }).addresses).toEqual([
      "10.10.0.5",
    ]);
  });
  it("invalid names and unknown clusters are reported, not thrown", () => {
    const dns = bookinfoMesh({ reviewsServiceInCluster1: true });
    expect(resolveName("bad..name", { client: sidecarIn("cluster1", "bookinfo"), dns }).failure?.code).toBe(
      "MW4062",
    );
    expect(resolveName("reviews", { client: sidecarIn("nope", "bookinfo"), dns }).failure?.code).toBe(
      "MW4063",
    );
  });
});

describe("sidecar DNS proxy (ISTIO_META_DNS_CAPTURE: BuildNameTable + agent lookup table)", () => {
  it("a remote-only Service resolves to the default address (the remote cluster's VIP)", () => {
    const dns = bookinfoMesh({ reviewsServiceInCluster1: false, dnsCapture: true });
    const result = resolveName("reviews", { client: sidecarIn("cluster1", "bookinfo"), dns });
    expect(result).toMatchObject({ status: "ok", addresses: ["10.2.0.20"], answeredBy: "istio-dns-proxy" });
    expect(result.reason).toContain("default address");
  });
  it("the proxy's own cluster VIP wins when both clusters have the Service", () => {
    const dns = bookinfoMesh({ reviewsServiceInCluster1: true, dnsCapture: true });
    expect(resolveName("reviews", { client: sidecarIn("cluster2", "bookinfo"), dns }).addresses).toEqual([
      "10.2.0.20",
    ]);
    expect(resolveName("reviews", { client: sidecarIn("cluster1", "bookinfo"), dns }).addresses).toEqual([
      "10.1.0.20",
    ]);
  });
  it("the first search-list query already hits (CNAME <name>.<ns>.svc.cluster.local → <name>)", () => {
    const dns = bookinfoMesh({ reviewsServiceInCluster1: true, dnsCapture: true });
    const result = resolveName("helloworld.sample", { client: sidecarIn("cluster1", "bookinfo"), dns });
    expect(result.resolvedName).toBe("helloworld.sample.bookinfo.svc.cluster.local");
    expect(result.reason).toContain("CNAME");
  });
  it("ServiceEntries: spec addresses, auto-allocated 240.240.0.0/16 addresses, and resolution NONE without address is not answered", () => {
    const resources = [
      istio("ServiceEntry", "bookinfo", "with-address", {
        hosts: ["db.corp"],
        addresses: ["192.168.1.10"],
        ports: [{ number: 5432, name: "tcp" }],
        resolution: "STATIC",
        endpoints: [{ address: "192.168.1.10" }],
      }),
      istio("ServiceEntry", "bookinfo", "auto", {
        hosts: ["api.partner.com"],
        ports: [{ number: 443, name: "tls", protocol: "TLS" }],
        resolution: "DNS",
      }),
      istio("ServiceEntry", "bookinfo", "passthrough", {
        hosts: ["any.example.org"],
        ports: [{ number: 443, name: "tls", protocol: "TLS" }],
        resolution: "NONE",
      }),
    ];
    const dns = bookinfoMesh({ reviewsServiceInCluster1: true, dnsCapture: true, resources });
    const client = sidecarIn("cluster1", "bookinfo");
    expect(resolveName("db.corp", { client, dns }).addresses).toEqual(["192.168.1.10"]);
    expect(resolveName("api.partner.com", { client, dns })).toMatchObject({
      addresses: ["240.240.0.1"],
      answeredBy: "istio-dns-proxy",
    });
    expect(resolveName("any.example.org", { client, dns }).status).toBe("nxdomain");
    // Without DNS capture nothing answers ServiceEntry hosts: kube-dns forwards upstream.
    const plain = bookinfoMesh({ reviewsServiceInCluster1: true, resources });
    expect(resolveName("api.partner.com", { client, dns: plain }).status).toBe("nxdomain");
  });
  it("a wildcard ServiceEntry host answers the names under it, in the sidecar and ztunnel DNS proxies alike", () => {
    const resources = [
      istio("ServiceEntry", "bookinfo", "wild", {
        hosts: ["*.wild.example.com"],
        addresses: ["192.168.7.7"],
        ports: [{ number: 443, name: "tls", protocol: "TLS" }],
        resolution: "STATIC",
        endpoints: [{ address: "192.168.7.7" }],
      }),
    ];
    const dns = bookinfoMesh({ reviewsServiceInCluster1: true, dnsCapture: true, resources });
    for (const client of [
      sidecarIn("cluster1", "bookinfo"),
      { ...sidecarIn("cluster1", "bookinfo"), dataplane: "ambient" as const },
    ]) {
      expect(resolveName("api.wild.example.com", { client, dns })).toMatchObject({
        status: "ok",
        addresses: ["192.168.7.7"],
        answeredBy: client.dataplane === "ambient" ? "ztunnel-dns" : "istio-dns-proxy",
      });
      // The wildcard stands for names under it, not for its parent.
      expect(resolveName("wild.example.com", { client, dns }).status).toBe("nxdomain");
    }
  });
  it("headless records are pod IPs of the proxy's network only (name_table.go)", () => {
    const dns = bookinfoMesh({ reviewsServiceInCluster1: true, dnsCapture: true });
    expect(resolveName("mysql.db", { client: sidecarIn("cluster1", "bookinfo"), dns }).addresses).toEqual([
      "10.10.0.5",
    ]);
  });
});

describe("ztunnel DNS (ztunnel src/dns/server.rs)", () => {
  const ambientIn = (cluster: string, namespace: string): DnsClient => ({
    cluster,
    namespace,
    dataplane: "ambient",
  });
  it("a GLOBAL service answers only VIPs on the client's network: none → empty NOERROR, curl cannot resolve", () => {
    const dns = bookinfoMesh({ reviewsServiceInCluster1: false, ambient: true });
    const result = resolveName("reviews", { client: ambientIn("cluster1", "bookinfo"), dns });
    expect(result.status).toBe("nodata");
    expect(result.answeredBy).toBe("ztunnel-dns");
    expect(result.failure?.code).toBe("MW4061");
    expect(result.reason).toContain("none on the client's network network1");
  });
  it("with the Service also in the client's cluster, its local VIP is answered", () => {
    const dns = bookinfoMesh({ reviewsServiceInCluster1: true, ambient: true });
    expect(resolveName("reviews", { client: ambientIn("cluster1", "bookinfo"), dns })).toMatchObject({
      status: "ok",
      addresses: ["10.1.0.20"],
      answeredBy: "ztunnel-dns",
    });
  });
  it("a LOCAL service of another cluster is not in the ztunnel's WDS: forwarded to kube-dns", () => {
    const dns = bookinfoMesh({ reviewsServiceInCluster1: false, ambient: false });
    expect(resolveName("reviews", { client: ambientIn("cluster1", "bookinfo"), dns }).answeredBy).not.toBe(
      "ztunnel-dns",
    );
  });
});

describe("ECS hosts (Solo ECS integration, seed 000)", () => {
  it("an ECS service of the EKS cluster resolves through ztunnel DNS from another cluster's ambient client", () => {
    const eks = cluster("eks-cluster", {
      network: "network1",
      remoteSecrets: ["aks-cluster"],
      services: [
        svc("eks-cluster", "ecs-demo-1", "echo-service", {
          origin: "ecs",
          hostname: "echo-service.ecs-demo-1.ecs.local",
          clusterIps: [],
          ports: [{ port: 8080, name: "http" }],
          labels: { "solo.io/service-scope": "global" },
        }),
      ],
    });
    const aks = cluster("aks-cluster", { network: "network2", remoteSecrets: ["eks-cluster"] });
    const m = mesh([eks, aks], "solo");
    const routing = compileRouting({ cluster: "aks-cluster", resources: [], services: eks.services });
    const dns = compileDns(m, { routingFor: () => routing });
    const result = resolveName("echo-service.ecs-demo-1.ecs.local", {
      client: { cluster: "aks-cluster", namespace: "app-a", dataplane: "ambient" },
      dns,
    });
    expect(result).toMatchObject({ status: "ok", addresses: ["240.240.0.1"], answeredBy: "ztunnel-dns" });
    // kube-dns alone never knows ecs.local names.
    const none = resolveName("echo-service.ecs-demo-1.ecs.local", {
      client: { cluster: "aks-cluster", namespace: "app-a", dataplane: "none" },
      dns,
    });
    expect(none.status).toBe("nxdomain");
  });
});

describe("Solo global hostnames (<name>.<namespace>.mesh.internal)", () => {
  const global = { "solo.io/service-scope": "global" };
  const c1 = cluster("cluster1", {
    network: "network1",
    remoteSecrets: ["cluster2"],
    services: [
      svc("cluster1", "sample", "helloworld", { ports: [{ port: 5000 }], clusterIps: ["10.1.0.30"] }),
    ],
  });
  const c2 = cluster("cluster2", {
    network: "network2",
    remoteSecrets: ["cluster1"],
    services: [
      svc("cluster2", "bookinfo", "reviews", {
        ports: [{ port: 9080 }],
        clusterIps: ["10.2.0.20"],
        labels: global,
      }),
      svc("cluster2", "sample", "helloworld", { ports: [{ port: 5000 }], clusterIps: ["10.2.0.30"] }),
    ],
  });
  const dns = dnsOf(mesh([c1, c2], "solo"));
  const ambientIn = (clusterName: string): DnsClient => ({
    cluster: clusterName,
    namespace: "sample",
    dataplane: "ambient",
  });

  it("a global Service gets a mesh.internal name: the global VIP where no local VIP exists (Solo assumption)", () => {
    const remote = resolveName("reviews.bookinfo.mesh.internal", { client: ambientIn("cluster1"), dns });
    expect(remote).toMatchObject({ status: "ok", answeredBy: "ztunnel-dns", addresses: ["240.240.0.1"] });
    const local = resolveName("reviews.bookinfo.mesh.internal", { client: ambientIn("cluster2"), dns });
    expect(local).toMatchObject({ status: "ok", answeredBy: "ztunnel-dns", addresses: ["10.2.0.20"] });
  });

  it("a Service that is not global has no mesh.internal name", () => {
    const result = resolveName("helloworld.sample.mesh.internal", { client: ambientIn("cluster1"), dns });
    expect(result.status).toBe("nxdomain");
  });
});
