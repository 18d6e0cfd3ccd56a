import { describe, expect, it } from "vitest";
import { compileRouting } from "./compile-routing";
import { istio, svc } from "./test-fixtures";

const mongo = svc("c1", "db", "mongo", {
  ports: [{ port: 27017, name: "tcp-mongo" }],
  clusterIps: ["10.96.2.1"],
});
const web = svc("c1", "web", "site", { ports: [{ port: 443, name: "https" }], clusterIps: ["10.96.2.2"] });
const sniffed = svc("c1", "web", "plain", {
  ports: [{ port: 8080, name: "web" }],
  clusterIps: ["10.96.2.3"],
});
const client = { namespace: "app", labels: { app: "client", "topology.istio.io/cluster": "c1" } };
const compile = (resources: ReturnType<typeof istio>[]) =>
  compileRouting({ cluster: "c1", resources, services: [mongo, web, sniffed] }, { seed: 3 });

describe("TCP routing (buildSidecarOutboundTCPFilterChainOpts, matchTCP)", () => {
  it("a TCP port takes tcp routes even for an HTTP request: no L7 routing", () => {
    const routing = compile([
      istio("VirtualService", "db", "mongo", {
        hosts: ["mongo"],
        http: [{ route: [{ destination: { host: "nowhere" } }] }],
        tcp: [
          {
            match: [{ port: 27017, sourceLabels: { app: "client" } }],
            route: [{ destination: { host: "mongo", port: { number: 27017 } } }],
          },
        ],
      }),
    ]);
    const result = routing.route(client, {
      authority: "mongo.db:27017",
      port: 27017,
      destinationAddress: "10.96.2.1",
    });
    expect(result).toMatchObject({ outcome: "forward", protocol: "tcp", route: { index: 0, matchIndex: 0 } });
    expect(result.explanation.join(" ")).toContain("declared TCP");
  });
  it("destinationSubnets match the destination address at connection time", () => {
    const routing = compile([
      istio("VirtualService", "db", "mongo", {
        hosts: ["mongo"],
        tcp: [
          {
            match: [{ destinationSubnets: ["10.200.0.0/16"] }],
            route: [{ destination: { host: "nowhere" } }],
          },
          { route: [{ destination: { host: "mongo" } }] },
        ],
      }),
    ]);
    const result = routing.route(client, {
      authority: "10.96.2.1:27017",
      port: 27017,
      destinationAddress: "10.96.2.1",
      protocol: "tcp",
    });
    expect(result.route?.index).toBe(1);
    expect(result.picked?.cluster).toBe("outbound|27017||mongo.db.svc.cluster.local");
  });
  it("sourceLabels that do not hold skip the route; without a matching route the default cluster is used", () => {
    const routing = compile([
      istio("VirtualService", "db", "mongo", {
        hosts: ["mongo"],
        tcp: [{ match: [{ sourceLabels: { app: "other" } }], route: [{ destination: { host: "nowhere" } }] }],
      }),
    ]);
    const result = routing.route(client, { authority: "mongo.db:27017", port: 27017, protocol: "tcp" });
    expect(result.virtualService).toBeUndefined();
    expect(result.picked?.cluster).toBe("outbound|27017||mongo.db.svc.cluster.local");
  });
  it("opaque traffic on an undeclared (sniffed) port is proxied as TCP", () => {
    const result = compile([]).route(client, { authority: "plain.web:8080", port: 8080, protocol: "tcp" });
    expect(result.protocol).toBe("tcp");
    expect(result.explanation.join(" ")).toContain("protocol sniffing");
  });
  it("unknown TCP destinations go to PassthroughCluster", () => {
    expect(
      compile([]).route(client, { authority: "1.2.3.4:5432", port: 5432, protocol: "tcp" }).outcome,
    ).toBe("passthrough");
  });
});

describe("TLS routing by SNI (buildSidecarOutboundTLSFilterChainOpts, matchTLS)", () => {
  const vs = istio("VirtualService", "web", "site", {
    hosts: ["site"],
    tls: [
      {
        match: [{ port: 443, sniHosts: ["*.example.com"] }],
        route: [{ destination: { host: "plain", port: { number: 8080 } } }],
      },
      {
        match: [{ port: 443, sniHosts: ["site.web.svc.cluster.local"] }],
        route: [{ destination: { host: "site" } }],
      },
    ],
  });
  const routing = compile([vs]);
  it("the first tls route whose sniHosts match wins (wildcards by suffix)", () => {
    const a = routing.route(client, {
      authority: "site.web:443",
      port: 443,
      protocol: "tls",
      sni: "api.example.com",
    });
    expect(a.route?.index).toBe(0);
    const b = routing.route(client, {
      authority: "site.web:443",
      port: 443,
      protocol: "tls",
      sni: "site.web.svc.cluster.local",
    });
    expect(b.picked?.cluster).toBe("outbound|443||site.web.svc.cluster.local");
  });
  it("tls routes that apply but match no SNI leave no filter chain: connection closed", () => {
    const result = routing.route(client, {
      authority: "site.web:443",
      port: 443,
      protocol: "tls",
      sni: "other.org",
    });
    expect(result.outcome).toBe("route-not-found");
  });
  it("without tls routes the default cluster carries the connection", () => {
    const result = compile([]).route(client, { authority: "site.web:443", port: 443, protocol: "tls" });
    expect(result.picked?.cluster).toBe("outbound|443||site.web.svc.cluster.local");
  });
});
