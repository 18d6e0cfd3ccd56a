import { describe, expect, it } from "vitest";
import type { AmbientNetworkGateway } from "./ambient-gateway";
import type { AmbientService } from "./ambient-registry";
import { ambientWorkloadsForService } from "./ambient-workloads";
import { ambientService, ambientWorkload, service } from "./test-support";

const echo = service("echo-service", "app-a", { cluster: "aks" });
const globalEcho = ambientService(echo, "GLOBAL", ["aks", "eks"], "labelled");
const gateway = (name: string, network: string, cluster: string, ip: string): AmbientNetworkGateway => ({
  network,
  cluster,
  namespace: "istio-system",
  name,
  address: { ip },
  hbonePort: 15008,
  serviceAccount: name,
  identity: `spiffe://cluster.local/ns/istio-system/sa/${name}`,
  resourceName: `istio-system/${name}/${ip}`,
});
const ctx = {
  localNetwork: "aks-net",
  gateways: [
    gateway("eastwest", "eks-net", "eks", "3.3.3.3"),
    gateway("eastwest2", "eks-net", "eks", "4.4.4.4"),
  ],
  trustDomain: "cluster.local",
};

describe("multicluster.go coalescedWorkloads / networkLocalWorkloads (istio-semantics §3.5)", () => {
  const workloads = [
    ambientWorkload("aks/app-a/echo-1", "aks-net"),
    ambientWorkload("eks/app-a/echo-2", "eks-net", { serviceAccount: "echo-eks" }),
    ambientWorkload("eks/app-a/echo-3", "eks-net", { serviceAccount: "echo-eks", health: "unhealthy" }),
    ambientWorkload("eks/app-a/echo-4", "eks-net", { serviceAccount: "echo-eks" }),
  ];

  it("local-network workloads as-is; each remote network coalesced into one workload with capacity = pod count", () => {
    const result = ambientWorkloadsForService(globalEcho, workloads, ctx);
    expect(result.local).toEqual(["aks/app-a/echo-1"]);
    expect(result.splitHorizon).toEqual([
      {
        uid: "eks-net/SplitHorizonWorkload/istio-system/eastwest/3.3.3.3/app-a/echo-service.app-a.svc.cluster.local",
        network: "eks-net",
        cluster: "eks",
        service: globalEcho.key,
        capacity: 3,
        members: ["eks/app-a/echo-2", "eks/app-a/echo-3", "eks/app-a/echo-4"],
        healthyMembers: 2,
        tunnelProtocol: "HBONE",
        networkGateway: ctx.gateways[0],
      },
    ]);
    expect(result.decisions.map((d) => d.action)).toEqual(["as-is", "coalesced", "coalesced", "coalesced"]);
  });

  it("the service's SANs gain the remote workloads' identities (minted with the local trust domain)", () => {
    const result = ambientWorkloadsForService(globalEcho, workloads, { ...ctx, trustDomain: "aks.local" });
    expect(result.subjectAltNames).toEqual(["spiffe://aks.local/ns/app-a/sa/echo-eks"]);
  });

  it("remote network without an ambient E/W gateway: no workload (unreachable), MW4630", () => {
    const result = ambientWorkloadsForService(globalEcho, workloads, { ...ctx, gateways: [] });
    expect(result.splitHorizon).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["MW4630"]);
    expect(result.decisions[1]).toMatchObject({
      action: "dropped",
      reason: expect.stringMatching(/no ambient E\/W gateway/),
    });
  });

  it("LOCAL service: remote-network workloads are never sent; other clusters' workloads do not count", () => {
    const local: AmbientService = { ...globalEcho, scope: "LOCAL", clusters: ["aks"] };
    const result = ambientWorkloadsForService(
      local,
      [
        ...workloads,
        ambientWorkload("aks/app-a/echo-9", "other-net"),
        ambientWorkload("aks2/app-a/echo-5", "aks-net"),
      ],
      ctx,
    );
    expect(result.local).toEqual(["aks/app-a/echo-1"]);
    expect(result.splitHorizon).toEqual([]);
    expect(result.subjectAltNames).toEqual([]);
    const reasons = new Map(result.decisions.map((d) => [d.workload, d.reason]));
    expect(reasons.get("eks/app-a/echo-2")).toMatch(/does not contribute/);
    expect(reasons.get("aks/app-a/echo-9")).toMatch(/LOCAL/);
    expect(reasons.get("aks2/app-a/echo-5")).toMatch(/does not contribute/);
  });
});
