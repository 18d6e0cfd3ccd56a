import { describe, expect, it } from "vitest";
import { authorize } from "./authorize";
import { sourceIpSeenByServer } from "./source-ip";
import { ap, req } from "./test-helpers";

describe("source IP across networks (istio-semantics §2.10, rule 19)", () => {
  const client = { ip: "10.10.0.5", network: "eks" };

  it("a direct connection keeps the client address", () => {
    const seen = sourceIpSeenByServer({ client, server: { network: "eks" } });
    expect(seen).toMatchObject({ ip: "10.10.0.5", preservesClientIp: true });
  });

  it("through an east-west gateway the server sees the gateway's pod address", () => {
    const gateway = {
      kind: "east-west-gateway" as const,
      name: "istio-eastwestgateway",
      ip: "10.20.0.9",
      network: "aks",
    };
    const seen = sourceIpSeenByServer({ client, server: { network: "aks" }, via: [gateway] });
    expect(seen).toMatchObject({ ip: "10.20.0.9", preservesClientIp: false, rewrittenBy: gateway });
  });

  it("the last TCP-terminating hop wins (waypoint after gateway)", () => {
    const seen = sourceIpSeenByServer({
      client,
      server: { network: "aks" },
      via: [
        { kind: "east-west-gateway", name: "ewgw", ip: "10.20.0.9" },
        { kind: "waypoint", name: "waypoint", ip: "10.20.0.30" },
      ],
    });
    expect(seen.ip).toBe("10.20.0.30");
  });

  it("so an ipBlocks rule on the client's address stops matching across networks, while identity still does", () => {
    const seen = sourceIpSeenByServer({
      client,
      server: { network: "aks" },
      via: [{ kind: "east-west-gateway", name: "ewgw", ip: "10.20.0.9" }],
    });
    const byIp = [ap("app-a/by-ip", { rules: [{ from: [{ source: { ipBlocks: ["10.10.0.0/16"] } }] }] })];
    const byNs = [ap("app-a/by-ns", { rules: [{ from: [{ source: { namespaces: ["default"] } }] }] })];
    const request = req({ principal: "cluster.local/ns/default/sa/eks-shell", sourceIp: seen.ip });
    const workload = { namespace: "app-a", labels: {} };
    expect(authorize({ resources: byIp, workload, enforcer: "ztunnel", request }).decision).toBe("DENY");
    expect(authorize({ resources: byNs, workload, enforcer: "ztunnel", request }).decision).toBe("ALLOW");
  });

  it("reports unparseable addresses", () => {
    const seen = sourceIpSeenByServer({ client: { ip: "eks-pod", network: "a" }, server: { network: "a" } });
    expect(seen.diagnostics.map((d) => d.code)).toEqual(["MW6040"]);
  });
});
