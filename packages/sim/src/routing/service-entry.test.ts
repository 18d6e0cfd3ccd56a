import type { IstioKinds } from "@meshwright/core";
import { describe, expect, it } from "vitest";
import { routableFromServiceEntry, serviceEntryServices } from "./service-entry";
import { istio, pod } from "./test-fixtures";

const context = {
  cluster: "c1",
  defaultNetwork: "network1",
  workloads: [
    pod("c1", "vms", "vm-a", { app: "legacy" }, "10.1.0.5"),
    pod("c1", "other", "vm-b", { app: "legacy" }, "10.1.0.6"),
  ],
  defaultExportTo: ["*"],
};
const read = (spec: unknown, extra = {}) =>
  serviceEntryServices(
    [istio("ServiceEntry", "vms", "se", spec, extra) as IstioKinds["ServiceEntry"]],
    context,
  );

describe("ServiceEntry → registry services (serviceentry/conversion.go convertServices)", () => {
  it("one service per host; location MESH_EXTERNAL and resolution NONE by default", () => {
    const { services } = read({
      hosts: ["a.example.com", "b.example.com"],
      ports: [{ number: 443, name: "tls", protocol: "TLS" }],
    });
    expect(services.map((s) => s.key)).toEqual(["vms/a.example.com", "vms/b.example.com"]);
    expect(services[0]).toMatchObject({
      location: "MESH_EXTERNAL",
      resolution: "NONE",
      endpointSource: "none",
    });
  });
  it("a DNS ServiceEntry without endpoints resolves its own host (convertServiceEntryToInstances)", () => {
    const { services } = read({
      hosts: ["api.example.com"],
      resolution: "DNS",
      ports: [{ number: 443, name: "https", protocol: "HTTPS", targetPort: 8443 }],
    });
    expect(services[0]?.endpointSource).toBe("hostname");
    expect(services[0]?.endpoints[0]).toMatchObject({
      address: "api.example.com",
      addressKind: "hostname",
      ports: { 443: 8443 },
    });
  });
  it("endpoint ports: named endpoint port > targetPort > port; tlsMode istio when a serviceAccount is set", () => {
    const { services } = read({
      hosts: ["db.internal"],
      location: "MESH_INTERNAL",
      resolution: "STATIC",
      ports: [
        { number: 5432, name: "tcp-pg", protocol: "TCP" },
        { number: 9000, name: "http-admin", protocol: "HTTP", targetPort: 9090 },
      ],
      endpoints: [
        {
          address: "10.0.0.1",
          ports: { "tcp-pg": 6432 },
          serviceAccount: "db",
          network: "vm-net",
          locality: "us-east-1/us-east-1a",
          weight: 3,
        },
        { address: "10.0.0.2", labels: { "security.istio.io/tlsMode": "disabled" } },
      ],
    });
    const [first, second] = services[0]!.endpoints;
    expect(first).toMatchObject({
      ports: { 5432: 6432, 9000: 9090 },
      tlsMode: "istio",
      network: "vm-net",
      weight: 3,
    });
    expect(first?.locality).toEqual({ region: "us-east-1", zone: "us-east-1a", subzone: "" });
    expect(second).toMatchObject({ tlsMode: "disabled", network: "network1", weight: 1 });
  });
  it("workloadSelector selects workloads of the ServiceEntry's namespace only", () => {
    const { services } = read({
      hosts: ["legacy.internal"],
      resolution: "STATIC",
      ports: [{ number: 80, name: "http" }],
      workloadSelector: { labels: { app: "legacy" } },
    });
    expect(services[0]?.selectedWorkloads).toEqual(["c1/vms/vm-a"]);
    expect(services[0]?.endpointSource).toBe("workload-selector");
  });
  it("addresses: /32 CIDRs become IPs; invalid ones are reported", () => {
    const { services, diagnostics } = read({
      hosts: ["x.com"],
      addresses: ["1.2.3.4/32", "10.0.0.0/24", "nope"],
      ports: [{ number: 80, name: "http" }],
    });
    expect(services[0]?.addresses).toEqual(["1.2.3.4", "10.0.0.0/24"]);
    expect(diagnostics.map((d) => d.code)).toEqual(["MW4032"]);
  });
  it("reports missing hosts, STATIC without endpoints, endpoints with selector, malformed fields", () => {
    expect(read({ ports: [{ number: 80, name: "http" }] }).diagnostics.map((d) => d.code)).toEqual([
      "MW4030",
    ]);
    expect(
      read({ hosts: ["s.com"], resolution: "STATIC", ports: [{ number: 80, name: "h" }] }).diagnostics.map(
        (d) => d.code,
      ),
    ).toEqual(["MW4033"]);
    expect(
      read({
        hosts: ["s.com"],
        resolution: "STATIC",
        ports: [{ number: 80, name: "h" }],
        endpoints: [{ address: "1.1.1.1" }],
        workloadSelector: { labels: { a: "b" } },
      }).diagnostics.map((d) => d.code),
    ).toEqual(["MW4034"]);
    const malformed = read({ hosts: "not-a-list", ports: [{ number: 80, name: "h" }] });
    expect(malformed.diagnostics.map((d) => d.code)).toEqual(["MW4001", "MW4030"]);
    expect(malformed.diagnostics[0]?.path).toBe("$.spec.hosts");
  });
  it("reads status.addresses written by istiod's IP allocator", () => {
    const { services } = read(
      { hosts: ["x.com"], resolution: "DNS", ports: [{ number: 80, name: "http" }] },
      { status: { addresses: [{ host: "x.com", value: "240.240.0.7" }] } },
    );
    expect(services[0]?.statusAddresses).toEqual(["240.240.0.7"]);
  });
  it("routing view: ServiceEntry ports declare their protocol (the port name is not parsed)", () => {
    const { services } = read({
      hosts: ["x.com"],
      ports: [
        { number: 80, name: "http-web" },
        { number: 443, name: "x", protocol: "HTTPS" },
      ],
    });
    const routable = routableFromServiceEntry(services[0]!, ["240.240.0.1"]);
    expect(routable.ports.map((p) => p.traffic)).toEqual(["sniffed", "tls"]);
    expect(routable.addresses).toEqual(["240.240.0.1"]);
  });
});
