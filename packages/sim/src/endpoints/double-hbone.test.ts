import { describe, expect, it } from "vitest";
import type { AmbientNetworkGateway } from "./ambient-gateway";
import { doubleHboneTargets } from "./double-hbone";

const gw = (address: AmbientNetworkGateway["address"], hbonePort = 15008): AmbientNetworkGateway => ({
  network: "remote",
  cluster: "cluster1",
  namespace: "istio-system",
  name: "ew-gtw",
  address,
  hbonePort,
  serviceAccount: "ew-gtw",
  identity: "spiffe://cluster.local/ns/istio-system/sa/ew-gtw",
  resourceName: "istio-system/ew-gtw/x",
});
const service = {
  hostname: "example.com",
  port: 80,
  subjectAltNames: ["spiffe://cluster.local/ns/default/sa/remote"],
};
const targets = (networkGateway: AmbientNetworkGateway | undefined, clientFamily?: "IPv4" | "IPv6") => {
  const result = doubleHboneTargets({
    sourceNetwork: "local",
    service,
    networkGateway,
    ...(clientFamily ? { clientFamily } : {}),
  });
  if ("diagnostic" in result) throw new Error(result.diagnostic.message);
  return result.targets;
};

describe("ztunnel outbound.rs build_request_double_hbone", () => {
  it("gateway by IP: outer target gwIP:hbone_mtls_port (10.22.1.1:15009), authority example.com:80 on both layers", () => {
    const t = targets(gw({ ip: "10.22.1.1" }, 15009));
    expect(t.outer).toMatchObject({ target: "10.22.1.1:15009", authority: "example.com:80", headers: {} });
    expect(t.inner.authority).toBe("example.com:80");
  });

  it("gateway by Service hostname: port mapped 15009→15008 on the gateway workload (127.0.0.5:15008)", () => {
    const t = targets(
      gw({ hostname: "ew-gtw", resolvesTo: ["127.0.0.5"], portMap: { 15009: 15008 } }, 15009),
    );
    expect(t.outer.target).toBe("127.0.0.5:15008");
  });

  it("outer session verifies the gateway identity, inner the service SANs; x-forwarded-network only inner", () => {
    const t = targets(gw({ ip: "10.22.1.1" }));
    expect(t.outer.expectedIdentities).toEqual(["spiffe://cluster.local/ns/istio-system/sa/ew-gtw"]);
    expect(t.inner.expectedIdentities).toEqual(service.subjectAltNames);
    expect(t.inner.headers).toEqual({ "x-forwarded-network": "local" });
    expect(t.outer.headers).toEqual({});
  });

  it("NLB hostname: ztunnel resolves it, preferring the client's family, port kept (IPv6 bracketed)", () => {
    const address = { hostname: "nlb.elb.amazonaws.com", resolvesTo: ["3.3.3.3", "2600:1f18::7"] };
    expect(targets(gw(address)).outer.target).toBe("3.3.3.3:15008");
    expect(targets(gw(address), "IPv6").outer.target).toBe("[2600:1f18::7]:15008");
  });

  it("no network gateway: error, never direct (MW4631)", () => {
    const result = doubleHboneTargets({ sourceNetwork: "local", service, networkGateway: undefined });
    expect("diagnostic" in result && result.diagnostic.code).toBe("MW4631");
  });

  it("unresolvable hostname, or a Service without the HBONE port: MW4632", () => {
    for (const address of [
      { hostname: "gone.example", resolvesTo: [] },
      { hostname: "ew-gtw", resolvesTo: ["127.0.0.5"], portMap: { 15443: 15443 } },
    ]) {
      const result = doubleHboneTargets({ sourceNetwork: "local", service, networkGateway: gw(address) });
      expect("diagnostic" in result && result.diagnostic.code).toBe("MW4632");
    }
  });
});
